//===- MutationInRangeLoopCheck.cpp - mapsafety-mutation-in-range-loop -----===//
//
// What: a structural mutation (erase, insert, clear, swap, assignment...) of a
// container inside a loop that iterates that same container, when the loop's
// iterator (or a reference to an element) is used again afterwards. How
// (headers in lib/containers/include/mapsafety/containers/): IteratedContainer.h
// finds the iterated container, IteratingAlgorithm.h the algorithms that run a
// lambda per element (std::for_each...), LoopMutationFinder.h the mutations of
// it in the body and in the helpers it calls (InvalidationFlow.h: is the
// iterator used again?), StaleElementReference.h the element references an
// index loop leaves dangling, LoopRewrite.h the rewrites that are provably
// equivalent. This file only matches loops and words the diagnostics.
//
//===----------------------------------------------------------------------===//
#include "MutationInRangeLoopCheck.h"
#include "OptionValidation.h"
#include "mapsafety/containers/IteratedContainer.h"
#include "mapsafety/containers/IteratingAlgorithm.h"
#include "mapsafety/containers/LoopRewrite.h"
#include "mapsafety/containers/SequenceEraseIf.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang::ast_matchers;
using namespace ::mapsafety;

namespace clang::tidy::mapsafety {

namespace {
StringRef actionText(MutationKind Kind) {
  switch (Kind) {
  case MutationKind::Erase:
    return "erasing from";
  case MutationKind::Extract:
    return "extracting from";
  case MutationKind::Insert:
  case MutationKind::InsertAtEnd:
    return "inserting into";
  case MutationKind::Resize:
    return "resizing";
  case MutationKind::MergeInto:
    return "merging into";
  case MutationKind::MergeOutOf:
    return "moving elements out of";
  case MutationKind::Rehash:
    return "rehashing";
  case MutationKind::Clear:
    return "clearing";
  case MutationKind::Assign:
    return "assigning to";
  case MutationKind::MoveFrom:
    return "moving from";
  case MutationKind::Swap:
    return "swapping";
  case MutationKind::None:
    break;
  }
  return "mutating";
}

/// Why this mutation breaks the loop, for this container family.
std::string consequenceText(const LoopMutation &M, const ContainerTraits &Traits) {
  const std::string &Lib = Traits.LibraryName;
  switch (M.Kind) {
  case MutationKind::Erase:
  case MutationKind::Extract:
    if (M.Effect == Invalidation::FromPoint)
      return Lib + " erase shifts the later elements and invalidates every iterator from the "
                   "erased one on, including the loop's";
    if (M.Effect == Invalidation::All)
      return Lib + " erase invalidates every iterator, including the loop's";
    return Lib + " invalidates the erased element's iterator, which the loop then uses";
  case MutationKind::InsertAtEnd:
    if (Traits.Family == ContainerFamily::Deque)
      return Lib + " invalidates every iterator (though not references) when it grows at either "
                   "end, including the loop's";
    [[fallthrough]];
  case MutationKind::Insert:
  case MutationKind::MergeInto:
    if (M.Effect == Invalidation::FromPoint)
      return Lib + " shifts the later elements on insertion and invalidates every iterator from "
                   "the insertion point on";
    if (Traits.isSequence())
      return Lib + " may reallocate on insertion and invalidate every iterator, including the "
                   "loop's";
    if (M.Effect == Invalidation::VisitOrder)
      return Lib + " keeps iterators valid, but whether the loop visits the new element "
                   "depends on its key";
    if (Traits.Family == ContainerFamily::NodeHash)
      return Lib + " may rehash on insertion and invalidate every iterator, including the loop's";
    return Lib + " may move elements on insertion and invalidate every iterator, including the "
                 "loop's";
  case MutationKind::Rehash:
    return Lib + " rehash invalidates every iterator, including the loop's";
  case MutationKind::Resize:
    return Lib + " may reallocate when resized and invalidate every iterator, including the "
                 "loop's";
  case MutationKind::Clear:
    return "clear destroys every element, including the one the loop is on";
  case MutationKind::Assign:
    return "assignment destroys every element, including the one the loop is on";
  case MutationKind::MoveFrom:
    return "moving from it leaves the loop's iterators without a container";
  case MutationKind::Swap:
    return "swap leaves the loop's iterators pointing into the other container";
  case MutationKind::MergeOutOf:
    return "merge moves its elements into another container, out from under the loop's "
           "iterator";
  case MutationKind::None:
    break;
  }
  return "the loop's iterator is invalidated";
}
/// A helper as the notes name it: 'drop_session', or the lambda.
std::string helperName(const FunctionDecl *Helper) {
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Helper);
      Method && Method->getParent()->isLambda())
    return "the lambda";
  return "'" + Helper->getNameAsString() + "'";
}

/// The container as the mutation spells it; `*p` for a pointer, the smart
/// pointer of `p->erase()` included.
std::string mutatedName(const LoopMutation &M, ASTContext &Ctx) {
  const Expr *Object = M.MutatedObject;
  if (!M.ObjectIsPointer)
    return displayText(Object, Ctx);
  if (const auto *Arrow = dyn_cast<CXXOperatorCallExpr>(Object->IgnoreParenImpCasts());
      Arrow && Arrow->getOperator() == OO_Arrow && Arrow->getNumArgs() == 1)
    Object = Arrow->getArg(0);
  return "*" + displayText(Object, Ctx);
}
} // namespace

MutationInRangeLoopCheck::MutationInRangeLoopCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ContainerTypes(Context, Name, Options.get("ExtraContainerTypes", ""),
                     ContainerScope::WithSequences),
      ReportInsertIntoOrderedContainers(Options.get("ReportInsertIntoOrderedContainers", false)),
      FollowHelperCalls(Options.get("FollowHelperCalls", true)),
      HelperCallDepth(Options.get("HelperCallDepth", 3U)),
      ReportEraseOfUnrelatedKey(Options.get("ReportEraseOfUnrelatedKey", false)) {
  diagnoseUnknownOptions(Context, Name,
                         {"ExtraContainerTypes", "ReportInsertIntoOrderedContainers",
                          "FollowHelperCalls", "HelperCallDepth", "ReportEraseOfUnrelatedKey"});
}

void MutationInRangeLoopCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ExtraContainerTypes", ContainerTypes.value());
  Options.store(Opts, "ReportInsertIntoOrderedContainers", ReportInsertIntoOrderedContainers);
  Options.store(Opts, "FollowHelperCalls", FollowHelperCalls);
  Options.store(Opts, "HelperCallDepth", HelperCallDepth);
  Options.store(Opts, "ReportEraseOfUnrelatedKey", ReportEraseOfUnrelatedKey);
}

void MutationInRangeLoopCheck::registerMatchers(MatchFinder *Finder) {
  // Every loop that can keep an iterator across iterations; which container it
  // iterates, if any, is decided by findIteratedContainer.
  Finder->addMatcher(cxxForRangeStmt(unless(isExpansionInSystemHeader())).bind("loop"), this);
  Finder->addMatcher(
      forStmt(hasCondition(expr()), unless(isExpansionInSystemHeader())).bind("loop"), this);
  Finder->addMatcher(whileStmt(unless(isExpansionInSystemHeader())).bind("loop"), this);
  // Algorithms that run a callable for each element (IteratingAlgorithm.h).
  Finder->addMatcher(callExpr(unless(isExpansionInSystemHeader()),
                              callee(functionDecl(hasAnyName(iteratingAlgorithmFunctions()))))
                         .bind("algorithm"),
                     this);
  Finder->addMatcher(
      cxxOperatorCallExpr(unless(isExpansionInSystemHeader()),
                          hasArgument(0, ignoringParenImpCasts(declRefExpr(to(
                                             varDecl(hasAnyName(iteratingAlgorithmObjects())))))))
          .bind("algorithm"),
      this);
  // Which function a loop is in (matched before the loops of its body).
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader())).bind("function"), this);
}

void MutationInRangeLoopCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (!Session)
    Session = AnalysisSession::of(Ctx);
  if (const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("function")) {
    Session->addDefinition(F);
    return;
  }
  const ContainerModel &Model = ContainerTypes.model(*Session);
  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("algorithm")) {
    for (LoopIteration &Loop : findIteratingAlgorithm(Call, Model, Ctx)) {
      Loop.Function = Session->enclosingFunction(Call);
      collectMutations(Loop);
    }
    return;
  }
  const auto *LoopStmt = Result.Nodes.getNodeAs<Stmt>("loop");
  collectStaleUses(LoopStmt);
  const Decl *Function = Session->enclosingFunction(LoopStmt);
  std::optional<LoopIteration> Loop =
      findIteratedContainer(LoopStmt, Model, Ctx, Function ? &Session->parents(Function) : nullptr);
  if (!Loop)
    return;
  Loop->Function = Function;
  collectMutations(*Loop);
}

void MutationInRangeLoopCheck::collectMutations(const LoopIteration &Loop) {
  // FollowHelperCalls=false predates HelperCallDepth and still means "none".
  LoopMutationFinder Finder(*Session, ContainerTypes.model(*Session),
                            {ReportInsertIntoOrderedContainers,
                             FollowHelperCalls ? HelperCallDepth : 0U, ReportEraseOfUnrelatedKey});
  // Nested loops over one container are matched outer first; a mutation that
  // breaks both gets one warning with a note per loop.
  for (const LoopMutation &M : Finder.find(Loop)) {
    auto Same = llvm::find_if(Findings, [&](const Finding &F) {
      return F.Mutation.Mutation == M.Mutation && F.Mutation.helperCall() == M.helperCall();
    });
    if (Same == Findings.end())
      Same = Findings.insert(Findings.end(), Finding{M, {}});
    Same->Loops.emplace_back(Loop, M.IteratorUse);
  }
}

void MutationInRangeLoopCheck::collectStaleUses(const Stmt *LoopStmt) {
  const Stmt *Body = nullptr;
  if (const auto *RF = dyn_cast<CXXForRangeStmt>(LoopStmt))
    Body = RF->getBody();
  else if (const auto *For = dyn_cast<ForStmt>(LoopStmt))
    Body = For->getBody();
  else if (const auto *While = dyn_cast<WhileStmt>(LoopStmt))
    Body = While->getBody();
  const ContainerModel &Model = ContainerTypes.model(*Session);
  // An enclosing loop's body holds the inner loop's: keep each pair once.
  for (const StaleElementUse &S :
       findStaleElementUses(Body, Session->enclosingFunction(LoopStmt), Model, *Session))
    if (llvm::none_of(StaleUses, [&](const StaleElementUse &Old) {
          return Old.Var == S.Var && Old.Mutation == S.Mutation;
        }))
      StaleUses.push_back(S);
}

void MutationInRangeLoopCheck::onEndOfTranslationUnit() {
  if (Session) {
    for (const Finding &F : Findings)
      report(F, Session->context());
    // A mutation already reported for breaking a loop needs no second warning.
    for (const StaleElementUse &S : StaleUses)
      if (llvm::none_of(Findings,
                        [&](const Finding &F) { return F.Mutation.Mutation == S.Mutation; }))
        reportStale(S, Session->context());
  }
  Findings.clear();
  StaleUses.clear();
  Session.reset();
}

void MutationInRangeLoopCheck::report(const Finding &F, ASTContext &Ctx) {
  const LoopMutation &M = F.Mutation;
  // The innermost loop names the container in the message (it is the closest).
  const LoopIteration &Inner = F.Loops.back().first;
  auto LoopName = [&](const LoopIteration &Loop) {
    std::string Name = displayText(Loop.ContainerExpr, Ctx);
    return Loop.ContainerIsPointer ? "*" + Name : Name;
  };
  std::string Name = LoopName(Inner);
  // A helper's mutation is reported at the call in the loop: that is the line
  // to change (or to NOLINT), and the helper alone does nothing wrong.
  const Expr *At = M.helperCall() ? M.helperCall() : M.Mutation;
  if (!M.helperCall())
    Name = mutatedName(M, Ctx);
  {
    auto Diag = diag(At->getBeginLoc(), "%0 '%1' inside %select{a loop|'%4'}3 over it: %2")
                << actionText(M.Kind) << Name << consequenceText(M, Inner.Traits)
                << Inner.isAlgorithm() << Inner.AlgorithmName << At->getSourceRange();
    // A rewrite is only equivalent when a single loop is affected.
    if (F.Loops.size() == 1 && !Inner.isAlgorithm()) {
      // Under C++20 a sequence's erase-in-loop is one std::erase_if; else
      // `it = C.erase(it)`.
      std::vector<TextEdit> Edits = rewriteSequenceLoopAsEraseIf(Inner, M, Ctx);
      if (Edits.empty())
        Edits = rewriteEraseThenIncrement(Inner, M, Ctx);
      if (Edits.empty())
        Edits = rewriteAsEraseIf(Inner, M, Ctx);
      for (const TextEdit &Edit : Edits)
        Diag << FixItHint::CreateReplacement(Edit.Range, Edit.Replacement);
    }
  }
  reportCallChain(M, Ctx);
  if (M.Conditional) {
    const Expr *True = M.Conditional->getTrueExpr();
    bool InTrue = Ctx.getSourceManager().isPointWithin(M.MutatedObject->getBeginLoc(),
                                                       True->getBeginLoc(), True->getEndLoc());
    diag(M.MutatedObject->getBeginLoc(), "the conditional names '%0' when its condition is %1",
         DiagnosticIDs::Note)
        << mutatedName(M, Ctx) << (InTrue ? "true" : "false");
  }
  for (const auto &[Loop, Use] : llvm::reverse(F.Loops)) { // innermost first
    if (Loop.isAlgorithm()) {
      diag(Loop.Loop->getBeginLoc(),
           "'%0' iterates over '%1' here and calls the lambda for each element",
           DiagnosticIDs::Note)
          << Loop.AlgorithmName << LoopName(Loop);
      continue;
    }
    diag(Loop.Loop->getBeginLoc(), "loop iterating over '%0' starts here", DiagnosticIDs::Note)
        << LoopName(Loop);
    if (Use)
      diag(Use->getBeginLoc(), "invalidated iterator '%0' is used here", DiagnosticIDs::Note)
          << Loop.IteratorVar->getName();
  }
}

void MutationInRangeLoopCheck::reportCallChain(const LoopMutation &M, ASTContext &Ctx) {
  if (M.Chain.empty())
    return;
  for (size_t I = 1; I < M.Chain.size(); ++I)
    diag(M.Chain[I].Call->getBeginLoc(), "%0 calls %1 here", DiagnosticIDs::Note)
        << helperName(M.Chain[I - 1].Helper) << helperName(M.Chain[I].Helper);
  diag(M.Mutation->getBeginLoc(), "%0 mutates '%1' here", DiagnosticIDs::Note)
      << helperName(M.Chain.back().Helper) << mutatedName(M, Ctx);
}

void MutationInRangeLoopCheck::reportStale(const StaleElementUse &S, ASTContext &Ctx) {
  std::string Name = displayText(S.MutatedObject, Ctx);
  diag(S.Mutation->getBeginLoc(),
       "%0 '%1' while '%2' refers to one of its elements: %3 may move its elements and leave "
       "'%2' dangling")
      << actionText(S.Kind) << Name << S.Var->getName() << S.Traits.LibraryName
      << S.Mutation->getSourceRange();
  diag(S.Var->getLocation(), "'%0' is bound to an element of '%1' here", DiagnosticIDs::Note)
      << S.Var->getName() << Name;
  diag(S.Use->getBeginLoc(), "dangling %select{reference|pointer}0 '%1' is used here",
       DiagnosticIDs::Note)
      << S.Var->getType()->isPointerType() << S.Var->getName();
}

} // namespace clang::tidy::mapsafety
