//===- SequenceEraseIf.h - std::erase_if for erase-in-loop over a sequence --===//
//
// Under C++20, an iterator loop over a standard sequence container (vector,
// basic_string, deque, list)
//   for (auto it = C.begin(); it != C.end(); ++it)
//     if (P) C.erase(it);
// means "erase every element for which P holds", which
//   std::erase_if(C, [&](auto &elem_) { return P'; });
// does in one pass (P' is P with `*it` as `elem_` and `it->m` as `elem_.m`).
// The rewrite is offered only where that is provably the same: `it` is
// declared by the loop (nothing sees it after), P names the element only
// through `*it` / `it->`, and P cannot observe the container or change
// anything (no assignment, no call but a const member function of the
// element, no reference, pointer, global, `this` or other iterator use), so
// evaluating it once per element in any order, on elements not yet moved,
// gives the loop's answers.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_SEQUENCEERASEIF_H
#define MAPSAFETY_SEQUENCEERASEIF_H

#include "mapsafety/containers/LoopRewrite.h"

namespace mapsafety {

/// The edit replacing Loop with `std::erase_if(C, ...)`, or empty when the
/// language is below C++20, the container is not a std sequence, or the loop
/// and P do not have exactly the shape above (never in macros or templates).
std::vector<TextEdit> rewriteSequenceLoopAsEraseIf(const LoopIteration &Loop,
                                                   const LoopMutation &Mutation,
                                                   clang::ASTContext &Ctx);

} // namespace mapsafety

#endif
