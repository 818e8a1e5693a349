//===- LoopMutationFinder.h - mutations of the container a loop iterates ----===//
//
// Given a loop that iterates a container (IteratedContainer.h), finds the
// structural mutations of that same container inside the loop body, directly
// or one call level down (a helper taking the container by reference or
// pointer, a member function mutating the member the loop iterates, or a
// lambda that captured the container by reference), and keeps those after
// which the loop's iterator is used again (InvalidationFlow.h).
//
// Limits: one level of calls, callee bodies in the same translation unit,
// lambda bodies reached only through a call in the loop.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_LOOPMUTATIONFINDER_H
#define MAPSAFETY_LOOPMUTATIONFINDER_H

#include "mapsafety/containers/ContainerModel.h"
#include "mapsafety/containers/InvalidationFlow.h"
#include "mapsafety/containers/IteratedContainer.h"
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class Expr;
class FunctionDecl;
} // namespace clang

namespace mapsafety {

class AnalysisSession;

/// One mutation that invalidates (or, for ordered insertion, perturbs) a loop.
struct LoopMutation {
  /// The mutating expression (a call, an assignment, std::move(...)).
  const clang::Expr *Mutation = nullptr;
  /// The expression naming the container at the mutation (its spelling is shown).
  const clang::Expr *MutatedObject = nullptr;
  /// MutatedObject is a pointer (`p->erase(k)`).
  bool ObjectIsPointer = false;
  MutationKind Kind = MutationKind::None;
  Invalidation Effect = Invalidation::None;
  /// Set when Mutation is inside a function called from the loop body.
  const clang::Expr *HelperCall = nullptr;
  const clang::FunctionDecl *Helper = nullptr;
  /// For iterator loops: the first use of the invalidated iterator afterwards.
  const clang::Expr *IteratorUse = nullptr;
};

/// What to look for.
struct LoopMutationOptions {
  /// Insertion into node-based ordered containers (std::map) is well defined;
  /// report it only when asked (the new element may or may not be visited).
  bool ReportInsertIntoOrderedContainers = false;
  /// Look one call level down into helpers defined in the translation unit.
  bool FollowHelperCalls = true;
};

/// Finds mutations of the iterated container; stateless apart from caches.
class LoopMutationFinder {
public:
  /// CFGs of the loops' functions come from Session.
  LoopMutationFinder(AnalysisSession &Session, const ContainerModel &Model,
                     LoopMutationOptions Options);

  /// The mutations of Loop's container that the loop outlives, in source order.
  std::vector<LoopMutation> find(const LoopIteration &Loop);

private:
  const ContainerModel &Model;
  LoopMutationOptions Options;
  AnalysisSession &Session;
  clang::ASTContext &Ctx;
};

} // namespace mapsafety

#endif
