//===- LockSetAnalysis.cpp - which mutexes are held at each statement -------===//
#include "mapsafety/LockSetAnalysis.h"
#include "mapsafety/ContainerModel.h"
#include "mapsafety/SourceText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include <deque>

using namespace clang;

namespace mapsafety {

// ---- LockSet ---------------------------------------------------------------

const HeldLock *LockSet::find(const ContainerPath &Mutex) const {
  for (const HeldLock &L : Locks)
    if (!L.Unknown && L.Mutex == Mutex)
      return &L;
  return nullptr;
}

bool LockSet::holdsUnknown() const {
  return llvm::any_of(Locks, [](const HeldLock &L) { return L.Unknown; });
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
  for (const HeldLock &L : Other.Locks)
    if (!find(L.Mutex))
      Locks.push_back(L);
}

bool LockSet::operator==(const LockSet &Other) const {
  if (Locks.size() != Other.Locks.size())
    return false;
  for (const HeldLock &L : Locks) {
    const HeldLock *O = Other.find(L.Mutex);
    if (!O || O->Shared != L.Shared || O->Guard != L.Guard)
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

namespace {
bool hasCapabilityAttr(const NamedDecl *D, llvm::StringRef Which, bool Shared) {
  if (Which == "acquire") {
    for (const auto *A : D->specific_attrs<AcquireCapabilityAttr>())
      if (A->isShared() == Shared)
        return true;
    // ASSERT_CAPABILITY: held from here on, as far as the caller can tell.
    for (const auto *A : D->specific_attrs<AssertCapabilityAttr>())
      if (A->isShared() == Shared)
        return true;
  } else if (Which == "release") {
    return D->hasAttr<ReleaseCapabilityAttr>();
  }
  return false;
}

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

/// The tag a guard was constructed with, if any.
enum class GuardTag { None, Defer, TryTo, Adopt };
GuardTag tagOf(const Expr *Arg) {
  std::string Name = Arg->getType().getCanonicalType().getUnqualifiedType().getAsString();
  if (Name.find("defer_lock_t") != std::string::npos)
    return GuardTag::Defer;
  if (Name.find("try_to_lock_t") != std::string::npos)
    return GuardTag::TryTo;
  if (Name.find("adopt_lock_t") != std::string::npos)
    return GuardTag::Adopt;
  return GuardTag::None;
}

/// T, or what it points to: the object type of `mu.lock()` or `mu->lock()`.
QualType pointeeOrSelf(QualType T) { return T->isPointerType() ? T->getPointeeType() : T; }

llvm::StringRef calleeName(const FunctionDecl *FD) {
  return FD && FD->getIdentifier() ? FD->getName() : llvm::StringRef();
}
} // namespace

// ---- LockSetAnalysis ---------------------------------------------------------

LockSetAnalysis::LockSetAnalysis(const FunctionCFG &Function, const LockModel &Model,
                                 ASTContext &Ctx, LockSet Entry)
    : Function(Function), Model(Model), Ctx(Ctx) {
  if (!Function.valid())
    return;
  const CFG &G = Function.cfg();
  llvm::DenseMap<const CFGBlock *, LockSet> Out;
  std::deque<const CFGBlock *> Work;
  llvm::DenseSet<const CFGBlock *> Queued;
  EntrySets[&G.getEntry()] = std::move(Entry);
  Work.push_back(&G.getEntry());
  Queued.insert(&G.getEntry());
  // Lock sets only shrink under intersection, so this settles; the bound is a
  // guard against pathological CFGs.
  unsigned Budget = 32 * G.size() + 64;
  while (!Work.empty() && Budget--) {
    const CFGBlock *B = Work.front();
    Work.pop_front();
    Queued.erase(B);
    // Entry: intersection over the predecessors already computed.
    if (B != &G.getEntry()) {
      std::optional<LockSet> In;
      for (const CFGBlock::AdjacentBlock &P : B->preds()) {
        const CFGBlock *Pred = P.getReachableBlock();
        if (!Pred || !Out.count(Pred))
          continue;
        LockSet FromPred = Out[Pred];
        unsigned Index = 0;
        for (const CFGBlock::AdjacentBlock &S : Pred->succs()) {
          if (S.getReachableBlock() == B) {
            edge(*Pred, Index, FromPred);
            break;
          }
          ++Index;
        }
        if (!In)
          In = FromPred;
        else
          In->intersect(FromPred);
      }
      EntrySets[B] = In.value_or(LockSet());
    }
    LockSet Set = EntrySets[B];
    transfer(*B, 0, B->size(), Set);
    auto It = Out.find(B);
    if (It != Out.end() && It->second == Set)
      continue;
    Out[B] = Set;
    for (const CFGBlock::AdjacentBlock &S : B->succs())
      if (const CFGBlock *Succ = S.getReachableBlock())
        if (Queued.insert(Succ).second)
          Work.push_back(Succ);
  }
}

LockSet LockSetAnalysis::heldAt(const Stmt *S) const {
  auto [Block, Index] = Function.locate(S);
  if (!Block)
    return {};
  auto It = EntrySets.find(Block);
  if (It == EntrySets.end())
    return {};
  // Replaying a block from its start for every query is quadratic in the
  // block's length (a function of thousands of lock scopes): keep the set at
  // every Stride-th element, computed on the first query into the block.
  constexpr unsigned Stride = 16;
  std::vector<LockSet> &Marks = Checkpoints[Block];
  if (Marks.empty()) {
    LockSet Set = It->second;
    Marks.push_back(Set);
    for (unsigned I = Stride; I <= Block->size(); I += Stride) {
      transfer(*Block, I - Stride, I, Set);
      Marks.push_back(Set);
    }
  }
  unsigned Mark = std::min<unsigned>(Index / Stride, Marks.size() - 1);
  LockSet Set = Marks[Mark];
  transfer(*Block, Mark * Stride, Index, Set);
  return Set;
}

void LockSetAnalysis::transfer(const CFGBlock &Block, unsigned From, unsigned To,
                               LockSet &Set) const {
  for (unsigned I = From; I < To && I < Block.size(); ++I) {
    const CFGElement &E = Block[I];
    if (auto S = E.getAs<CFGStmt>())
      transferStmt(S->getStmt(), Set);
    else if (auto D = E.getAs<CFGAutomaticObjDtor>())
      Set.removeGuard(D->getVarDecl());
  }
}

std::optional<HeldLock> LockSetAnalysis::lockOf(const Expr *MutexExpr, bool Shared,
                                                const VarDecl *Guard, SourceLocation At) const {
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
  std::string Name = displayText(E, Ctx);
  if (E->getType()->isPointerType() && Name.size() > 1 && Name[0] == '&')
    Name = Name.substr(1);
  L.Name = Name;
  return L;
}

HeldLock LockSetAnalysis::onObject(HeldLock L, const Expr *Capability, const Expr *Object) const {
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
    L.Name = displayText(O, Ctx) + "." + L.Name;
  } else {
    L.Unknown = true;
  }
  return L;
}

void LockSetAnalysis::transferStmt(const Stmt *S, LockSet &Set) const {
  // A guard comes to life: lock_guard g(mu), unique_lock l(mu, defer_lock), ...
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls()) {
      const auto *V = dyn_cast<VarDecl>(D);
      if (!V || !V->getInit())
        continue;
      std::optional<LockModel::GuardKind> Kind = Model.guardKind(V->getType());
      if (!Kind)
        continue;
      const auto *Construct = dyn_cast<CXXConstructExpr>(ignoreCastsAndTemporaries(V->getInit()));
      if (!Construct)
        continue;
      bool Shared = *Kind == LockModel::GuardKind::Shared;
      // unique_lock l2(std::move(l1)): l2 takes over what l1 held.
      if (Construct->getNumArgs() == 1 && Model.guardKind(Construct->getArg(0)->getType())) {
        if (const VarDecl *Old = movedFromGuard(Construct->getArg(0))) {
          Set.moveGuard(Old, V);
          auto B = Bindings.find(Old);
          if (B != Bindings.end())
            Bindings[V] = B->second;
        }
        continue;
      }
      GuardTag Tag = GuardTag::None;
      llvm::SmallVector<const Expr *, 2> MutexArgs;
      for (const Expr *Arg : Construct->arguments()) {
        if (isa<CXXDefaultArgExpr>(Arg))
          continue;
        GuardTag T = tagOf(Arg);
        if (T != GuardTag::None)
          Tag = T;
        else if (MutexArgs.empty() || Model.isMutexType(Arg->getType()) ||
                 (Arg->getType()->isPointerType() &&
                  Model.isMutexType(Arg->getType()->getPointeeType())))
          MutexArgs.push_back(Arg);
      }
      // Timed constructors (unique_lock(mu, 100ms)) try: like try_to_lock.
      if (Tag == GuardTag::None && MutexArgs.size() == 2 &&
          !Model.isMutexType(MutexArgs[1]->getType())) {
        Tag = GuardTag::TryTo;
        MutexArgs.pop_back();
      }
      if (MutexArgs.size() == 1)
        Bindings[V] = {MutexArgs[0], Shared};
      if (Tag == GuardTag::Defer || Tag == GuardTag::TryTo)
        continue;
      for (const Expr *Arg : MutexArgs)
        if (std::optional<HeldLock> L = lockOf(Arg, Shared, V, V->getLocation()))
          Set.add(*L);
    }
    return;
  }

  const Expr *Object = nullptr;
  const FunctionDecl *Callee = nullptr;
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    Object = MC->getImplicitObjectArgument();
    Callee = MC->getMethodDecl();
    Args = llvm::ArrayRef<const Expr *>(MC->getArgs(), MC->getNumArgs());
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
    // lk2 = std::move(lk1)
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        Model.isMovableGuard(Op->getArg(0)->getType())) {
      const VarDecl *To = localVarOf(Op->getArg(0));
      const VarDecl *Old = movedFromGuard(Op->getArg(1));
      if (To && Old) {
        Set.removeGuard(To); // what To held is unlocked by the assignment
        Set.moveGuard(Old, To);
      }
    }
    return;
  } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
    Callee = Call->getDirectCallee();
    Args = llvm::ArrayRef<const Expr *>(Call->getArgs(), Call->getNumArgs());
  } else {
    return;
  }
  if (!Callee)
    return;
  llvm::StringRef Name = calleeName(Callee);
  SourceLocation At = S->getBeginLoc();

  // Functions annotated with Clang's capability attributes. An attribute
  // argument naming a parameter (libc++'s `std::lock(l0, l1) ACQUIRE(l0, l1)`)
  // means the call's argument.
  auto InCaller = [&](std::vector<const Expr *> Caps) {
    for (const Expr *&C : Caps)
      if (const auto *DRE = dyn_cast<DeclRefExpr>(C->IgnoreParenImpCasts()))
        if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl());
            P && P->getDeclContext() == Callee && P->getFunctionScopeIndex() < Args.size())
          C = Args[P->getFunctionScopeIndex()];
    return Caps;
  };
  bool AcquiresShared = hasCapabilityAttr(Callee, "acquire", true);
  if (hasCapabilityAttr(Callee, "acquire", false) || AcquiresShared) {
    std::vector<const Expr *> Caps =
        InCaller(capabilityArguments(Callee, AcquiresShared ? "acquire_shared" : "acquire"));
    if (Caps.empty() && Object) // ACQUIRE() on a method: the object itself
      Caps.push_back(Object);
    for (const Expr *C : Caps)
      if (std::optional<HeldLock> L = lockOf(C, AcquiresShared, nullptr, At))
        Set.add(onObject(*L, C, Object));
    return;
  }
  if (hasCapabilityAttr(Callee, "release", false)) {
    std::vector<const Expr *> Caps = InCaller(capabilityArguments(Callee, "release"));
    if (Caps.empty() && Object)
      Caps.push_back(Object);
    for (const Expr *C : Caps)
      if (std::optional<HeldLock> L = lockOf(C, false, nullptr, At))
        Set.remove(onObject(*L, C, Object).Mutex);
    return;
  }

  if (Object) {
    // On a guard variable: lk.lock(), lk.unlock(), lk.release().
    if (const VarDecl *Guard = localVarOf(Object); Guard && Model.guardKind(Guard->getType())) {
      if (Name == "unlock") {
        Set.removeGuard(Guard);
      } else if (Name == "lock") {
        auto B = Bindings.find(Guard);
        if (B != Bindings.end())
          if (std::optional<HeldLock> L = lockOf(B->second.MutexExpr, B->second.Shared, Guard, At))
            Set.add(*L);
      } else if (Name == "release") {
        Set.moveGuard(Guard, nullptr);
      }
      return;
    }
    LockModel::MutexCall Call = Model.mutexCall(pointeeOrSelf(Object->getType()), Name);
    if (Call == LockModel::MutexCall::Lock || Call == LockModel::MutexCall::LockShared) {
      if (std::optional<HeldLock> L =
              lockOf(Object, Call == LockModel::MutexCall::LockShared, nullptr, At))
        Set.add(*L);
    } else if (Call == LockModel::MutexCall::Unlock) {
      if (std::optional<HeldLock> L = lockOf(Object, false, nullptr, At))
        Set.remove(L->Mutex);
    }
    return;
  }

  // Free functions: std::lock, pthread.
  std::string Qualified = qualifiedNameWithoutInlineNamespaces(Callee);
  if (Qualified == "std::lock" || Qualified == "boost::lock") {
    for (const Expr *Arg : Args)
      if (std::optional<HeldLock> L = lockOf(Arg, false, nullptr, At))
        Set.add(*L);
  } else if ((Name == "pthread_mutex_lock" || Name == "pthread_rwlock_wrlock") && Args.size() == 1) {
    if (std::optional<HeldLock> L = lockOf(Args[0], false, nullptr, At))
      Set.add(*L);
  } else if (Name == "pthread_rwlock_rdlock" && Args.size() == 1) {
    if (std::optional<HeldLock> L = lockOf(Args[0], true, nullptr, At))
      Set.add(*L);
  } else if ((Name == "pthread_mutex_unlock" || Name == "pthread_rwlock_unlock") &&
             Args.size() == 1) {
    if (std::optional<HeldLock> L = lockOf(Args[0], false, nullptr, At))
      Set.remove(L->Mutex);
  }
}

void LockSetAnalysis::edge(const CFGBlock &From, unsigned SuccIndex, LockSet &Set) const {
  if (From.succ_size() != 2)
    return;
  const Stmt *Cond = From.getTerminatorCondition();
  const auto *E = dyn_cast_or_null<Expr>(Cond);
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
    if (!Call || !Zero || Zero->getValue() != 0 ||
        calleeName(Call->getDirectCallee()) != "pthread_mutex_trylock" || Call->getNumArgs() != 1)
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
    auto B = Bindings.find(Guard);
    if (B != Bindings.end())
      if (std::optional<HeldLock> L =
              lockOf(B->second.MutexExpr, B->second.Shared, Guard, MC->getBeginLoc()))
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

} // namespace mapsafety
