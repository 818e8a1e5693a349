//===- StaleElementReference.h - element references an insertion leaves dangling ===//
//
// An index loop keeps no iterator, so growing the vector it walks is fine;
// what breaks is a reference or pointer to an element taken before the
// growth and used after it in the same iteration:
//   for (size_t i = 0; i < v.size(); ++i) { auto &e = v[i]; v.push_back(x); e.n = 1; }
// Finds, in one loop body, such a reference (`auto &e = v[i]`, `v.at(i)`,
// `v.front()`, `v.back()`) or pointer (`&v[i]`, `v.data()`), a later insertion
// into the same container that may reallocate it, and a use of the variable
// after the insertion on some CFG path that does not first declare it anew.
//
// Limits: the variable is declared in the loop body and the insertion is a
// direct member call there (no helpers); vector-like containers (reallocation)
// and deque insertion in the middle only.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_STALEELEMENTREFERENCE_H
#define MAPSAFETY_STALEELEMENTREFERENCE_H

#include "mapsafety/containers/ContainerModel.h"
#include <vector>

namespace clang {
class Decl;
class Expr;
class Stmt;
class VarDecl;
} // namespace clang

namespace mapsafety {

class AnalysisSession;

/// A reference or pointer to an element, the insertion that may move the
/// element, and the use of the variable after it.
struct StaleElementUse {
  const clang::VarDecl *Var = nullptr;
  const clang::Expr *Mutation = nullptr;
  /// The container as written at the mutation.
  const clang::Expr *MutatedObject = nullptr;
  MutationKind Kind = MutationKind::None;
  ContainerTraits Traits;
  const clang::Expr *Use = nullptr;
};

/// The stale uses in Body (a loop body in Function), in source order of the
/// declarations. Returns only what it can prove on Function's CFG.
std::vector<StaleElementUse> findStaleElementUses(const clang::Stmt *Body,
                                                  const clang::Decl *Function,
                                                  const ContainerModel &Model,
                                                  AnalysisSession &Session);

} // namespace mapsafety

#endif
