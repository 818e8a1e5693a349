//===- OneTimeInit.cpp - map writes published once by an atomic flag -------===//
#include "OneTimeInit.h"
#include "MemberTargets.h"
#include "mapsafety/concurrency/LockSetAnalysis.h"
#include "mapsafety/support/AnalysisSession.h"
#include "mapsafety/support/Declarations.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/LambdaCapture.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include <optional>
#include <vector>

using namespace clang;

namespace mapsafety {

namespace {
// std::memory_order's values (the same in every standard library).
enum : int64_t { Relaxed = 0, Consume = 1, Acquire = 2, Release = 3, AcqRel = 4, SeqCst = 5 };

bool isAtomicBool(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || classOrTemplateName(Spec) != "std::atomic" || Spec->getTemplateArgs().size() != 1)
    return false;
  const TemplateArgument &Arg = Spec->getTemplateArgs()[0];
  return Arg.getKind() == TemplateArgument::Type && Arg.getAsType()->isBooleanType();
}

/// The declaration an atomic<bool> expression names, whatever its base (the
/// type is read below the casts: libc++ calls load() on `__atomic_base<bool>`).
const ValueDecl *atomicNamed(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (!isAtomicBool(E->getType()))
    return nullptr;
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl();
  return nullptr;
}

/// A flag as a reader or writer names it: a member of `this`, or a variable
/// with static storage (whose every mention is the same object).
const ValueDecl *flagNamed(const Expr *E) {
  const ValueDecl *D = atomicNamed(E);
  if (!D)
    return nullptr;
  if (const auto *V = dyn_cast<VarDecl>(D))
    return V->hasGlobalStorage() ? V : nullptr;
  const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  return isa<FieldDecl>(D) && ME && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts())
             ? D
             : nullptr;
}

llvm::StringRef methodName(const CXXMemberCallExpr *MC) {
  const CXXMethodDecl *M = MC->getMethodDecl();
  return M && M->getIdentifier() ? M->getName() : llvm::StringRef();
}

/// The memory order argument Index of Call (seq_cst when defaulted).
std::optional<int64_t> orderOf(const CallExpr *Call, unsigned Index, ASTContext &Ctx) {
  if (Call->getNumArgs() <= Index)
    return SeqCst;
  Expr::EvalResult R;
  if (!Call->getArg(Index)->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt().getExtValue();
}

bool isConstantTrue(const Expr *E, ASTContext &Ctx) {
  bool Value = false;
  return !E->isValueDependent() && E->EvaluateAsBooleanCondition(Value, Ctx) && Value;
}

/// A load of a flag: `f.load(order)`, or `f` converted to bool (seq_cst).
struct Load {
  const ValueDecl *Flag = nullptr;
  bool Acquires = false;
};

std::optional<Load> loadOf(const Expr *E, ASTContext &Ctx) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
  const ValueDecl *Flag = MC ? flagNamed(MC->getImplicitObjectArgument()) : nullptr;
  if (!Flag)
    return std::nullopt;
  if (isa<CXXConversionDecl>(MC->getMethodDecl()))
    return Load{Flag, true};
  if (methodName(MC) != "load")
    return std::nullopt;
  std::optional<int64_t> Order = orderOf(MC, 0, Ctx);
  return Load{Flag, Order && (*Order == Acquire || *Order == AcqRel || *Order == SeqCst)};
}

/// A branch on a load of a flag, and which successor sees it set.
struct Test {
  Load L;
  const Expr *Cond = nullptr;
  unsigned SetSucc = 0;
};

std::optional<Test> testOf(const CFGBlock &B, ASTContext &Ctx) {
  const auto *Cond = dyn_cast_or_null<Expr>(B.getTerminatorCondition());
  if (!Cond || B.succ_size() != 2)
    return std::nullopt;
  bool Negated = false;
  const Expr *E = Cond->IgnoreParenImpCasts();
  while (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() != UO_LNot)
      return std::nullopt;
    Negated = !Negated;
    E = U->getSubExpr()->IgnoreParenImpCasts();
  }
  std::optional<Load> L = loadOf(E, Ctx);
  if (!L)
    return std::nullopt;
  return Test{*L, Cond, Negated ? 1u : 0u};
}

/// What S does to an atomic<bool> (named any way): Publishes is a store of
/// `true` with release or seq_cst order; any other change is not.
struct Change {
  const ValueDecl *Flag = nullptr;
  bool Publishes = false;
};

std::optional<Change> changeOf(const Stmt *S, ASTContext &Ctx) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
    const ValueDecl *D = Op->getNumArgs() >= 1 ? atomicNamed(Op->getArg(0)) : nullptr;
    if (!D || !Op->isAssignmentOp())
      return std::nullopt;
    return Change{D, Op->getOperator() == OO_Equal && isConstantTrue(Op->getArg(1), Ctx)};
  }
  const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
  const ValueDecl *D = MC ? atomicNamed(MC->getImplicitObjectArgument()) : nullptr;
  if (!D || isa<CXXConversionDecl>(MC->getMethodDecl()))
    return std::nullopt;
  llvm::StringRef Name = methodName(MC);
  if (Name == "load" || Name == "is_lock_free" || Name == "wait" || Name == "notify_one" ||
      Name == "notify_all")
    return std::nullopt;
  if (Name != "store" || MC->getNumArgs() < 1)
    return Change{D, false};
  std::optional<int64_t> Order = orderOf(MC, 1, Ctx);
  return Change{D, isConstantTrue(MC->getArg(0), Ctx) && Order &&
                       (*Order == Release || *Order == SeqCst)};
}

/// Exclusively held, identified locks.
std::vector<const HeldLock *> exclusiveLocks(const LockSet &Held) {
  std::vector<const HeldLock *> Out;
  if (Held.isUnknown())
    return Out;
  for (const HeldLock &L : Held.locks())
    if (!L.Shared && !L.Unknown)
      Out.push_back(&L);
  return Out;
}

/// What a path knows of one flag.
struct FlagState {
  const ValueDecl *Flag = nullptr;
  /// Known set. Each group of Set lists mutexes one of which the writer must
  /// hold (a load under them found it set, or the path stored it under them);
  /// no group: an acquire load found it set.
  bool IsSet = false;
  std::vector<std::vector<ContainerPath>> Set;
  /// A load found it unset while the acquisitions of UnsetUnder were held
  /// (the writer checks its own acquisition against them).
  bool Checked = false;
  std::vector<std::pair<ContainerPath, SourceLocation>> UnsetUnder;
  bool operator==(const FlagState &O) const {
    return Flag == O.Flag && IsSet == O.IsSet && Set == O.Set && Checked == O.Checked &&
           UnsetUnder == O.UnsetUnder;
  }
  void markSet(std::vector<std::vector<ContainerPath>> Groups) {
    IsSet = true;
    Set = std::move(Groups);
  }
};
using State = std::vector<FlagState>;

FlagState &stateOf(State &S, const ValueDecl *Flag) {
  for (FlagState &F : S)
    if (F.Flag == Flag)
      return F;
  S.emplace_back();
  S.back().Flag = Flag;
  return S.back();
}

/// What both paths know.
State meet(const State &A, const State &B) {
  State Out;
  for (const FlagState &X : A)
    for (const FlagState &Y : B) {
      if (X.Flag != Y.Flag)
        continue;
      FlagState M;
      M.Flag = X.Flag;
      if (X.IsSet && Y.IsSet) {
        M.markSet(X.Set);
        for (const auto &G : Y.Set)
          if (!llvm::is_contained(M.Set, G))
            M.Set.push_back(G);
      }
      if (X.Checked && Y.Checked) {
        M.Checked = true;
        for (const auto &L : X.UnsetUnder)
          if (llvm::is_contained(Y.UnsetUnder, L))
            M.UnsetUnder.push_back(L);
      }
      if (M.IsSet || M.Checked)
        Out.push_back(std::move(M));
    }
  return Out;
}

// ---- std::call_once ---------------------------------------------------------

/// The std::once_flag a std::call_once names: a member of `this` or a
/// variable with static storage (not thread_local); null otherwise.
const ValueDecl *onceFlagOf(const CallExpr *Call) {
  const FunctionDecl *F = Call ? Call->getDirectCallee() : nullptr;
  if (!F || !F->getIdentifier() || F->getName() != "call_once" || Call->getNumArgs() < 2 ||
      qualifiedNameWithoutInlineNamespaces(F) != "std::call_once")
    return nullptr;
  const Expr *E = Call->getArg(0)->IgnoreParenImpCasts();
  const CXXRecordDecl *RD = E->getType().getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || classOrTemplateName(RD) != "std::once_flag")
    return nullptr;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    return V && V->hasGlobalStorage() && V->getTLSKind() == VarDecl::TLS_None ? V : nullptr;
  }
  const auto *ME = dyn_cast<MemberExpr>(E);
  return ME && isa<FieldDecl>(ME->getMemberDecl()) &&
                 isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts())
             ? ME->getMemberDecl()
             : nullptr;
}

/// The call_once's callable as the call it makes (see onceCallable).
std::optional<FollowableCall> callOf(const CallExpr *Call) {
  FollowableCall Out;
  Out.Call = Call;
  const Expr *Callable = ignoreCallableCopies(Call->getArg(1));
  llvm::SmallVector<const Expr *, 4> Args(Call->arg_begin() + 2, Call->arg_end());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Callable)) // a local lambda
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && V->getInit())
      if (const auto *L = dyn_cast<LambdaExpr>(ignoreCallableCopies(V->getInit())))
        Callable = L;
  if (const auto *L = dyn_cast<LambdaExpr>(Callable)) {
    Out.Lambda = L;
    Out.Callee = L->getCallOperator();
  } else {
    if (const auto *U = dyn_cast<UnaryOperator>(Callable); U && U->getOpcode() == UO_AddrOf)
      Callable = U->getSubExpr()->IgnoreParenImpCasts();
    const auto *DRE = dyn_cast<DeclRefExpr>(Callable);
    Out.Callee = DRE ? dyn_cast<FunctionDecl>(DRE->getDecl()) : nullptr;
  }
  const FunctionDecl *Def = nullptr;
  if (!Out.Callee || !Out.Callee->hasBody(Def) || !Def)
    return std::nullopt;
  Out.Callee = Def;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Def); MD && !MD->isStatic() && !Out.Lambda) {
    if (Args.empty())
      return std::nullopt;
    Out.Object = Args.front(); // std::invoke(&C::m, obj, args...)
    Args.erase(Args.begin());
  }
  Out.Args.append(Args.begin(), Args.end());
  return Out;
}

/// The callable keeps the `this` of the call_once's function.
bool keepsThis(const FollowableCall &C) {
  if (C.Lambda)
    return llvm::any_of(C.Lambda->captures(), [](const LambdaCapture &Cap) {
      return Cap.capturesThis() && Cap.getCaptureKind() == LCK_This;
    });
  return C.Object && isa<CXXThisExpr>(C.Object->IgnoreParenImpCasts());
}

/// A call of a method on `this` (which keeps it).
bool callOnThis(const Expr *Hop) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(Hop);
  const Expr *Object = MC ? MC->getImplicitObjectArgument() : nullptr;
  return Object && isa<CXXThisExpr>(Object->IgnoreParenImpCasts());
}

/// The access itself (in the callee when it was lifted to a call) and every
/// call that led to it, outermost first.
std::pair<const MapAccess *, std::vector<const Expr *>> innermost(const ResolvedAccess &A) {
  std::vector<const Expr *> Hops = A.Hops;
  if (!A.InCallee.Site)
    return {&A.Access, Hops};
  Hops.push_back(dyn_cast<Expr>(A.Access.Site));
  llvm::append_range(Hops, A.CalleeHops);
  return {&A.InCallee, Hops};
}
} // namespace

struct OneTimeInit::Impl {
  Impl(AnalysisSession &Session, FunctionLockSets &LockSets)
      : Session(Session), LockSets(LockSets), Ctx(Session.context()) {}

  AnalysisSession &Session;
  FunctionLockSets &LockSets;
  ASTContext &Ctx;

  /// Per flag: its publishing stores, or nullopt once something else changes it.
  struct Stores {
    bool OnlyPublishing = true;
    std::vector<std::pair<const FunctionDecl *, const Stmt *>> Sites;
  };
  std::optional<llvm::DenseMap<const ValueDecl *, Stores>> Flags;

  /// Per function: the flag state at the entry of each reached block.
  struct Flow {
    const FunctionCFG *Cfg = nullptr;
    llvm::DenseMap<const CFGBlock *, State> In;
  };
  llvm::DenseMap<const Decl *, std::unique_ptr<Flow>> Flows;

  /// One walk of the translation unit: every change of every atomic<bool>.
  const llvm::DenseMap<const ValueDecl *, Stores> &flags() {
    if (Flags)
      return *Flags;
    Flags.emplace();
    for (const FunctionDecl *F : Session.definitions())
      forEachStmt(F->getBody(), [&](const Stmt *S) {
        if (std::optional<Change> C = changeOf(S, Ctx)) {
          Stores &Of = (*Flags)[C->Flag];
          Of.OnlyPublishing &= C->Publishes;
          Of.Sites.emplace_back(F, S);
        }
      });
    return *Flags;
  }

  const Stores *publishingStores(const ValueDecl *Flag) {
    auto It = flags().find(Flag);
    return It != flags().end() && It->second.OnlyPublishing ? &It->second : nullptr;
  }

  void applyElement(const Decl *F, const CFGElement &E, State &S) {
    auto Elem = E.getAs<CFGStmt>();
    std::optional<Change> C = Elem ? changeOf(Elem->getStmt(), Ctx) : std::nullopt;
    if (!C)
      return;
    FlagState &FS = stateOf(S, C->Flag);
    if (!C->Publishes) {
      FS.IsSet = false;
      return;
    }
    if (FS.IsSet)
      return;
    std::vector<ContainerPath> Group;
    LockSet AtStore = LockSets.heldAt(F, Elem->getStmt()); // the pointers below point into it
    for (const HeldLock *L : exclusiveLocks(AtStore))
      Group.push_back(L->Mutex);
    if (!Group.empty()) // the path stored it itself, holding one of these
      FS.markSet({std::move(Group)});
  }

  /// Out of P along its successor Index.
  State edgeOut(const Decl *F, const CFGBlock &P, unsigned Index, State S) {
    std::optional<Test> T = testOf(P, Ctx);
    if (!T)
      return S;
    FlagState &FS = stateOf(S, T->L.Flag);
    LockSet AtTest = LockSets.heldAt(F, T->Cond); // the pointers below point into it
    std::vector<const HeldLock *> Held = exclusiveLocks(AtTest);
    if (Index == T->SetSucc) {
      FS.Checked = false;
      FS.UnsetUnder.clear();
      if (T->L.Acquires)
        FS.markSet({});
      else if (!FS.IsSet && !Held.empty()) {
        std::vector<ContainerPath> Group;
        Group.reserve(Held.size());
        for (const HeldLock *L : Held)
          Group.push_back(L->Mutex);
        FS.markSet({std::move(Group)});
      }
      return S;
    }
    FS.IsSet = false;
    FS.Set.clear();
    FS.Checked = true;
    FS.UnsetUnder.clear();
    for (const HeldLock *L : Held)
      FS.UnsetUnder.emplace_back(L->Mutex, L->AcquiredAt);
    return S;
  }

  State blockOut(const Decl *F, const CFGBlock &B, State S, unsigned Upto) {
    for (unsigned I = 0; I < Upto && I < B.size(); ++I)
      applyElement(F, B[I], S);
    return S;
  }

  /// A forward "must" dataflow in reverse post-order, to a fixpoint.
  const Flow *flow(const Decl *F) {
    std::unique_ptr<Flow> &Slot = Flows[F];
    if (Slot)
      return Slot.get();
    const FunctionCFG *G = Session.cfg(F);
    if (!G || !G->valid())
      return nullptr;
    Slot = std::make_unique<Flow>();
    Slot->Cfg = G;
    Flow &Fl = *Slot;
    PostOrderCFGView Order(&G->cfg());
    std::vector<const CFGBlock *> Blocks(Order.begin(), Order.end());
    std::reverse(Blocks.begin(), Blocks.end());
    Fl.In[&G->cfg().getEntry()] = {};
    for (unsigned Round = 0, Changed = 1; Changed && Round < 16; ++Round) {
      Changed = 0;
      for (const CFGBlock *B : Blocks) {
        if (B == &G->cfg().getEntry())
          continue;
        std::optional<State> In;
        for (const CFGBlock::AdjacentBlock &Pred : B->preds()) {
          const CFGBlock *P = Pred.getReachableBlock();
          auto Known = P ? Fl.In.find(P) : Fl.In.end();
          if (Known == Fl.In.end())
            continue; // not reached yet: optimistic
          unsigned Index = 0;
          for (const CFGBlock::AdjacentBlock &Succ : P->succs()) {
            if (Succ.getReachableBlock() == B) {
              State Out = edgeOut(F, *P, Index, blockOut(F, *P, Known->second, P->size()));
              In = In ? meet(*In, Out) : Out;
            }
            ++Index;
          }
        }
        if (!In)
          continue;
        auto [It, New] = Fl.In.try_emplace(B, *In);
        if (New || !(It->second == *In)) {
          It->second = std::move(*In);
          Changed = 1;
        }
      }
      if (Changed && Round == 15)
        Fl.In.clear(); // no fixpoint within the budget: nothing is known
    }
    return Slot.get();
  }

  /// The flag states just before S in F; empty when unknown.
  State before(const Decl *F, const Stmt *S) {
    const Flow *Fl = flow(F);
    if (!Fl)
      return {};
    auto [B, I] = Fl->Cfg->locate(S);
    if (!B)
      return {};
    auto In = Fl->In.find(B);
    if (In == Fl->In.end())
      return {};
    return blockOut(F, *B, In->second, I);
  }

  static const Stmt *anchorOf(const MapAccess &A) {
    return A.Kind == AccessKind::Iterate ? static_cast<const Stmt *>(A.Object) : A.Site;
  }

  /// Every path from W reaches a publishing store of Flag in W's acquisition
  /// of Mutex (or ends in a call that never returns).
  bool storedAfter(const MapAccess &W, const ValueDecl *Flag, const HeldLock &Mutex) {
    const FunctionCFG *G = Session.cfg(W.Function);
    auto [Start, Index] = G ? G->locate(anchorOf(W)) : std::make_pair(nullptr, 0u);
    if (!Start)
      return false;
    llvm::SmallVector<std::pair<const CFGBlock *, unsigned>, 8> Work{{Start, Index + 1}};
    llvm::DenseSet<const CFGBlock *> Seen;
    while (!Work.empty()) {
      auto [B, From] = Work.pop_back_val();
      bool Stored = false;
      for (unsigned I = From; I < B->size() && !Stored; ++I) {
        auto Elem = (*B)[I].getAs<CFGStmt>();
        std::optional<Change> C = Elem ? changeOf(Elem->getStmt(), Ctx) : std::nullopt;
        if (!C || C->Flag != Flag)
          continue;
        const HeldLock *L = LockSets.heldAt(W.Function, Elem->getStmt()).find(Mutex.Mutex);
        if (!C->Publishes || !L || L->AcquiredAt != Mutex.AcquiredAt)
          return false;
        Stored = true;
      }
      if (Stored || B->hasNoReturnElement())
        continue;
      if (B == &G->cfg().getExit())
        return false;
      for (const CFGBlock::AdjacentBlock &Succ : B->succs())
        if (const CFGBlock *Next = Succ.getReachableBlock(); Next && Seen.insert(Next).second)
          Work.emplace_back(Next, 0);
    }
    return true;
  }

  /// The mutex whose acquisition makes W the one initialising write of Flag.
  std::optional<ContainerPath> initialisedUnder(const MapAccess &W, const ValueDecl *Flag) {
    const Stores *Publishing = publishingStores(Flag);
    if (!Publishing || Publishing->Sites.empty() ||
        (isa<FieldDecl>(Flag) && !W.Path.isThisRooted()))
      return std::nullopt;
    State S = before(W.Function, anchorOf(W));
    const FlagState *FS = nullptr;
    for (const FlagState &X : S)
      FS = X.Flag == Flag ? &X : FS;
    if (!FS || !FS->Checked)
      return std::nullopt;
    LockSet Held = LockSets.heldAt(W.Function, anchorOf(W));
    for (const HeldLock *L : exclusiveLocks(Held)) {
      if (!llvm::is_contained(FS->UnsetUnder, std::make_pair(L->Mutex, L->AcquiredAt)))
        continue;
      bool EveryStoreHolds = llvm::all_of(Publishing->Sites, [&](const auto &Site) {
        LockSet AtStore = LockSets.heldAt(Site.first, Site.second);
        const HeldLock *M = AtStore.isUnknown() ? nullptr : AtStore.find(L->Mutex);
        return M && !M->Shared;
      });
      if (EveryStoreHolds && storedAfter(W, Flag, *L))
        return L->Mutex;
    }
    return std::nullopt;
  }

  /// The flags known set just before R, with what their proofs require.
  State knownSet(const MapAccess &R) {
    State S = before(R.Function, anchorOf(R));
    llvm::erase_if(S, [&](const FlagState &X) {
      return !X.IsSet || !publishingStores(X.Flag) ||
             (isa<FieldDecl>(X.Flag) && !R.Path.isThisRooted());
    });
    return S;
  }

  bool orders(const MapAccess &W, const MapAccess &R) {
    if (W.Kind != AccessKind::Write || R.Kind == AccessKind::Write || flags().empty())
      return false;
    for (const FlagState &X : knownSet(R)) {
      std::optional<ContainerPath> M = initialisedUnder(W, X.Flag);
      if (!M)
        continue;
      if (llvm::all_of(X.Set, [&](const auto &G) { return llvm::is_contained(G, *M); }))
        return true;
    }
    return false;
  }

  const ValueDecl *onceRunning(const ResolvedAccess &A) {
    auto [Access, Hops] = innermost(A);
    for (unsigned I = Hops.size(); I-- > 0;) {
      const auto *Call = dyn_cast_or_null<CallExpr>(Hops[I]);
      const ValueDecl *Flag = onceFlagOf(Call);
      std::optional<FollowableCall> Runs = Flag ? callOf(Call) : std::nullopt;
      if (!Runs)
        continue;
      if (isa<VarDecl>(Flag))
        return Flag;
      // A member flag orders this object's maps only, reached through `this`.
      bool KeepsThis =
          Access->Path.isThisRooted() && keepsThis(*Runs) &&
          llvm::all_of(llvm::ArrayRef<const Expr *>(Hops).drop_front(I + 1), callOnThis);
      return KeepsThis ? Flag : nullptr;
    }
    return nullptr;
  }

  /// Per function and flag: the sites every path to which passes a
  /// call_once on the flag (filled on demand).
  llvm::DenseMap<std::pair<const Stmt *, const ValueDecl *>, bool> After;

  /// Every path from the entry of A's function to A passes a call_once on Flag.
  bool afterOnce(const MapAccess &A, const ValueDecl *Flag) {
    auto [It, New] = After.try_emplace({anchorOf(A), Flag}, false);
    if (!New)
      return It->second;
    const FunctionCFG *G = Session.cfg(A.Function);
    auto [Target, Index] = G ? G->locate(anchorOf(A)) : std::make_pair(nullptr, 0u);
    if (!Target || (isa<FieldDecl>(Flag) && !A.Path.isThisRooted()))
      return false;
    // Search for a path that avoids every call_once on Flag.
    llvm::SmallVector<const CFGBlock *, 8> Work{&G->cfg().getEntry()};
    llvm::DenseSet<const CFGBlock *> Seen{&G->cfg().getEntry()};
    while (!Work.empty()) {
      const CFGBlock *B = Work.pop_back_val();
      unsigned End = B == Target ? Index : B->size();
      bool Passes = false;
      for (unsigned I = 0; I < End && !Passes; ++I)
        if (auto Elem = (*B)[I].getAs<CFGStmt>())
          Passes = onceFlagOf(dyn_cast<CallExpr>(Elem->getStmt())) == Flag;
      if (Passes)
        continue;
      if (B == Target)
        return false; // reached without one
      for (const CFGBlock::AdjacentBlock &Succ : B->succs())
        if (const CFGBlock *Next = Succ.getReachableBlock(); Next && Seen.insert(Next).second)
          Work.push_back(Next);
    }
    After[{anchorOf(A), Flag}] = true;
    return true;
  }

  bool ordersByOnce(const ResolvedAccess &A, const ResolvedAccess &B) {
    const ValueDecl *InA = onceRunning(A);
    const ValueDecl *InB = onceRunning(B);
    if (!InA && !InB)
      return false;
    const MapAccess &RealA = *innermost(A).first;
    const MapAccess &RealB = *innermost(B).first;
    auto SameObject = [&](const ValueDecl *Flag, const MapAccess &X, const MapAccess &Y) {
      return isa<VarDecl>(Flag) || X.Path == Y.Path; // both through the owner's `this`
    };
    if (InA && InA == InB) // the one execution, or none
      return SameObject(InA, RealA, RealB);
    return (InA && SameObject(InA, RealA, B.Access) && afterOnce(B.Access, InA)) ||
           (InB && SameObject(InB, RealB, A.Access) && afterOnce(A.Access, InB));
  }

  /// Per function: whether it calls std::call_once on an identified flag.
  llvm::DenseMap<const Decl *, bool> CallsOnce;

  bool callsOnce(const Decl *F) {
    auto Known = CallsOnce.find(F);
    if (Known != CallsOnce.end())
      return Known->second;
    bool Calls = false;
    forEachStmt(F->getBody(),
                [&](const Stmt *S) { Calls = Calls || onceFlagOf(dyn_cast<CallExpr>(S)); });
    CallsOnce[F] = Calls;
    return Calls;
  }

  llvm::DenseMap<const Stmt *, bool> MayOrder; ///< per access site

  bool mayOrder(const MapAccess &A) {
    if (A.Function && callsOnce(A.Function))
      return true; // it may follow a std::call_once
    if (flags().empty())
      return false;
    auto [It, New] = MayOrder.try_emplace(A.Site, false);
    if (!New)
      return It->second;
    bool May = false;
    if (A.Kind != AccessKind::Write)
      May = !knownSet(A).empty();
    else
      for (const auto &KV : flags())
        May = May || initialisedUnder(A, KV.first);
    MayOrder[A.Site] = May;
    return May;
  }
};

OneTimeInit::OneTimeInit(AnalysisSession &Session, FunctionLockSets &LockSets)
    : P(std::make_unique<Impl>(Session, LockSets)) {}

OneTimeInit::~OneTimeInit() = default;

bool OneTimeInit::orders(const MapAccess &Write, const MapAccess &Read) {
  return P->orders(Write, Read);
}

bool OneTimeInit::mayOrder(const MapAccess &A) { return P->mayOrder(A); }

bool OneTimeInit::ordersByOnce(const ResolvedAccess &A, const ResolvedAccess &B) {
  return P->ordersByOnce(A, B);
}

const ValueDecl *OneTimeInit::onceRunning(const ResolvedAccess &A) { return P->onceRunning(A); }

std::optional<FollowableCall> onceCallable(const CallExpr *Call) {
  return onceFlagOf(Call) ? callOf(Call) : std::nullopt;
}

} // namespace mapsafety
