//===- IteratingAlgorithm.h - algorithms that run a callable per element ----===//
//
// `std::for_each(c.begin(), c.end(), f)` iterates `c` exactly like a range-for
// whose body is f's: the algorithm holds an iterator into `c` while f runs and
// advances it when f returns. Recognises the algorithms that call their
// callables for every element and never stop early (so that any mutation of
// `c` by a callable that returns is followed by a use of the algorithm's
// iterator): `for_each`, `transform` and `count_if` in `std::`, as the
// `std::ranges::` function objects, and as `absl::c_` container algorithms.
//
// Only lambdas are followed: the closure type fixes the body that runs (for a
// generic lambda, the instantiation taking the container's element). A
// function pointer, `std::function` or functor argument is unknown: no
// iteration is returned for it.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_ITERATINGALGORITHM_H
#define MAPSAFETY_ITERATINGALGORITHM_H

#include "mapsafety/containers/IteratedContainer.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
} // namespace clang

namespace mapsafety {

/// Qualified names of the algorithm functions (`::std::for_each`,
/// `::absl::c_for_each`...), for a callee matcher.
std::vector<llvm::StringRef> iteratingAlgorithmFunctions();
/// Qualified names of the `std::ranges` algorithm objects, whose calls are
/// calls of their `operator()`.
std::vector<llvm::StringRef> iteratingAlgorithmObjects();

/// One iteration per lambda argument of Call when Call is one of the
/// algorithms above over a container the model knows (`c.begin(), c.end()`,
/// `std::begin(c), std::end(c)`, or the container itself for the range
/// forms). Each has Loop = Call, Callable = the lambda's call operator (its
/// definition in user code), Body = its body, LoopVar = its first
/// parameter, no IteratorVar. Empty otherwise.
std::vector<LoopIteration> findIteratingAlgorithm(const clang::CallExpr *Call,
                                                  const ContainerModel &Model,
                                                  clang::ASTContext &Ctx);

} // namespace mapsafety

#endif
