//===- LockTransfer.cpp - what one statement does to the locks held --------===//
#include "LockTransfer.h"
#include "mapsafety/support/SourceText.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/Builtins.h"

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

/// E mentions `this`: a member of the object a constructor or destructor
/// annotation is about, which is not the enclosing function's `this`.
bool refersToThis(const Expr *E) {
  bool Found = false;
  forEachStmt(E, [&](const Stmt *S) { Found |= isa<CXXThisExpr>(S); });
  return Found;
}

/// The value a constant condition operand stands for: 0, 1, true, nullptr.
std::optional<bool> constantTruth(const Expr *E, ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  if (isa<CXXNullPtrLiteralExpr, GNUNullExpr>(E))
    return false;
  if (E->isValueDependent() || !E->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt().getBoolValue();
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
      scopeEnded(D->getVarDecl(),
                 D->getTriggerStmt() ? D->getTriggerStmt()->getEndLoc()
                                     : D->getVarDecl()->getLocation(),
                 Set);
  }
}

void LockSetAnalysis::Transfer::scopeEnded(const VarDecl *V, SourceLocation At,
                                           LockSet &Set) const {
  Set.removeGuard(V);
  auto R = Restores.find(V);
  if (R != Restores.end()) {
    for (const HeldLock &L : R->second)
      Set.add(L);
    return;
  }
  // `~RegistryAccess() RELEASE(g_mu)` on an object that is not a guard.
  const CXXRecordDecl *RD = V->getType().getNonReferenceType()->getAsCXXRecordDecl();
  const CXXDestructorDecl *Dtor = RD && RD->hasDefinition() ? RD->getDestructor() : nullptr;
  if (!Dtor || Model.guardKind(V->getType()))
    return;
  std::vector<const Expr *> Caps = capabilityArguments(Dtor, "release");
  for (const Expr *C : Caps)
    if (!refersToThis(C))
      if (std::optional<HeldLock> L = lockOf(C, false, nullptr, At))
        Set.release(L->Mutex);
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
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    annotatedConstruction(Construct, Set);
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
  // `getMu()->Lock()` with `Mutex *getMu() LOCK_RETURNED(mu_)`: the mutex the
  // attribute names, on the call's object.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (const auto *A =
            MC->getMethodDecl() ? MC->getMethodDecl()->getAttr<LockReturnedAttr>() : nullptr)
      if (std::optional<HeldLock> L = lockOf(A->getArg(), Shared, Guard, At)) {
        L->SpellingIsPrinted = true;
        return onObject(*L, A->getArg(), MC->getImplicitObjectArgument());
      }
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
  // `const MutexLock &l = MutexLock(&mu);` extends a temporary's lifetime.
  const Expr *Init = ignoreCastsAndTemporaries(V->getInit());
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Init))
    Init = ignoreCastsAndTemporaries(Cast->getSubExpr());
  const auto *Construct = dyn_cast<CXXConstructExpr>(Init);
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
  LockModel::GuardConstruction How = LockModel::guardConstruction(Construct->getConstructor());
  if (How != LockModel::GuardConstruction::ByName) {
    const char *Which = How == LockModel::GuardConstruction::Acquire         ? "acquire"
                        : How == LockModel::GuardConstruction::AcquireShared ? "acquire_shared"
                        : How == LockModel::GuardConstruction::Adopt         ? "requires"
                        : How == LockModel::GuardConstruction::AdoptShared   ? "requires_shared"
                                                                             : "release";
    std::vector<const Expr *> Caps;
    if (How != LockModel::GuardConstruction::Defer)
      Caps = capabilityArguments(Construct->getConstructor(), Which);
    else // LOCKS_EXCLUDED(mu) or nothing: the guard's mutex is its first argument
      for (const Expr *Arg : Construct->arguments())
        if (Model.isMutexType(Arg->getType()) ||
            (Arg->getType()->isPointerType() &&
             Model.isMutexType(Arg->getType()->getPointeeType())))
          Caps.push_back(Arg);
    if (How != LockModel::GuardConstruction::Defer) // the new guard's own members
      llvm::erase_if(Caps, refersToThis);
    asCallNames(
        {Construct->getConstructor(), nullptr, {Construct->getArgs(), Construct->getNumArgs()}},
        Caps);
    annotatedGuardDeclared(V, How, Caps, Set);
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

void LockSetAnalysis::Transfer::annotatedGuardDeclared(const VarDecl *V,
                                                       LockModel::GuardConstruction How,
                                                       llvm::ArrayRef<const Expr *> Mutexes,
                                                       LockSet &Set) const {
  using C = LockModel::GuardConstruction;
  bool Shared = How == C::AcquireShared || How == C::AdoptShared;
  if (How == C::Release) {
    // A scoped unlocker: what it releases comes back, as it was held, at
    // the end of its scope.
    llvm::SmallVector<HeldLock, 1> &Back = Restores[V];
    Back.clear();
    for (const Expr *M : Mutexes)
      if (std::optional<HeldLock> L = lockOf(M, false, nullptr, V->getLocation())) {
        const HeldLock *Held = Set.find(L->Mutex);
        Back.push_back(Held ? *Held : *L);
        Set.release(L->Mutex);
      }
    return;
  }
  if (!Mutexes.empty())
    Bindings[V] = {{Mutexes.begin(), Mutexes.end()}, Shared};
  if (How == C::Defer)
    return;
  for (const Expr *M : Mutexes)
    if (std::optional<HeldLock> L = lockOf(M, Shared, V, V->getLocation()))
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
  asCallNames(Call, Caps);
  if (Caps.empty() && Call.Object) // ACQUIRE() on a method: the object itself
    Caps.push_back(Call.Object);
  bool Shared = Effect == LockModel::Annotated::AcquireShared;
  for (const Expr *C : Caps)
    if (std::optional<HeldLock> L = lockOf(C, Shared, nullptr, At)) {
      HeldLock Named = onObject(*L, C, Call.Object);
      if (Effect == LockModel::Annotated::Release)
        Set.release(Named.Mutex);
      else
        Set.add(Named);
    }
  return true;
}

void LockSetAnalysis::Transfer::asCallNames(const CallParts &Call,
                                            std::vector<const Expr *> &Caps) {
  // An attribute argument naming a parameter (libc++'s `std::lock(l0, l1)
  // ACQUIRE(l0, l1)`) means the call's argument; `this`
  // (`AssertReaderHeld() ASSERT_SHARED_CAPABILITY(this)`) the call's object.
  for (const Expr *&C : Caps) {
    const Expr *E = C->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(E) && Call.Object)
      C = Call.Object;
    else if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl());
          P && P->getDeclContext() == Call.Callee && P->getFunctionScopeIndex() < Call.Args.size())
        C = Call.Args[P->getFunctionScopeIndex()];
  }
}

void LockSetAnalysis::Transfer::annotatedConstruction(const CXXConstructExpr *Construct,
                                                      LockSet &Set) const {
  const CXXConstructorDecl *Ctor = Construct->getConstructor();
  if (!Ctor || Model.guardKind(Construct->getType())) // guards: guardDeclared()
    return;
  LockModel::Annotated Effect = LockModel::annotatedEffect(Ctor);
  if (Effect == LockModel::Annotated::None)
    return;
  const char *Which = Effect == LockModel::Annotated::Release         ? "release"
                      : Effect == LockModel::Annotated::AcquireShared ? "acquire_shared"
                                                                      : "acquire";
  std::vector<const Expr *> Caps = capabilityArguments(Ctor, Which);
  // The new object's own members are no names in this function.
  llvm::erase_if(Caps, refersToThis);
  asCallNames({Ctor, nullptr, {Construct->getArgs(), Construct->getNumArgs()}}, Caps);
  for (const Expr *C : Caps) {
    if (std::optional<HeldLock> L = lockOf(C, Effect == LockModel::Annotated::AcquireShared,
                                           nullptr, Construct->getBeginLoc())) {
      if (Effect == LockModel::Annotated::Release)
        Set.release(L->Mutex);
      else
        Set.add(*L);
    }
  }
}

void LockSetAnalysis::Transfer::guardMethodCall(const VarDecl *Guard, LockModel::GuardMethod What,
                                                SourceLocation At, LockSet &Set) const {
  switch (What) {
  case LockModel::GuardMethod::Unlock:
    Set.removeGuard(Guard);
    break;
  case LockModel::GuardMethod::Lock:
  case LockModel::GuardMethod::LockExclusive:
  case LockModel::GuardMethod::LockShared:
    for (HeldLock L : boundLocks(Guard, At)) {
      if (What != LockModel::GuardMethod::Lock)
        L.Shared = What == LockModel::GuardMethod::LockShared;
      Set.add(L);
    }
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
      Set.release(L->Mutex);
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
    Set.release(L->Mutex);
}

void LockSetAnalysis::Transfer::edge(const CFGBlock &From, unsigned SuccIndex, LockSet &Set) const {
  if (From.succ_size() != 2)
    return;
  const auto *Cond = dyn_cast_or_null<Expr>(From.getTerminatorCondition());
  bool HeldWhen = true;
  llvm::SmallVector<HeldLock, 2> Taken;
  if (!Cond || !tryLockTest(Cond, HeldWhen, Taken) || (SuccIndex == 0) != HeldWhen)
    return;
  for (const HeldLock &L : Taken)
    Set.add(L);
}

bool LockSetAnalysis::Transfer::tryLockTest(const Expr *Cond, bool &HeldWhen,
                                            llvm::SmallVectorImpl<HeldLock> &Taken,
                                            unsigned Depth) const {
  if (Depth > 8)
    return false;
  const Expr *E = ignoreCastsAndTemporaries(Cond);
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() != UO_LNot || !tryLockTest(U->getSubExpr(), HeldWhen, Taken, Depth + 1))
      return false;
    HeldWhen = !HeldWhen;
    return true;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    // `c && mu.TryLock()`: the block that tests the whole condition has just
    // evaluated its right side (the left one was tested in a block of its own).
    if (BO->isLogicalOp())
      return tryLockTest(BO->getRHS(), HeldWhen, Taken, Depth + 1);
    if (!BO->isEqualityOp())
      return false;
    // `f() == 0`, `0 != f()`, `mu.TryLock() == true`, `p == nullptr`.
    const Expr *Test = BO->getLHS();
    std::optional<bool> Constant = constantTruth(BO->getRHS(), Ctx);
    if (!Constant) {
      Test = BO->getRHS();
      Constant = constantTruth(BO->getLHS(), Ctx);
    }
    bool TestHeldWhen = true;
    if (!Constant || !tryLockTest(Test, TestHeldWhen, Taken, Depth + 1))
      return false;
    // `x == 0` is `!x`; `x == 1` is true only when x is (so only a lock that
    // a true x takes is known on that branch).
    if (*Constant && !TestHeldWhen)
      return false;
    HeldWhen = (*Constant ? TestHeldWhen : !TestHeldWhen) == (BO->getOpcode() == BO_EQ);
    return true;
  }
  // `__builtin_expect(!mu.TryLock(), false)` is its first argument.
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && Call->getBuiltinCallee() == Builtin::BI__builtin_expect && Call->getNumArgs() == 2)
    return tryLockTest(Call->getArg(0), HeldWhen, Taken, Depth + 1);
  // `bool locked = mu.TryLock(); if (locked)`, the variable never changed.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    // The cheap question first (is the initializer a try-lock test at all?):
    // whether a local is ever modified walks its whole function.
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    bool Probe = true;
    llvm::SmallVector<HeldLock, 2> Ignored;
    if (!V || !V->getInit() || !tryLockTest(V->getInit(), Probe, Ignored, Depth + 1))
      return false;
    if (const Expr *Init = initializerOfUnmodifiedLocal(V, Ctx);
        Init && Init->getType()->isBooleanType())
      return tryLockTest(Init, HeldWhen, Taken, Depth + 1);
    return false;
  }
  bool SucceedsWhenTrue = true;
  if (!tryLockCall(E, SucceedsWhenTrue, Taken))
    return false;
  HeldWhen = SucceedsWhenTrue;
  return true;
}

bool LockSetAnalysis::Transfer::tryLockCall(const Expr *E, bool &SucceedsWhenTrue,
                                            llvm::SmallVectorImpl<HeldLock> &Taken) const {
  std::optional<CallParts> Call = partsOf(E);
  if (!Call || !Call->Callee)
    return false;
  SourceLocation At = E->getBeginLoc();
  // TRY_ACQUIRE(true, mu) / TRY_ACQUIRE(1, mu): held when the result is the
  // success value; a method without arguments takes its own object.
  if (const auto *A = Call->Callee->getAttr<TryAcquireCapabilityAttr>()) {
    std::optional<bool> Success = constantTruth(A->getSuccessValue(), Ctx);
    if (!Success)
      return false;
    SucceedsWhenTrue = *Success;
    std::vector<const Expr *> Caps(A->args_begin(), A->args_end());
    asCallNames(*Call, Caps);
    if (Caps.empty() && Call->Object)
      Caps.push_back(Call->Object);
    for (const Expr *C : Caps)
      if (std::optional<HeldLock> L = lockOf(C, A->isShared(), nullptr, At))
        Taken.push_back(onObject(*L, C, Call->Object));
    return !Taken.empty();
  }
  if (!Call->Object) {
    // pthread_mutex_trylock(&m) == 0
    if (Model.freeCall(Call->Callee) != LockModel::FreeCall::TryLock || Call->Args.size() != 1)
      return false;
    SucceedsWhenTrue = false;
    if (std::optional<HeldLock> L = lockOf(Call->Args[0], false, nullptr, At))
      Taken.push_back(*L);
    return !Taken.empty();
  }
  llvm::StringRef Name = calleeName(Call->Callee);
  // if (lk), if (lk.owns_lock()), if (lk.try_lock()): the guard's mutex is held.
  if (const VarDecl *Guard = localVarOf(Call->Object); Guard && Model.guardKind(Guard->getType())) {
    if (!isa<CXXConversionDecl>(Call->Callee) && Name != "owns_lock" && Name != "try_lock")
      return false;
    llvm::SmallVector<HeldLock, 2> Bound = boundLocks(Guard, At);
    Taken.append(Bound.begin(), Bound.end());
    return !Taken.empty();
  }
  // if (mu.try_lock())
  LockModel::MutexCall Try = Model.mutexCall(pointeeOrSelf(Call->Object->getType()), Name);
  if (Try != LockModel::MutexCall::TryLock && Try != LockModel::MutexCall::TryLockShared)
    return false;
  if (std::optional<HeldLock> L =
          lockOf(Call->Object, Try == LockModel::MutexCall::TryLockShared, nullptr, At))
    Taken.push_back(*L);
  return !Taken.empty();
}

} // namespace mapsafety
