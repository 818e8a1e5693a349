//===- LoopMutationFinder.cpp - mutations of the container a loop iterates --===//
#include "mapsafety/containers/LoopMutationFinder.h"
#include "mapsafety/containers/IteratingAlgorithm.h"
#include "mapsafety/support/AnalysisSession.h"
#include "mapsafety/support/Declarations.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"

using namespace clang;

namespace mapsafety {
namespace {

/// A structural call on some container, before we know whether it matters.
struct Candidate {
  const Expr *Mutation;
  const Expr *Object;
  bool ObjectIsPointer;
  MutationKind Kind;
  llvm::SmallVector<const Expr *, 3> Args;
  /// Object is the branch of this conditional that names the container.
  const ConditionalOperator *Conditional = nullptr;
};

/// Where we are looking: the loop's own body, or a helper's body with the
/// loop's container renamed into the helper's frame.
struct Frame {
  ContainerPath Target;
  /// The calls from the loop body down to this helper, outermost first.
  llvm::SmallVector<HelperCallStep, 2> Chain;
  /// Helper parameters (of every helper on the chain) bound to these
  /// expressions of the loop's frame.
  llvm::DenseMap<const ParmVarDecl *, const Expr *> ArgOf;

  /// True when Def is already on the chain (recursion).
  bool calls(const FunctionDecl *Def) const {
    return llvm::any_of(Chain, [&](const HelperCallStep &S) { return S.Helper == Def; });
  }
};

/// In the loop's frame: the expression a helper parameter was bound to.
const Expr *inLoopFrame(const Expr *E, const Frame &F) {
  if (!E)
    return nullptr;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl())) {
      auto It = F.ArgOf.find(P);
      if (It != F.ArgOf.end())
        return It->second;
    }
  return E;
}

/// True when the body of the lambda Closure, naming Target, names the
/// object the loop iterates: everything but a by-copy capture of it (the
/// body's `m` is then the copy; a copied pointer still points to the
/// original). References the lambda binds itself (`[&r = m]`) resolve to
/// what they are bound to.
bool lambdaSeesTarget(const CXXRecordDecl *Closure, const ContainerPath &Target) {
  for (auto C = Closure->captures_begin(); C != Closure->captures_end(); ++C) {
    if (Target.isThisRooted() && C->getCaptureKind() == LCK_StarThis)
      return false;
    if (!Target.isThisRooted() && C->capturesVariable() && C->getCapturedVar() == Target.Root &&
        C->getCaptureKind() == LCK_ByCopy && !Target.RootIsPointee)
      return false;
  }
  return true;
}

class Collector {
public:
  Collector(const ContainerModel &Model, ASTContext &Ctx, const LoopIteration &Loop, const Frame &F,
            unsigned MaxDepth, std::vector<std::pair<Candidate, Frame>> &Out)
      : Model(Model), Ctx(Ctx), Loop(Loop), F(F), MaxDepth(MaxDepth), Out(Out) {}

  /// Lambda bodies are not visited: they run only when called, and calls are
  /// followed as helpers.
  void visit(const Stmt *Body) {
    forEachEvaluatedStmt(Body, [&](const Stmt *S) {
      if (const auto *E = dyn_cast<Expr>(S))
        inspect(E);
    });
  }

private:
  std::optional<ContainerPath> pathOf(const Expr *Object, bool &IsPointer) {
    IsPointer = Object->getType()->isPointerType();
    // Through the element a loop is on and through accessors too.
    return IsPointer ? resolvePointee(Object, Ctx, loopRuleResolve(Model))
                     : resolveObject(Object, Ctx, loopRuleResolve(Model));
  }

  /// True when Object names the loop's container; a conditional
  /// (`(f ? a : b).erase(k)`) does when either branch does, and Matched
  /// then records which.
  bool isTarget(const Expr *Object, bool &IsPointer) {
    Matched = {};
    if (const auto *Cond = dyn_cast<ConditionalOperator>(ignoreCastsAndTemporaries(Object))) {
      for (const Expr *Branch : {Cond->getTrueExpr(), Cond->getFalseExpr()})
        if (isTarget(Branch, IsPointer)) {
          if (!Matched.Conditional) // an inner conditional's branch is more precise
            Matched = {Cond, Branch};
          return true;
        }
      return false;
    }
    QualType T = Object->getType();
    if (T->isPointerType())
      T = T->getPointeeType();
    if (!Model.classify(T))
      return false;
    std::optional<ContainerPath> P = pathOf(Object, IsPointer);
    return P && *P == F.Target;
  }

  /// Adds the mutation isTarget just matched Object for.
  void add(const Expr *Mutation, const Expr *Object, bool IsPointer, MutationKind Kind,
           llvm::ArrayRef<const Expr *> Args) {
    Candidate C{Mutation, Object, IsPointer, Kind, {}, Matched.Conditional};
    if (Matched.Conditional) {
      // Name the container as the branch spells it: `a` of `f ? &a : &b`.
      C.Object = Matched.Branch;
      if (const auto *AddrOf = dyn_cast<UnaryOperator>(Matched.Branch->IgnoreParenImpCasts());
          AddrOf && AddrOf->getOpcode() == UO_AddrOf) {
        C.Object = AddrOf->getSubExpr();
        C.ObjectIsPointer = false;
      }
    }
    C.Args.append(Args.begin(), Args.end());
    Out.emplace_back(std::move(C), F);
  }

  /// What the last isTarget call matched through a conditional.
  struct {
    const ConditionalOperator *Conditional = nullptr;
    const Expr *Branch = nullptr;
  } Matched;

  void inspectMemberCall(const Expr *Call, const CXXMethodDecl *Method, const Expr *Object,
                         llvm::ArrayRef<const Expr *> Args) {
    bool IsPointer = false;
    if (isTarget(Object, IsPointer)) {
      MutationKind Kind = Model.classifyMemberCall(Method, Loop.Traits);
      if (Kind != MutationKind::None) {
        add(Call, Object, IsPointer, Kind, Args);
        return;
      }
    } else if (std::optional<ContainerTraits> Other = Model.classify(
                   Object->getType()->isPointerType() ? Object->getType()->getPointeeType()
                                                      : Object->getType())) {
      // Another container: other.swap(C), other.merge(C), other = std::move(C).
      MutationKind Kind = Model.classifyMemberCall(Method, *Other);
      for (const Expr *Arg : Args) {
        const Expr *Moved = movedObject(Arg);
        bool ArgIsPointer = false;
        if (!isTarget(Moved ? Moved : Arg, ArgIsPointer))
          continue;
        if (Kind == MutationKind::Swap)
          add(Call, Moved ? Moved : Arg, ArgIsPointer, MutationKind::Swap, Args);
        else if (Kind == MutationKind::Assign && Moved) // other = std::move(C)
          add(Arg->IgnoreParenImpCasts(), Moved, ArgIsPointer, MutationKind::MoveFrom, {});
        else if (Kind == MutationKind::MergeInto)
          add(Call, Moved ? Moved : Arg, ArgIsPointer, MutationKind::MergeOutOf, Args);
        return;
      }
    }
    if (mayFollow())
      followMemberHelper(Call, Method, Object, Args);
  }

  void inspect(const Expr *E) {
    // std::for_each(b, e, λ) and the like run their lambdas here.
    if (const auto *Call = dyn_cast<CallExpr>(E); Call && mayFollow())
      for (const LoopIteration &Run : findIteratingAlgorithm(Call, Model, Ctx))
        followAlgorithmCallable(Call, Run.Callable);
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      if (const CXXMethodDecl *M = MC->getMethodDecl())
        inspectMemberCall(MC, M, MC->getImplicitObjectArgument(),
                          llvm::ArrayRef<const Expr *>(MC->getArgs(), MC->getNumArgs()));
      return;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      const auto *M = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
      if (M && Op->getNumArgs() >= 1) {
        if (M->getParent()->isLambda()) {
          if (mayFollow())
            followLambda(Op, M);
          return;
        }
        inspectMemberCall(Op, M, Op->getArg(0),
                          llvm::ArrayRef<const Expr *>(Op->getArgs() + 1, Op->getNumArgs() - 1));
        return;
      }
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      // `auto x = std::move(C);` or passing std::move(C) by value.
      if (Construct->getNumArgs() >= 1 && Construct->getConstructor()->isMoveConstructor())
        if (const Expr *Moved = movedObject(Construct->getArg(0))) {
          bool IsPointer = false;
          if (isTarget(Moved, IsPointer))
            add(Construct->getArg(0)->IgnoreParenImpCasts(), Moved, IsPointer,
                MutationKind::MoveFrom, {});
        }
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee)
        return;
      for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
        const Expr *Arg = Call->getArg(I);
        bool IsPointer = false;
        // `sink(std::move(C))` into a `Map&&` parameter: the callee takes the contents.
        if (const Expr *Moved = movedObject(Arg);
            Moved && I < Callee->getNumParams() && isTarget(Moved, IsPointer)) {
          QualType PT = Callee->getParamDecl(I)->getType();
          if (PT->isRValueReferenceType() && !PT.getNonReferenceType().isConstQualified()) {
            add(Arg->IgnoreParenImpCasts(), Moved, IsPointer, MutationKind::MoveFrom, {});
            return;
          }
        }
        if (!isTarget(Arg, IsPointer))
          continue;
        MutationKind Kind = Model.classifyFreeCall(Callee, I);
        if (Kind != MutationKind::None) {
          add(Call, Arg, IsPointer, Kind, {});
          return;
        }
      }
      if (mayFollow())
        followFunctionHelper(Call, Callee);
    }
  }

  bool mayFollow() const { return F.Chain.size() < MaxDepth; }

  /// Callee's definition when it is user code not already on the call chain.
  const FunctionDecl *definitionToFollow(const FunctionDecl *Callee) {
    return userDefinition(Callee, Ctx.getSourceManager());
  }

  /// Maps the loop's container into the callee's parameters; returns false if none receives it.
  bool bindParameters(const FunctionDecl *Def, llvm::ArrayRef<const Expr *> Args, Frame &Callee) {
    bool Bound = false;
    for (unsigned I = 0; I < Args.size() && I < Def->getNumParams(); ++I) {
      const ParmVarDecl *P = Def->getParamDecl(I);
      Callee.ArgOf[P] = inLoopFrame(Args[I], F);
      QualType PT = P->getType();
      if (!PT->isReferenceType() && !PT->isPointerType())
        continue;
      if (PT->isReferenceType() && PT.getNonReferenceType().isConstQualified())
        continue;
      bool IsPointer = false;
      std::optional<ContainerPath> ArgPath = pathOf(Args[I], IsPointer);
      if (!ArgPath || IsPointer != PT->isPointerType())
        continue;
      ContainerPath ParamPath;
      ParamPath.Root = P;
      ParamPath.RootIsPointee = IsPointer;
      if (std::optional<ContainerPath> Mapped = rebase(F.Target, *ArgPath, ParamPath)) {
        Callee.Target = *Mapped;
        Bound = true;
      }
    }
    return Bound;
  }

  void scanHelper(const FunctionDecl *Def, const Frame &Callee) {
    Collector Inner(Model, Ctx, Loop, Callee, MaxDepth, Out);
    Inner.visit(Def->getBody());
  }

  /// The frame of Def called at Call from this frame: the chain grows by one,
  /// and the bindings made so far stay visible (a parameter passed on).
  Frame helperFrame(const Expr *Call, const FunctionDecl *Def) const {
    Frame Inner;
    Inner.Chain = F.Chain;
    Inner.Chain.push_back({Call, Def});
    Inner.ArgOf = F.ArgOf;
    return Inner;
  }

  void followFunctionHelper(const CallExpr *Call, const FunctionDecl *Callee) {
    const FunctionDecl *Def = definitionToFollow(Callee);
    if (!Def)
      return;
    Frame Inner = helperFrame(Call, Def);
    llvm::SmallVector<const Expr *, 4> Args;
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      Args.push_back(Call->getArg(I));
    if (!bindParameters(Def, Args, Inner))
      return;
    scanHelper(Def, Inner);
  }

  void followMemberHelper(const Expr *Call, const CXXMethodDecl *Method, const Expr *Object,
                          llvm::ArrayRef<const Expr *> Args) {
    const FunctionDecl *Def = definitionToFollow(Method);
    if (!Def)
      return;
    Frame Inner = helperFrame(Call, Def);
    bool Bound = bindParameters(Def, Args, Inner);
    bool IsPointer = false;
    if (!Bound && !cast<CXXMethodDecl>(Def)->isStatic())
      if (std::optional<ContainerPath> ObjPath = pathOf(Object, IsPointer))
        if (std::optional<ContainerPath> Mapped = rebase(F.Target, *ObjPath, ContainerPath{})) {
          Inner.Target = *Mapped;
          Bound = true;
        }
    if (Bound)
      scanHelper(Def, Inner);
  }

  /// A lambda an algorithm runs at Call, as a helper called there.
  void followAlgorithmCallable(const CallExpr *Call, const FunctionDecl *CallOp) {
    const auto *Method = dyn_cast<CXXMethodDecl>(CallOp);
    if (!Method || F.calls(CallOp) || !lambdaSeesTarget(Method->getParent(), F.Target))
      return;
    Frame Inner = helperFrame(Call, CallOp);
    Inner.Target = F.Target;
    scanHelper(CallOp, Inner);
  }

  /// A lambda called in the loop sees the container when it captured it by reference.
  void followLambda(const CXXOperatorCallExpr *Call, const CXXMethodDecl *CallOp) {
    const FunctionDecl *Def = definitionToFollow(CallOp);
    if (!Def)
      return;
    bool Visible = lambdaSeesTarget(CallOp->getParent(), F.Target);
    Frame Inner = helperFrame(Call, Def);
    Inner.Target = F.Target;
    llvm::SmallVector<const Expr *, 4> Args;
    for (unsigned I = 1; I < Call->getNumArgs(); ++I)
      Args.push_back(Call->getArg(I));
    // Parameters bound to the container count as well as captures.
    Frame ByParam = Inner;
    if (bindParameters(Def, Args, ByParam))
      scanHelper(Def, ByParam);
    else if (Visible) {
      for (unsigned I = 0; I < Args.size() && I < Def->getNumParams(); ++I)
        Inner.ArgOf[Def->getParamDecl(I)] = inLoopFrame(Args[I], F);
      scanHelper(Def, Inner);
    }
  }

  const ContainerModel &Model;
  ASTContext &Ctx;
  const LoopIteration &Loop;
  const Frame &F;
  unsigned MaxDepth;
  std::vector<std::pair<Candidate, Frame>> &Out;
};

/// The call removes elements named by a key or a position (`m.erase(k)`,
/// `m.extract(it)`, `m.erase(first, last)`): its first parameter takes the
/// container's key_type or one of its iterator types, not a predicate.
bool erasesByKeyOrPosition(const Expr *Mutation, ASTContext &Ctx) {
  const auto *Call = dyn_cast<CallExpr>(Mutation);
  const auto *Method = Call ? dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee()) : nullptr;
  if (!Method || Method->getNumParams() == 0)
    return false;
  return isMemberTypeOf(Method->getParamDecl(0)->getType().getNonReferenceType(),
                        Method->getParent(), {"key_type", "iterator", "const_iterator"}, Ctx);
}

/// `C.erase(first, last)`: two parameters, both of the container's iterator types.
bool erasesRange(const Expr *Mutation, ASTContext &Ctx) {
  const auto *Call = dyn_cast<CallExpr>(Mutation);
  const auto *Method = Call ? dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee()) : nullptr;
  if (!Method || Method->getNumParams() != 2)
    return false;
  return llvm::all_of(Method->parameters(), [&](const ParmVarDecl *P) {
    return isMemberTypeOf(P->getType().getNonReferenceType(), Method->getParent(),
                          {"iterator", "const_iterator"}, Ctx);
  });
}

/// `C.find(k)` on the loop's container with k the current element's key: the
/// position of the element the loop is on (`m.erase(m.find(kv.first))`).
bool findsCurrentElement(const Expr *E, const LoopIteration &Loop, const ContainerModel &Model,
                         ASTContext &Ctx) {
  const auto *Find = dyn_cast_or_null<CXXMemberCallExpr>(E ? ignoreCopies(E) : nullptr);
  const CXXMethodDecl *Method = Find ? Find->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() || Method->getName() != "find" ||
      Find->getNumArgs() != 1 || !Loop.isKeyOfCurrentElement(Find->getArg(0), Ctx))
    return false;
  const Expr *Object = Find->getImplicitObjectArgument();
  std::optional<ContainerPath> Path = Object->getType()->isPointerType()
                                          ? resolvePointee(Object, Ctx, loopRuleResolve(Model))
                                          : resolveObject(Object, Ctx, loopRuleResolve(Model));
  return Path && *Path == Loop.Container;
}

/// `Key == <current key>` (either side, or one operand of an `&&` chain).
bool testsEqualToCurrentKey(const Expr *Cond, const VarDecl *Key, const LoopIteration &Loop,
                            ASTContext &Ctx) {
  Cond = Cond->IgnoreParenImpCasts();
  const Expr *LHS = nullptr, *RHS = nullptr;
  if (const auto *B = dyn_cast<BinaryOperator>(Cond)) {
    if (B->getOpcode() == BO_LAnd)
      return testsEqualToCurrentKey(B->getLHS(), Key, Loop, Ctx) ||
             testsEqualToCurrentKey(B->getRHS(), Key, Loop, Ctx);
    if (B->getOpcode() == BO_EQ)
      LHS = B->getLHS(), RHS = B->getRHS();
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Cond)) {
    if (Op->getOperator() == OO_EqualEqual && Op->getNumArgs() == 2)
      LHS = Op->getArg(0), RHS = Op->getArg(1);
  }
  auto IsKey = [&](const Expr *E) { return referencedDecl(E) == Key; };
  return LHS && RHS &&
         ((IsKey(LHS) && Loop.isKeyOfCurrentElement(RHS, Ctx)) ||
          (IsKey(RHS) && Loop.isKeyOfCurrentElement(LHS, Ctx)));
}

/// `if (k == kv.first) m.erase(k);`: the key erased is the current one on
/// every path to the erase, because an enclosing `if` in the loop body
/// tested it equal (k is a variable the branch does not assign).
bool guardedEqualToCurrentKey(const Expr *Arg, const Stmt *Mutation, const LoopIteration &Loop,
                              const FunctionParents &Parents, ASTContext &Ctx) {
  const auto *Key = dyn_cast_or_null<VarDecl>(referencedDecl(Arg));
  bool Unassigned = Key && (Key->getType().isConstQualified() ||
                            Key->getType()->isReferenceType() || isa<ParmVarDecl>(Key));
  if (!Unassigned)
    return false;
  for (const Stmt *Child = Mutation, *P = Parents.parent(Mutation); P && Child != Loop.Body;
       Child = P, P = Parents.parent(P))
    if (const auto *If = dyn_cast<IfStmt>(P);
        If && If->getThen() == Child && testsEqualToCurrentKey(If->getCond(), Key, Loop, Ctx))
      return true;
  return false;
}

bool isKeyedInsert(const Expr *Mutation) {
  const FunctionDecl *Callee = nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(Mutation))
    Callee = Call->getDirectCallee();
  if (!Callee)
    return false;
  if (Callee->getOverloadedOperator() == OO_Subscript)
    return true;
  return Callee->getIdentifier() &&
         (Callee->getName() == "try_emplace" || Callee->getName() == "insert_or_assign");
}
} // namespace

LoopMutationFinder::LoopMutationFinder(AnalysisSession &Session, const ContainerModel &Model,
                                       LoopMutationOptions Options)
    : Model(Model), Options(Options), Session(Session), Ctx(Session.context()) {}

std::vector<LoopMutation> LoopMutationFinder::find(const LoopIteration &Loop) {
  std::vector<LoopMutation> Result;
  // An algorithm's callable runs in its own frame: it names the container
  // unless it captured a copy.
  if (Loop.isAlgorithm())
    if (const auto *CallOp = dyn_cast<CXXMethodDecl>(Loop.Callable);
        !CallOp || !lambdaSeesTarget(CallOp->getParent(), Loop.Container))
      return Result;
  std::vector<std::pair<Candidate, Frame>> Candidates;
  Frame Top;
  Top.Target = Loop.Container;
  Collector(Model, Ctx, Loop, Top, Options.HelperCallDepth, Candidates).visit(Loop.Body);

  if (Candidates.empty())
    return Result;
  // Mutations are judged where they happen: in the loop's function, or in
  // the callable an algorithm runs.
  const FunctionCFG *Flow = Session.cfg(Loop.isAlgorithm() ? Loop.Callable : Loop.Function);
  if (!Flow || !Flow->valid())
    return Result;
  for (const auto &[C, F] : Candidates) {
    const Frame &Where = F; // a structured binding cannot be captured before C++20
    auto InLoopFrame = [&Where](const Expr *X) { return inLoopFrame(X, Where); };
    Invalidation Effect = ContainerModel::invalidation(C.Kind, Loop.Traits);
    if (Effect == Invalidation::None)
      continue;
    if (Effect == Invalidation::VisitOrder && !Options.ReportInsertIntoOrderedContainers)
      continue;
    // `m[k]` with the current element's key finds that element: nothing is inserted.
    if (C.Kind == MutationKind::Insert && !Loop.Traits.MultiKey && isKeyedInsert(C.Mutation) &&
        !C.Args.empty() && Loop.isKeyOfCurrentElement(C.Args[0], Ctx, InLoopFrame))
      continue;
    // In an iterator loop, erasing some other element leaves `it` valid.
    // (For vectors, iterators before an erased element survive; where the
    // position is not the current one we cannot tell which side it is on.)
    // A range-for's hidden iterator is the same, but there a key from
    // elsewhere that may equal the current one is reported when asked.
    bool OnlyCurrentCounts =
        Loop.hidesIterator()
            ? Effect == Invalidation::ErasedElement && !Options.ReportEraseOfUnrelatedKey &&
                  !Loop.Traits.isSequence() && erasesByKeyOrPosition(C.Mutation, Ctx)
            : Effect == Invalidation::ErasedElement || Effect == Invalidation::FromPoint;
    if (OnlyCurrentCounts) {
      bool HitsCurrent = false;
      // erase(first, last) leaves `last` in place: where only the erased
      // elements are invalidated, only `first` can be the current one (a
      // vector's erase before `it` still shifts it).
      llvm::ArrayRef<const Expr *> Named = C.Args;
      if (Effect == Invalidation::ErasedElement && erasesRange(C.Mutation, Ctx))
        Named = Named.take_front(1);
      for (const Expr *Arg : Named) {
        const Expr *Bound = inLoopFrame(Arg, F);
        HitsCurrent |=
            Loop.namesIteratorPosition(Bound) ||
            Loop.isKeyOfCurrentElement(Arg, Ctx, InLoopFrame) ||
            findsCurrentElement(Bound, Loop, Model, Ctx) ||
            (F.Chain.empty() && guardedEqualToCurrentKey(Bound, C.Mutation, Loop,
                                                         Session.parents(Flow->function()), Ctx));
      }
      if (C.Kind == MutationKind::Erase && C.Args.empty())
        HitsCurrent = true; // erase_if / remove_if may remove the current element
      if (!HitsCurrent)
        continue;
    }
    // A helper's mutation happens, in the loop's function, at the call in the loop.
    const Stmt *Point = F.Chain.empty() ? C.Mutation : F.Chain.front().Call;
    // An algorithm advances its iterator once the callable returns.
    const Expr *Use = Loop.isAlgorithm() ? nullptr : findUseAfter(*Flow, Point, Loop.IteratorVar);
    if (Loop.isAlgorithm() ? !mayReturnAfter(*Flow, Point) : !Use)
      continue;
    LoopMutation M;
    M.Mutation = C.Mutation;
    M.MutatedObject = C.Object;
    M.ObjectIsPointer = C.ObjectIsPointer;
    M.Kind = C.Kind;
    M.Effect = Effect;
    M.Chain = F.Chain;
    M.Conditional = C.Conditional;
    M.IteratorUse = Loop.hidesIterator() ? nullptr : Use;
    Result.push_back(M);
  }
  return Result;
}

} // namespace mapsafety
