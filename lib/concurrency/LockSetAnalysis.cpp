//===- LockSetAnalysis.cpp - which mutexes are held at each statement -------===//
#include "mapsafety/concurrency/LockSetAnalysis.h"
#include "mapsafety/support/AnalysisSession.h"
#include "mapsafety/support/SourceText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/FlowSensitive/DataflowWorklist.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace mapsafety {

// ---- LockSet ---------------------------------------------------------------

LockSet LockSet::unknown() {
  LockSet S;
  S.Indeterminate = true;
  return S;
}

const HeldLock *LockSet::find(const ContainerPath &Mutex) const {
  for (const HeldLock &L : Locks)
    if (!L.Unknown && L.Mutex == Mutex)
      return &L;
  return nullptr;
}

bool LockSet::holdsUnknown() const {
  return Indeterminate || llvm::any_of(Locks, [](const HeldLock &L) { return L.Unknown; });
}

void LockSet::add(const HeldLock &L) {
  for (HeldLock &Existing : Locks)
    if (Existing.Unknown == L.Unknown && Existing.Mutex == L.Mutex &&
        (!L.Unknown || Existing.Guard == L.Guard)) {
      Existing = L;
      return;
    }
  Locks.push_back(L);
}

void LockSet::remove(const ContainerPath &Mutex) {
  llvm::erase_if(Locks, [&](const HeldLock &L) { return L.Mutex == Mutex; });
}

void LockSet::removeGuard(const VarDecl *Guard) {
  llvm::erase_if(Locks, [&](const HeldLock &L) { return L.Guard == Guard; });
}

void LockSet::moveGuard(const VarDecl *From, const VarDecl *To) {
  LockSet Moved;
  for (const HeldLock &L : Locks)
    if (L.Guard == From) {
      HeldLock N = L;
      N.Guard = To;
      Moved.add(N);
    }
  removeGuard(From);
  unionWith(Moved);
}

void LockSet::intersect(const LockSet &Other) {
  Indeterminate |= Other.Indeterminate;
  llvm::erase_if(Locks, [&](HeldLock &L) {
    if (L.Unknown)
      return !llvm::any_of(Other.Locks, [&](const HeldLock &O) {
        return O.Unknown && O.Guard == L.Guard;
      });
    const HeldLock *O = Other.find(L.Mutex);
    if (!O)
      return true;
    L.Shared |= O->Shared;
    if (L.Guard != O->Guard)
      L.Guard = nullptr;
    return false;
  });
}

void LockSet::unionWith(const LockSet &Other) {
  Indeterminate |= Other.Indeterminate;
  for (const HeldLock &L : Other.Locks)
    if (!find(L.Mutex))
      Locks.push_back(L);
}

bool LockSet::operator==(const LockSet &Other) const {
  if (Locks.size() != Other.Locks.size() || Indeterminate != Other.Indeterminate)
    return false;
  for (const HeldLock &L : Locks) {
    // Unknown locks have no mutex to look up: they match by guard.
    bool Same = llvm::any_of(Other.Locks, [&](const HeldLock &O) {
      return O.Unknown == L.Unknown && O.Shared == L.Shared && O.Guard == L.Guard &&
             (L.Unknown || O.Mutex == L.Mutex);
    });
    if (!Same)
      return false;
  }
  return true;
}

// ---- attributes --------------------------------------------------------------

std::vector<const Expr *> capabilityArguments(const NamedDecl *D, llvm::StringRef Which) {
  std::vector<const Expr *> Args;
  auto Take = [&](auto Range) {
    for (const Expr *E : Range)
      Args.push_back(E);
  };
  if (Which == "acquire" || Which == "acquire_shared") {
    for (const auto *A : D->specific_attrs<AcquireCapabilityAttr>())
      if (A->isShared() == (Which == "acquire_shared"))
        Take(A->args());
    for (const auto *A : D->specific_attrs<AssertCapabilityAttr>())
      if (A->isShared() == (Which == "acquire_shared"))
        Take(A->args());
  } else if (Which == "release") {
    for (const auto *A : D->specific_attrs<ReleaseCapabilityAttr>())
      Take(A->args());
  } else if (Which == "requires" || Which == "requires_shared") {
    for (const auto *A : D->specific_attrs<RequiresCapabilityAttr>())
      if (A->isShared() == (Which == "requires_shared"))
        Take(A->args());
  }
  return Args;
}

std::string printedName(const Expr *E, ASTContext &Ctx) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  E->IgnoreParenImpCasts()->printPretty(OS, nullptr, Ctx.getPrintingPolicy());
  OS.flush();
  if (Text.rfind("this->", 0) == 0)
    Text = Text.substr(6);
  return Text;
}

std::optional<HeldLock> lockNamedBy(const Expr *Capability, ASTContext &Ctx) {
  const Expr *E = Capability->IgnoreParenImpCasts();
  std::optional<ContainerPath> P =
      E->getType()->isPointerType() ? resolvePointee(E, Ctx) : resolveObject(E, Ctx);
  if (!P)
    return std::nullopt;
  HeldLock L;
  L.Mutex = *P;
  L.Spelling = E;
  L.SpellingIsPrinted = true;
  return L;
}

std::string lockName(const HeldLock &L, ASTContext &Ctx) {
  if (L.Synthetic)
    return L.Synthetic;
  if (!L.Spelling)
    return "";
  std::string Name;
  if (L.SpellingIsPrinted) {
    Name = printedName(L.Spelling, Ctx);
  } else {
    Name = displayText(L.Spelling, Ctx);
    if (L.Spelling->getType()->isPointerType() && Name.size() > 1 && Name[0] == '&')
      Name = Name.substr(1);
  }
  return L.Owner ? displayText(L.Owner, Ctx) + "." + Name : Name;
}

// ---- the transfer function ---------------------------------------------------

namespace {
const VarDecl *localVarOf(const Expr *E) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(ignoreCastsAndTemporaries(E)))
    return dyn_cast<VarDecl>(DRE->getDecl());
  return nullptr;
}

/// The guard variable a move constructor or move assignment takes over:
/// `l1` in `std::move(l1)`.
const VarDecl *movedFromGuard(const Expr *Source) {
  if (const auto *Call = dyn_cast<CallExpr>(ignoreCastsAndTemporaries(Source));
      Call && Call->getNumArgs() == 1)
    Source = Call->getArg(0);
  return localVarOf(Source);
}

/// T, or what it points to: the object type of `mu.lock()` or `mu->lock()`.
QualType pointeeOrSelf(QualType T) { return T->isPointerType() ? T->getPointeeType() : T; }

llvm::StringRef calleeName(const FunctionDecl *FD) {
  return FD && FD->getIdentifier() ? FD->getName() : llvm::StringRef();
}

/// A call's callee, implicit object and arguments, whatever its syntax.
struct CallParts {
  const FunctionDecl *Callee = nullptr;
  const Expr *Object = nullptr;
  llvm::ArrayRef<const Expr *> Args;
};
} // namespace

/// What one CFG element does to a lock set: the lock model's facts applied.
class LockSetAnalysis::Transfer {
public:
  Transfer(const LockModel &Model, ASTContext &Ctx) : Model(Model), Ctx(Ctx) {}

  /// Applies elements [From, To) of Block to Set.
  void elements(const CFGBlock &Block, unsigned From, unsigned To, LockSet &Set) const {
    for (unsigned I = From; I < To && I < Block.size(); ++I) {
      const CFGElement &E = Block[I];
      if (auto S = E.getAs<CFGStmt>())
        statement(S->getStmt(), Set);
      else if (auto D = E.getAs<CFGAutomaticObjDtor>())
        Set.removeGuard(D->getVarDecl());
    }
  }

  /// The edge from From to its successor number SuccIndex: a successful
  /// try_lock holds its mutex on the branch that checked it.
  void edge(const CFGBlock &From, unsigned SuccIndex, LockSet &Set) const;

private:
  void statement(const Stmt *S, LockSet &Set) const {
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D); V && V->getInit())
          guardDeclared(V, Set);
      return;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
      guardAssigned(Op, Set);
      return;
    }
    std::optional<CallParts> Call = partsOf(S);
    if (!Call || !Call->Callee)
      return;
    if (annotatedCall(*Call, S->getBeginLoc(), Set))
      return;
    if (!Call->Object)
      freeCall(*Call, S->getBeginLoc(), Set);
    else if (const VarDecl *Guard = localVarOf(Call->Object);
             Guard && Model.guardKind(Guard->getType()))
      guardMethodCall(Guard, calleeName(Call->Callee), S->getBeginLoc(), Set);
    else
      mutexMethodCall(Call->Object, calleeName(Call->Callee), S->getBeginLoc(), Set);
  }

  static std::optional<CallParts> partsOf(const Stmt *S) {
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
      return CallParts{MC->getMethodDecl(), MC->getImplicitObjectArgument(),
                       {MC->getArgs(), MC->getNumArgs()}};
    if (const auto *Call = dyn_cast<CallExpr>(S))
      return CallParts{Call->getDirectCallee(), nullptr, {Call->getArgs(), Call->getNumArgs()}};
    return std::nullopt;
  }

  /// lock_guard g(mu), unique_lock l(mu, defer_lock), unique_lock l2(std::move(l1)).
  void guardDeclared(const VarDecl *V, LockSet &Set) const;
  /// lk2 = std::move(lk1): what lk2 held is unlocked, what lk1 held is lk2's.
  void guardAssigned(const CXXOperatorCallExpr *Op, LockSet &Set) const;
  /// Functions with Clang's capability attributes; false when it has none.
  bool annotatedCall(const CallParts &Call, SourceLocation At, LockSet &Set) const;
  /// lk.lock(), lk.unlock(), lk.release() on a guard variable.
  void guardMethodCall(const VarDecl *Guard, llvm::StringRef Name, SourceLocation At,
                       LockSet &Set) const;
  /// mu.lock(), mu->unlock(), mu.lock_shared() on a mutex.
  void mutexMethodCall(const Expr *Object, llvm::StringRef Name, SourceLocation At,
                       LockSet &Set) const;
  /// std::lock(a, b), pthread_mutex_lock(&m), pthread_mutex_unlock(&m).
  void freeCall(const CallParts &Call, SourceLocation At, LockSet &Set) const;

  HeldLock onObject(HeldLock L, const Expr *Capability, const Expr *Object) const;
  std::optional<HeldLock> lockOf(const Expr *MutexExpr, bool Shared, const VarDecl *Guard,
                                 SourceLocation At) const;
  /// The lock a guard's binding names, if the guard is bound to one mutex.
  std::optional<HeldLock> boundLock(const VarDecl *Guard, SourceLocation At) const {
    auto B = Bindings.find(Guard);
    if (B == Bindings.end())
      return std::nullopt;
    return lockOf(B->second.MutexExpr, B->second.Shared, Guard, At);
  }

  const LockModel &Model;
  ASTContext &Ctx;
  /// Guards and the mutex they manage, held or not (defer_lock, try_to_lock).
  struct GuardBinding {
    const Expr *MutexExpr;
    bool Shared;
  };
  mutable llvm::DenseMap<const VarDecl *, GuardBinding> Bindings;
};

std::optional<HeldLock> LockSetAnalysis::Transfer::lockOf(const Expr *MutexExpr, bool Shared,
                                                          const VarDecl *Guard,
                                                          SourceLocation At) const {
  if (!MutexExpr)
    return std::nullopt;
  const Expr *E = MutexExpr->IgnoreParenImpCasts();
  std::optional<ContainerPath> Path =
      E->getType()->isPointerType() ? resolvePointee(E, Ctx) : resolveObject(E, Ctx);
  HeldLock L;
  if (Path) {
    L.Mutex = *Path;
  } else {
    // Held for sure, but on which mutex we cannot tell. Only scoped guards are
    // kept that way (their release is certain); an unknown manual unlock()
    // could not be matched with its lock().
    if (!Guard)
      return std::nullopt;
    L.Unknown = true;
  }
  L.Shared = Shared;
  L.Guard = Guard;
  L.AcquiredAt = At;
  L.Spelling = E;
  return L;
}

HeldLock LockSetAnalysis::Transfer::onObject(HeldLock L, const Expr *Capability,
                                             const Expr *Object) const {
  // ACQUIRE(mu_) on a method names the callee's this->mu_: for obj.lock() it
  // is obj.mu_.
  if (!Object || Capability == Object || L.Unknown || !L.Mutex.isThisRooted())
    return L;
  const Expr *O = Object->IgnoreParenImpCasts();
  if (isa<CXXThisExpr>(O))
    return L;
  std::optional<ContainerPath> ObjPath =
      O->getType()->isPointerType() ? resolvePointee(O, Ctx) : resolveObject(O, Ctx);
  if (std::optional<ContainerPath> P = ObjPath ? rebase(L.Mutex, ContainerPath{}, *ObjPath)
                                               : std::nullopt) {
    L.Mutex = *P;
    L.Owner = O;
  } else {
    L.Unknown = true;
  }
  return L;
}

void LockSetAnalysis::Transfer::guardDeclared(const VarDecl *V, LockSet &Set) const {
  std::optional<LockModel::GuardKind> Kind = Model.guardKind(V->getType());
  if (!Kind)
    return;
  const auto *Construct = dyn_cast<CXXConstructExpr>(ignoreCastsAndTemporaries(V->getInit()));
  if (!Construct)
    return;
  bool Shared = *Kind == LockModel::GuardKind::Shared;
  // unique_lock l2(std::move(l1)): l2 takes over what l1 held.
  if (Construct->getNumArgs() == 1 && Model.guardKind(Construct->getArg(0)->getType())) {
    if (const VarDecl *Old = movedFromGuard(Construct->getArg(0))) {
      Set.moveGuard(Old, V);
      auto B = Bindings.find(Old);
      if (B != Bindings.end())
        Bindings[V] = B->second;
    }
    return;
  }
  LockModel::GuardTag Tag = LockModel::GuardTag::None;
  llvm::SmallVector<const Expr *, 2> MutexArgs;
  for (const Expr *Arg : Construct->arguments()) {
    if (isa<CXXDefaultArgExpr>(Arg))
      continue;
    LockModel::GuardTag T = LockModel::guardTag(Arg->getType());
    if (T != LockModel::GuardTag::None)
      Tag = T;
    else if (MutexArgs.empty() || Model.isMutexType(Arg->getType()) ||
             (Arg->getType()->isPointerType() &&
              Model.isMutexType(Arg->getType()->getPointeeType())))
      MutexArgs.push_back(Arg);
  }
  // Timed constructors (unique_lock(mu, 100ms)) try: like try_to_lock.
  if (Tag == LockModel::GuardTag::None && MutexArgs.size() == 2 &&
      !Model.isMutexType(MutexArgs[1]->getType())) {
    Tag = LockModel::GuardTag::TryTo;
    MutexArgs.pop_back();
  }
  if (MutexArgs.size() == 1)
    Bindings[V] = {MutexArgs[0], Shared};
  if (Tag == LockModel::GuardTag::Defer || Tag == LockModel::GuardTag::TryTo)
    return;
  for (const Expr *Arg : MutexArgs)
    if (std::optional<HeldLock> L = lockOf(Arg, Shared, V, V->getLocation()))
      Set.add(*L);
}

void LockSetAnalysis::Transfer::guardAssigned(const CXXOperatorCallExpr *Op, LockSet &Set) const {
  if (Op->getOperator() != OO_Equal || Op->getNumArgs() != 2 ||
      !Model.isMovableGuard(Op->getArg(0)->getType()))
    return;
  const VarDecl *To = localVarOf(Op->getArg(0));
  const VarDecl *Old = movedFromGuard(Op->getArg(1));
  if (To && Old) {
    Set.removeGuard(To);
    Set.moveGuard(Old, To);
  }
}

bool LockSetAnalysis::Transfer::annotatedCall(const CallParts &Call, SourceLocation At,
                                              LockSet &Set) const {
  LockModel::Annotated Effect = LockModel::annotatedEffect(Call.Callee);
  if (Effect == LockModel::Annotated::None)
    return false;
  const char *Which = Effect == LockModel::Annotated::Release         ? "release"
                      : Effect == LockModel::Annotated::AcquireShared ? "acquire_shared"
                                                                       : "acquire";
  std::vector<const Expr *> Caps = capabilityArguments(Call.Callee, Which);
  // An attribute argument naming a parameter (libc++'s `std::lock(l0, l1)
  // ACQUIRE(l0, l1)`) means the call's argument.
  for (const Expr *&C : Caps)
    if (const auto *DRE = dyn_cast<DeclRefExpr>(C->IgnoreParenImpCasts()))
      if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl());
          P && P->getDeclContext() == Call.Callee && P->getFunctionScopeIndex() < Call.Args.size())
        C = Call.Args[P->getFunctionScopeIndex()];
  if (Caps.empty() && Call.Object) // ACQUIRE() on a method: the object itself
    Caps.push_back(Call.Object);
  bool Shared = Effect == LockModel::Annotated::AcquireShared;
  for (const Expr *C : Caps)
    if (std::optional<HeldLock> L = lockOf(C, Shared, nullptr, At)) {
      HeldLock Named = onObject(*L, C, Call.Object);
      if (Effect == LockModel::Annotated::Release)
        Set.remove(Named.Mutex);
      else
        Set.add(Named);
    }
  return true;
}

void LockSetAnalysis::Transfer::guardMethodCall(const VarDecl *Guard, llvm::StringRef Name,
                                                SourceLocation At, LockSet &Set) const {
  if (Name == "unlock") {
    Set.removeGuard(Guard);
  } else if (Name == "lock") {
    if (std::optional<HeldLock> L = boundLock(Guard, At))
      Set.add(*L);
  } else if (Name == "release") {
    Set.moveGuard(Guard, nullptr);
  }
}

void LockSetAnalysis::Transfer::mutexMethodCall(const Expr *Object, llvm::StringRef Name,
                                                SourceLocation At, LockSet &Set) const {
  LockModel::MutexCall Call = Model.mutexCall(pointeeOrSelf(Object->getType()), Name);
  if (Call == LockModel::MutexCall::Lock || Call == LockModel::MutexCall::LockShared) {
    if (std::optional<HeldLock> L =
            lockOf(Object, Call == LockModel::MutexCall::LockShared, nullptr, At))
      Set.add(*L);
  } else if (Call == LockModel::MutexCall::Unlock) {
    if (std::optional<HeldLock> L = lockOf(Object, false, nullptr, At))
      Set.remove(L->Mutex);
  }
}

void LockSetAnalysis::Transfer::freeCall(const CallParts &Call, SourceLocation At,
                                         LockSet &Set) const {
  LockModel::FreeCall Effect = Model.freeCall(Call.Callee);
  if (Effect == LockModel::FreeCall::LockEach) {
    for (const Expr *Arg : Call.Args)
      if (std::optional<HeldLock> L = lockOf(Arg, false, nullptr, At))
        Set.add(*L);
    return;
  }
  if (Call.Args.size() != 1)
    return;
  std::optional<HeldLock> L =
      lockOf(Call.Args[0], Effect == LockModel::FreeCall::LockShared, nullptr, At);
  if (!L)
    return;
  if (Effect == LockModel::FreeCall::Lock || Effect == LockModel::FreeCall::LockShared)
    Set.add(*L);
  else if (Effect == LockModel::FreeCall::Unlock)
    Set.remove(L->Mutex);
}

void LockSetAnalysis::Transfer::edge(const CFGBlock &From, unsigned SuccIndex,
                                     LockSet &Set) const {
  if (From.succ_size() != 2)
    return;
  const auto *E = dyn_cast_or_null<Expr>(From.getTerminatorCondition());
  if (!E)
    return;
  bool WhenTrue = true;
  E = ignoreCastsAndTemporaries(E);
  while (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() != UO_LNot)
      return;
    WhenTrue = !WhenTrue;
    E = ignoreCastsAndTemporaries(U->getSubExpr());
  }
  // pthread_mutex_trylock(&m) == 0
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    const auto *Call = dyn_cast<CallExpr>(ignoreCastsAndTemporaries(BO->getLHS()));
    const auto *Zero = dyn_cast<IntegerLiteral>(ignoreCastsAndTemporaries(BO->getRHS()));
    if (!Call || !Zero || Zero->getValue() != 0 || Call->getNumArgs() != 1 ||
        Model.freeCall(Call->getDirectCallee()) != LockModel::FreeCall::TryLock)
      return;
    if (BO->getOpcode() == BO_NE)
      WhenTrue = !WhenTrue;
    else if (BO->getOpcode() != BO_EQ)
      return;
    if ((SuccIndex == 0) == WhenTrue)
      if (std::optional<HeldLock> L = lockOf(Call->getArg(0), false, nullptr, Call->getBeginLoc()))
        Set.add(*L);
    return;
  }
  const auto *MC = dyn_cast<CXXMemberCallExpr>(E);
  if (!MC || (SuccIndex == 0) != WhenTrue)
    return;
  const Expr *Object = MC->getImplicitObjectArgument();
  llvm::StringRef Name = calleeName(MC->getMethodDecl());
  // if (lk), if (lk.owns_lock()), if (lk.try_lock()): the guard's mutex is held.
  if (const VarDecl *Guard = localVarOf(Object); Guard && Model.guardKind(Guard->getType())) {
    if (!isa<CXXConversionDecl>(MC->getMethodDecl()) && Name != "owns_lock" && Name != "try_lock")
      return;
    if (std::optional<HeldLock> L = boundLock(Guard, MC->getBeginLoc()))
      Set.add(*L);
    return;
  }
  // if (mu.try_lock())
  LockModel::MutexCall Call = Model.mutexCall(pointeeOrSelf(Object->getType()), Name);
  if (Call == LockModel::MutexCall::TryLock || Call == LockModel::MutexCall::TryLockShared)
    if (std::optional<HeldLock> L = lockOf(Object, Call == LockModel::MutexCall::TryLockShared,
                                           nullptr, MC->getBeginLoc()))
      Set.add(*L);
}

// ---- the dataflow ------------------------------------------------------------

LockSetAnalysis::LockSetAnalysis(const FunctionCFG &Function, const LockModel &Model,
                                 ASTContext &Ctx, LockSet Entry, unsigned BudgetPerBlock)
    : Function(Function), Apply(std::make_unique<Transfer>(Model, Ctx)) {
  if (!Function.valid())
    return;
  const CFG &G = Function.cfg();
  PostOrderCFGView Order(&G);
  ForwardDataflowWorklist Work(G, &Order);
  llvm::DenseMap<const CFGBlock *, LockSet> Out;
  EntrySets[&G.getEntry()] = std::move(Entry);
  Work.enqueueBlock(&G.getEntry());
  // Sets only shrink under intersection, so this settles; the budget guards
  // against pathological CFGs, and running out of it makes every answer unknown.
  unsigned long Budget = static_cast<unsigned long>(BudgetPerBlock) * G.size() + 64;
  while (const CFGBlock *B = Work.dequeue()) {
    if (Budget-- == 0) {
      Complete = false;
      break;
    }
    if (B != &G.getEntry())
      EntrySets[B] = joinPredecessors(*B, Out);
    LockSet Set = EntrySets[B];
    Apply->elements(*B, 0, B->size(), Set);
    auto It = Out.find(B);
    if (It != Out.end() && It->second == Set)
      continue;
    Out[B] = std::move(Set);
    Work.enqueueSuccessors(B);
  }
}

LockSetAnalysis::~LockSetAnalysis() = default;

LockSet LockSetAnalysis::joinPredecessors(
    const CFGBlock &B, const llvm::DenseMap<const CFGBlock *, LockSet> &Out) const {
  // Predecessors not reached yet are left out: optimistic, like Clang's
  // thread-safety analysis; they join in when the worklist reaches them.
  std::optional<LockSet> In;
  for (const CFGBlock::AdjacentBlock &P : B.preds()) {
    const CFGBlock *Pred = P.getReachableBlock();
    auto PredOut = Pred ? Out.find(Pred) : Out.end();
    if (PredOut == Out.end())
      continue;
    LockSet FromPred = PredOut->second;
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &S : Pred->succs()) {
      if (S.getReachableBlock() == &B) {
        Apply->edge(*Pred, Index, FromPred);
        break;
      }
      ++Index;
    }
    if (!In)
      In = std::move(FromPred);
    else
      In->intersect(FromPred);
  }
  return In.value_or(LockSet());
}

LockSet LockSetAnalysis::heldAt(const Stmt *S) const {
  auto [Block, Index] = Function.locate(S);
  if (!Block)
    return {};
  auto It = EntrySets.find(Block);
  if (!Complete || It == EntrySets.end())
    return LockSet::unknown();
  // Replaying a block from its start for every query is quadratic in the
  // block's length (a function of thousands of lock scopes): keep the set at
  // every Stride-th element, computed on the first query into the block.
  constexpr unsigned Stride = 16;
  std::vector<LockSet> &Marks = Checkpoints[Block];
  if (Marks.empty()) {
    LockSet Set = It->second;
    Marks.push_back(Set);
    for (unsigned I = Stride; I <= Block->size(); I += Stride) {
      Apply->elements(*Block, I - Stride, I, Set);
      Marks.push_back(Set);
    }
  }
  unsigned Mark = std::min<unsigned>(Index / Stride, Marks.size() - 1);
  LockSet Set = Marks[Mark];
  Apply->elements(*Block, Mark * Stride, Index, Set);
  return Set;
}

// ---- per translation unit ------------------------------------------------------

FunctionLockSets::FunctionLockSets(AnalysisSession &Session, const LockModel &Model)
    : Session(Session), Model(Model) {}

FunctionLockSets &FunctionLockSets::in(AnalysisSession &Session, const LockModel &Model) {
  return Session.partFor<FunctionLockSets>({&Model}, [&] {
    return std::make_unique<FunctionLockSets>(Session, Model);
  });
}

const LockSetAnalysis *FunctionLockSets::of(const Decl *F) {
  std::unique_ptr<LockSetAnalysis> &Slot = Analyses[F];
  if (!Slot) {
    const FunctionCFG *G = Session.cfg(F);
    if (!G || !G->valid())
      return nullptr;
    Slot = std::make_unique<LockSetAnalysis>(*G, Model, Session.context());
  }
  return Slot.get();
}

LockSet FunctionLockSets::heldAt(const Decl *F, const Stmt *S) {
  const LockSetAnalysis *A = of(F);
  return A ? A->heldAt(S) : LockSet::unknown();
}

} // namespace mapsafety
