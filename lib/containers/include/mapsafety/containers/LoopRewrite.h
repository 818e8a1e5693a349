//===- LoopRewrite.h - provably equivalent rewrites of erase-in-loop --------===//
//
// Builds the text edits for the two rewrites we can prove equivalent:
//  1. an iterator loop whose body is exactly `if (P) C.erase(it);` and whose
//     increment is `++it` (in the for header, or the statement after the if):
//     `if (P) it = C.erase(it); else ++it;` with the increment moved there,
//     the else laid out as the if is (line breaks, braces, indentation);
//  2. under C++20, a range-for over a std container with unique keys whose body
//     is exactly `if (P) C.erase(<key of the current element>);`:
//     `std::erase_if(C, [&](<loop variable>) { return P; });`.
// Anything else gets no edit: an empty result means "no safe rewrite".
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_LOOPREWRITE_H
#define MAPSAFETY_LOOPREWRITE_H

#include "mapsafety/containers/IteratedContainer.h"
#include "mapsafety/containers/LoopMutationFinder.h"
#include "mapsafety/support/SourceText.h"
#include "clang/Basic/SourceLocation.h"
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Stmt;
} // namespace clang

namespace mapsafety {

/// Replace Range with Replacement (an empty range at a location inserts).
struct TextEdit {
  clang::CharSourceRange Range;
  std::string Replacement;
};

/// The loop's text is compiled once, as written (no macro, no template
/// around it), so an edit to it changes exactly this loop.
bool writtenOnce(const LoopIteration &Loop);

/// The single statement of S, braces removed; null when a block holds several.
const clang::Stmt *onlyStatement(const clang::Stmt *S);

/// Rewrite 1 above (never inside macros or template instantiations); empty when the loop does not
/// have exactly that shape.
std::vector<TextEdit> rewriteEraseThenIncrement(const LoopIteration &Loop,
                                                const LoopMutation &Mutation,
                                                clang::ASTContext &Ctx);

/// Rewrite 2 above; empty when not applicable.
std::vector<TextEdit> rewriteAsEraseIf(const LoopIteration &Loop, const LoopMutation &Mutation,
                                       clang::ASTContext &Ctx);

} // namespace mapsafety

#endif
