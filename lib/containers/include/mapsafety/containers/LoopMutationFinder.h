//===- LoopMutationFinder.h - mutations of the container a loop iterates ----===//
//
// Given a loop that iterates a container (IteratedContainer.h), finds the
// structural mutations of that same container inside the loop body, directly
// or down a chain of calls (a helper taking the container by reference or
// pointer, a member function mutating the member the loop iterates, or a
// lambda that captured the container by reference), and keeps those after
// which the loop's iterator is used again (InvalidationFlow.h). A helper's
// mutation is judged at the call in the loop: that is where it happens for
// the loop, and where the user changes code.
//
// Limits: HelperCallDepth levels of calls, never into a function already on
// the chain (recursion); callee bodies in the same translation unit; lambda
// bodies reached only through a call.
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
class ConditionalOperator;
class Expr;
class FunctionDecl;
} // namespace clang

namespace mapsafety {

class AnalysisSession;

/// One call on the way from the loop body to a helper's mutation.
struct HelperCallStep {
  const clang::Expr *Call = nullptr;           ///< the call expression (in the caller)
  const clang::FunctionDecl *Helper = nullptr; ///< the function it calls (its definition)
};

/// One mutation that invalidates (or, for ordered insertion, perturbs) a loop.
struct LoopMutation {
  /// The mutating expression (a call, an assignment, std::move(...)).
  const clang::Expr *Mutation = nullptr;
  /// The expression naming the container at the mutation (its spelling is shown).
  const clang::Expr *MutatedObject = nullptr;
  /// MutatedObject is a pointer (`p->erase(k)`).
  bool ObjectIsPointer = false;
  /// When the mutated object is a conditional (`(f ? a : b).erase(k)`) that
  /// may name the container: that conditional; MutatedObject is then the
  /// branch that names it.
  const clang::ConditionalOperator *Conditional = nullptr;
  MutationKind Kind = MutationKind::None;
  Invalidation Effect = Invalidation::None;
  /// When Mutation is inside a function called from the loop body: the calls
  /// leading there, the one in the loop body first. Empty otherwise.
  llvm::SmallVector<HelperCallStep, 2> Chain;
  /// The call in the loop body that leads to Mutation, or null.
  const clang::Expr *helperCall() const { return Chain.empty() ? nullptr : Chain.front().Call; }
  /// For iterator loops: the first use of the invalidated iterator afterwards.
  const clang::Expr *IteratorUse = nullptr;
};

/// What to look for.
struct LoopMutationOptions {
  /// Insertion into node-based ordered containers (std::map) is well defined;
  /// report it only when asked (the new element may or may not be visited).
  bool ReportInsertIntoOrderedContainers = false;
  /// How many call levels to follow into helpers defined in the translation
  /// unit (0: none).
  unsigned HelperCallDepth = 3;
  /// In a range-for (or an algorithm's callable) over an associative container
  /// whose erase invalidates only the erased element, also report erasing a
  /// key or position not known to be the current element's (it may equal it).
  bool ReportEraseOfUnrelatedKey = false;
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
