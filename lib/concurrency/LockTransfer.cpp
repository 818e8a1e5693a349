//===- LockTransfer.cpp - what one statement does to the locks held --------===//
#include "LockTransfer.h"
#include "mapsafety/support/SourceText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"

using namespace clang;

namespace mapsafety {

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

} // namespace

/// Applies elements [From, To) of Block to Set.
void LockSetAnalysis::Transfer::elements(const CFGBlock &Block, unsigned From, unsigned To,
                                         LockSet &Set) const {
  for (unsigned I = From; I < To && I < Block.size(); ++I) {
    const CFGElement &E = Block[I];
    if (auto S = E.getAs<CFGStmt>())
      statement(S->getStmt(), Set);
    else if (auto D = E.getAs<CFGAutomaticObjDtor>())
      Set.removeGuard(D->getVarDecl());
  }
}

void LockSetAnalysis::Transfer::statement(const Stmt *S, LockSet &Set) const {
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
  // A guard's own method acts on the mutexes the guard manages, whatever its
  // annotation names (RELEASE() on a scoped capability means them).
  const VarDecl *Guard = Call->Object ? localVarOf(Call->Object) : nullptr;
  if (Guard && Model.guardKind(Guard->getType())) {
    LockModel::GuardMethod What = Model.guardMethod(dyn_cast<CXXMethodDecl>(Call->Callee));
    if (What != LockModel::GuardMethod::None) {
      guardMethodCall(Guard, What, S->getBeginLoc(), Set);
      return;
    }
  }
  if (annotatedCall(*Call, S->getBeginLoc(), Set))
    return;
  if (!Call->Object)
    freeCall(*Call, S->getBeginLoc(), Set);
  else if (!Guard || !Model.guardKind(Guard->getType()))
    mutexMethodCall(Call->Object, calleeName(Call->Callee), S->getBeginLoc(), Set);
}

std::optional<CallParts> LockSetAnalysis::Transfer::partsOf(const Stmt *S) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
    return CallParts{
        MC->getMethodDecl(), MC->getImplicitObjectArgument(), {MC->getArgs(), MC->getNumArgs()}};
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return CallParts{Call->getDirectCallee(), nullptr, {Call->getArgs(), Call->getNumArgs()}};
  return std::nullopt;
}

/// The locks a guard's binding names (one per mutex it was given).
llvm::SmallVector<HeldLock, 2> LockSetAnalysis::Transfer::boundLocks(const VarDecl *Guard,
                                                                     SourceLocation At) const {
  llvm::SmallVector<HeldLock, 2> Locks;
  auto B = Bindings.find(Guard);
  if (B == Bindings.end())
    return Locks;
  for (const Expr *Mutex : B->second.MutexExprs)
    if (std::optional<HeldLock> L = lockOf(Mutex, B->second.Shared, Guard, At))
      Locks.push_back(*L);
  return Locks;
}

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
  if (std::optional<ContainerPath> P =
          ObjPath ? rebase(L.Mutex, ContainerPath{}, *ObjPath) : std::nullopt) {
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
  // A mutex, or a pointer to one (a guard over several: `PairGuard g(&a, &b)`).
  auto IsMutex = [&](QualType T) {
    return Model.isMutexType(T) || (T->isPointerType() && Model.isMutexType(T->getPointeeType()));
  };
  for (const Expr *Arg : Construct->arguments()) {
    if (isa<CXXDefaultArgExpr>(Arg))
      continue;
    LockModel::GuardTag T = LockModel::guardTag(Arg->getType());
    if (T != LockModel::GuardTag::None)
      Tag = T;
    else if (MutexArgs.empty() || IsMutex(Arg->getType()))
      MutexArgs.push_back(Arg);
  }
  // Timed constructors (unique_lock(mu, 100ms)) try: like try_to_lock.
  if (Tag == LockModel::GuardTag::None && MutexArgs.size() == 2 &&
      !IsMutex(MutexArgs[1]->getType())) {
    Tag = LockModel::GuardTag::TryTo;
    MutexArgs.pop_back();
  }
  if (!MutexArgs.empty())
    Bindings[V] = {MutexArgs, Shared};
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

void LockSetAnalysis::Transfer::guardMethodCall(const VarDecl *Guard, LockModel::GuardMethod What,
                                                SourceLocation At, LockSet &Set) const {
  switch (What) {
  case LockModel::GuardMethod::Unlock:
    Set.removeGuard(Guard);
    break;
  case LockModel::GuardMethod::Lock:
    for (const HeldLock &L : boundLocks(Guard, At))
      Set.add(L);
    break;
  case LockModel::GuardMethod::Disown:
    Set.moveGuard(Guard, nullptr);
    break;
  case LockModel::GuardMethod::None:
    break;
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

void LockSetAnalysis::Transfer::edge(const CFGBlock &From, unsigned SuccIndex, LockSet &Set) const {
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
    for (const HeldLock &L : boundLocks(Guard, MC->getBeginLoc()))
      Set.add(L);
    return;
  }
  // if (mu.try_lock())
  LockModel::MutexCall Call = Model.mutexCall(pointeeOrSelf(Object->getType()), Name);
  if (Call == LockModel::MutexCall::TryLock || Call == LockModel::MutexCall::TryLockShared)
    if (std::optional<HeldLock> L =
            lockOf(Object, Call == LockModel::MutexCall::TryLockShared, nullptr, MC->getBeginLoc()))
      Set.add(*L);
}

} // namespace mapsafety
