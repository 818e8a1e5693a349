//===- LockSetAnalysisTest.cpp - which mutexes are held at a statement ------===//
//
// Each function of the snippet calls a() (and b(), c()) at the points whose
// lock sets the tests ask for. The mutexes are globals, so "mu is held" is
// LockSet::find() of the path rooted at the global `mu`.
//
//===----------------------------------------------------------------------===//
#include "mapsafety/concurrency/LockSetAnalysis.h"
#include "TestAST.h"
#include "mapsafety/concurrency/LockModel.h"
#include "mapsafety/support/AnalysisSession.h"

#include "clang/Analysis/CFG.h"
#include "gtest/gtest.h"
#include <string>

using namespace clang;
using namespace mapsafety;
using mapsafety::test::TestAST;

namespace {

const char *const Code = R"cpp(
#include <mutex>
#include <shared_mutex>
std::mutex mu;
std::shared_mutex smu;
void a();
void b();
void c();

void guardScope() {
  {
    std::lock_guard<std::mutex> g(mu);
    a();
  }
  b();
}
void deferThenLock() {
  std::unique_lock<std::mutex> l(mu, std::defer_lock);
  a();
  l.lock();
  b();
  l.unlock();
  c();
}
void manualUnlock() {
  mu.lock();
  a();
  mu.unlock();
  b();
}
void tryLock() {
  if (mu.try_lock()) {
    a();
    mu.unlock();
  } else {
    b();
  }
  c();
}
void oneBranch(bool x) {
  if (x)
    mu.lock();
  a();
}
void bothBranches(bool x) {
  if (x)
    mu.lock();
  else
    mu.lock();
  a();
  mu.unlock();
}
void sharedLock() {
  std::shared_lock<std::shared_mutex> l(smu);
  a();
}
void tryLockFlag(bool busy) {
  bool locked = mu.try_lock();
  if (!busy && locked) {
    a();
    mu.unlock();
  }
}
void tryLockChangedFlag(bool force) {
  bool locked = mu.try_lock();
  if (force)
    locked = true;
  if (locked)
    a();
}
void deadCode() {
  mu.lock();
  mu.unlock();
  return;
  a();
}
)cpp";

/// A loop whose body has enough branches for its CFG to outgrow the budget's
/// floor (the worklist may always visit 64 blocks).
std::string bigLoop() {
  std::string S = "#include <mutex>\nstd::mutex mu;\nvoid a();\nvoid big(int n) {\n"
                  "  std::lock_guard<std::mutex> g(mu);\n  for (int i = 0; i < n; ++i) {\n";
  for (int I = 0; I < 40; ++I)
    S += "    if (i == " + std::to_string(I) + ") a();\n";
  S += "  }\n  a();\n}\n";
  return S;
}

class LockSetAnalysisTest : public mapsafety::test::SnippetTest {
protected:
  static void SetUpTestSuite() { parse(Code); }
  void SetUp() override {
    mapsafety::test::SnippetTest::SetUp();
    if (HasFatalFailure())
      return;
    Mu.Root = AST->decl("::mu");
    Smu.Root = AST->decl("::smu");
    ASSERT_NE(Mu.Root, nullptr);
    ASSERT_NE(Smu.Root, nullptr);
  }
  /// The lock set before the N-th call of Callee in Function.
  LockSet heldAt(llvm::StringRef Function, llvm::StringRef Callee, unsigned N = 0) {
    const FunctionDecl *F = AST->function(Function);
    EXPECT_NE(F, nullptr) << Function.str();
    if (!F)
      return LockSet::unknown();
    std::vector<const CallExpr *> Calls = AST->calls(Callee, F);
    EXPECT_GT(Calls.size(), N) << Function.str() << " calls " << Callee.str();
    if (Calls.size() <= N)
      return LockSet::unknown();
    return FunctionLockSets::in(*Session, Model).heldAt(F, Calls[N]);
  }
  /// The set is known and holds mu (exclusively unless Shared).
  void expectHolds(const LockSet &S, const ContainerPath &M, bool Shared = false) {
    ASSERT_FALSE(S.isUnknown());
    const HeldLock *L = S.find(M);
    ASSERT_NE(L, nullptr);
    EXPECT_EQ(L->Shared, Shared);
    EXPECT_FALSE(L->Unknown);
  }
  /// The set is known and holds nothing: a real "no lock", not "unknown".
  void expectNone(const LockSet &S) {
    EXPECT_FALSE(S.isUnknown());
    EXPECT_TRUE(S.empty());
    EXPECT_EQ(S.find(Mu), nullptr);
  }

  LockModel Model;
  ContainerPath Mu, Smu;
};

TEST_F(LockSetAnalysisTest, LockGuardHoldsUntilTheEndOfItsScope) {
  LockSet Inside = heldAt("guardScope", "a");
  expectHolds(Inside, Mu);
  const HeldLock *L = Inside.find(Mu);
  ASSERT_NE(L, nullptr);
  EXPECT_EQ(L->Guard, AST->decl("g", AST->function("guardScope")));
  expectNone(heldAt("guardScope", "b"));
}

TEST_F(LockSetAnalysisTest, UniqueLockWithDeferLockHoldsFromLockToUnlock) {
  expectNone(heldAt("deferThenLock", "a"));
  expectHolds(heldAt("deferThenLock", "b"), Mu);
  expectNone(heldAt("deferThenLock", "c"));
}

TEST_F(LockSetAnalysisTest, ManualUnlockRemovesTheLock) {
  expectHolds(heldAt("manualUnlock", "a"), Mu);
  expectNone(heldAt("manualUnlock", "b"));
}

TEST_F(LockSetAnalysisTest, TryLockHoldsOnTheCheckedBranchOnly) {
  expectHolds(heldAt("tryLock", "a"), Mu);
  expectNone(heldAt("tryLock", "b"));
  expectNone(heldAt("tryLock", "c"));
}

TEST_F(LockSetAnalysisTest, TryLockThroughAnUnchangedFlagOnly) {
  // `bool locked = mu.try_lock(); if (!busy && locked)`: held where checked.
  expectHolds(heldAt("tryLockFlag", "a"), Mu);
  // A flag that is assigned again no longer tells.
  expectNone(heldAt("tryLockChangedFlag", "a"));
}

TEST_F(LockSetAnalysisTest, JoinIntersectsThePredecessors) {
  // Locked on one branch only: not held after the join.
  expectNone(heldAt("oneBranch", "a"));
  // Locked on both: held.
  expectHolds(heldAt("bothBranches", "a"), Mu);
}

TEST_F(LockSetAnalysisTest, SharedLockHoldsShared) {
  LockSet S = heldAt("sharedLock", "a");
  expectHolds(S, Smu, /*Shared=*/true);
  EXPECT_EQ(S.find(Mu), nullptr);
}

TEST_F(LockSetAnalysisTest, DeadCodeIsUnknownNotUnlocked) {
  LockSet S = heldAt("deadCode", "a");
  EXPECT_TRUE(S.isUnknown());
  EXPECT_FALSE(S.empty());
  EXPECT_TRUE(S.holdsUnknown());
}

TEST_F(LockSetAnalysisTest, StatementOfAnotherFunctionIsUnknown) {
  // Asking guardScope's analysis about a call in manualUnlock: no answer.
  const FunctionDecl *Asked = AST->function("guardScope");
  const FunctionDecl *Other = AST->function("manualUnlock");
  ASSERT_NE(Asked, nullptr);
  ASSERT_NE(Other, nullptr);
  std::vector<const CallExpr *> Calls = AST->calls("a", Other);
  ASSERT_FALSE(Calls.empty());
  LockSet S = FunctionLockSets::in(*Session, Model).heldAt(Asked, Calls[0]);
  EXPECT_TRUE(S.isUnknown());
}

TEST_F(LockSetAnalysisTest, SessionBuildsOneAnalysisPerFunction) {
  const FunctionDecl *F = AST->function("guardScope");
  ASSERT_NE(F, nullptr);
  FunctionLockSets &Sets = FunctionLockSets::in(*Session, Model);
  EXPECT_EQ(&Sets, &FunctionLockSets::in(*Session, Model));
  const LockSetAnalysis *A = Sets.of(F);
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(A, Sets.of(F));
  EXPECT_TRUE(A->complete());
}

TEST_F(LockSetAnalysisTest, EntrySetHoldsUntilUnlocked) {
  // What a caller holds around the call: manualUnlock's own unlock() ends it.
  const FunctionDecl *F = AST->function("manualUnlock");
  ASSERT_NE(F, nullptr);
  LockSet Entry;
  HeldLock Held;
  Held.Mutex = Smu;
  Entry.add(Held);
  LockSetAnalysis A(*Session->cfg(F), Model, AST->ctx(), Entry);
  ASSERT_TRUE(A.complete());
  LockSet AtA = A.heldAt(AST->call("a", F));
  expectHolds(AtA, Smu);
  expectHolds(AtA, Mu);
  LockSet AtB = A.heldAt(AST->call("b", F));
  expectHolds(AtB, Smu);
  EXPECT_EQ(AtB.find(Mu), nullptr);
}

TEST_F(LockSetAnalysisTest, LockSetAlgebra) {
  HeldLock MuExclusive, MuShared, SmuHeld;
  MuExclusive.Mutex = Mu;
  MuShared.Mutex = Mu;
  MuShared.Shared = true;
  SmuHeld.Mutex = Smu;
  LockSet Left, Right;
  Left.add(MuExclusive);
  Left.add(SmuHeld);
  Right.add(MuShared);
  // Held in both, shared if either holds it shared; held in one only: gone.
  LockSet Both = Left;
  Both.intersect(Right);
  expectHolds(Both, Mu, /*Shared=*/true);
  EXPECT_EQ(Both.find(Smu), nullptr);
  // Unknown absorbs both ways.
  LockSet WithUnknown = Left;
  WithUnknown.intersect(LockSet::unknown());
  EXPECT_TRUE(WithUnknown.isUnknown());
  LockSet Union = Right;
  Union.unionWith(LockSet::unknown());
  EXPECT_TRUE(Union.isUnknown());
  // An empty set is a known "nothing held", unlike unknown().
  EXPECT_TRUE(LockSet().empty());
  EXPECT_FALSE(LockSet().isUnknown());
  EXPECT_FALSE(LockSet::unknown().empty());
  EXPECT_FALSE(LockSet() == LockSet::unknown());
  Left.remove(Mu);
  EXPECT_EQ(Left.find(Mu), nullptr);
  EXPECT_NE(Left.find(Smu), nullptr);
}

TEST_F(LockSetAnalysisTest, ReleasedLockIsNotBroughtBackByCallersLocks) {
  HeldLock CallerHolds;
  CallerHolds.Mutex = Mu;
  LockSet Callers;
  Callers.add(CallerHolds);
  // `REQUIRES(mu) { mu.unlock(); ... }`: what the callers hold is released here.
  LockSet Here;
  Here.release(Mu);
  EXPECT_TRUE(Here.empty());
  LockSet Released = Here;
  Released.unionWith(Callers);
  EXPECT_EQ(Released.find(Mu), nullptr);
  // Released on one path only: released after the join.
  LockSet Joined;
  Joined.intersect(Here);
  Joined.unionWith(Callers);
  EXPECT_EQ(Joined.find(Mu), nullptr);
  // Locked again: held, and the callers' locks add as before.
  LockSet Relocked = Here;
  Relocked.add(CallerHolds);
  EXPECT_TRUE(Relocked.released().empty());
  LockSet Untouched;
  Untouched.unionWith(Callers);
  expectHolds(Untouched, Mu);
  EXPECT_FALSE(Here == LockSet());
}

TEST(LockSetAnalysisBudgetTest, OutOfBudgetAnswersUnknownNeverNoLock) {
  TestAST AST(bigLoop());
  ASSERT_TRUE(AST.ok()) << AST.errors();
  const FunctionDecl *F = AST.function("big");
  ASSERT_NE(F, nullptr);
  AnalysisSession Session(AST.ctx());
  const FunctionCFG *G = Session.cfg(F);
  ASSERT_TRUE(G && G->valid());
  // More blocks than the budget's floor, so that a budget of 0 per block runs out.
  ASSERT_GT(G->cfg().size(), 64u);
  LockModel Model;
  std::vector<const CallExpr *> Calls = AST.calls("a", F);
  ASSERT_FALSE(Calls.empty());
  ContainerPath Mu;
  Mu.Root = AST.decl("::mu");

  unsigned HitsBefore = lockSetBudgetHits();
  LockSetAnalysis Starved(*G, Model, AST.ctx(), LockSet(), /*BudgetPerBlock=*/0);
  EXPECT_FALSE(Starved.complete());
  // The hit is counted (the debug statistic), once per analysis that stopped.
  EXPECT_EQ(lockSetBudgetHits(), HitsBefore + 1);
  for (const CallExpr *Call : Calls) {
    LockSet S = Starved.heldAt(Call);
    EXPECT_TRUE(S.isUnknown());
    EXPECT_FALSE(S.empty());
  }

  // The same function with the default budget settles, and the guard is held.
  LockSetAnalysis Full(*G, Model, AST.ctx());
  EXPECT_TRUE(Full.complete());
  EXPECT_EQ(lockSetBudgetHits(), HitsBefore + 1);
  for (const CallExpr *Call : Calls) {
    LockSet S = Full.heldAt(Call);
    EXPECT_FALSE(S.isUnknown());
    EXPECT_NE(S.find(Mu), nullptr);
  }
}

const char *const NoReturnCode = R"cpp(
#include <cstdlib>
#include <mutex>
#include <stdexcept>
std::mutex mu;
void a();
void b();
[[noreturn]] void fatal();
void die() { std::abort(); }
void dieOrThrow(int x) {
  if (x)
    throw std::runtime_error("x");
  std::exit(1);
}
void mayDie(int x) {
  if (x)
    std::abort();
}
struct Logger {
  virtual void fail() { std::abort(); }
};

void declaredNoReturn(bool ok) {
  mu.lock();
  if (!ok) {
    mu.unlock();
    fatal();
  }
  a();
  mu.unlock();
}
void definedNoReturn(bool ok) {
  mu.lock();
  if (!ok) {
    mu.unlock();
    die();
  }
  a();
  mu.unlock();
}
void mayReturn(bool ok) {
  mu.lock();
  if (!ok) {
    mu.unlock();
    mayDie(1);
  }
  a();
  mu.unlock();
}
void virtualMayBeOverridden(bool ok, Logger &log) {
  mu.lock();
  if (!ok) {
    mu.unlock();
    log.fail();
  }
  a();
  mu.unlock();
}
void afterAbort() {
  std::abort();
  a();
}
void afterDie() {
  die();
  a();
}
)cpp";

class NoReturnTest : public mapsafety::test::SnippetTest {
protected:
  static void SetUpTestSuite() { parse(NoReturnCode); }
  LockSet heldAtA(llvm::StringRef Function) {
    const FunctionDecl *F = AST->function(Function);
    EXPECT_NE(F, nullptr) << Function.str();
    if (!F)
      return LockSet::unknown();
    std::vector<const CallExpr *> Calls = AST->calls("a", F);
    EXPECT_EQ(Calls.size(), 1u);
    return Calls.empty() ? LockSet::unknown()
                         : FunctionLockSets::in(*Session, Model).heldAt(F, Calls.front());
  }
  bool neverReturns(llvm::StringRef Function) {
    const FunctionDecl *F = AST->function(Function);
    const FunctionCFG *G = F ? Session->cfg(F) : nullptr;
    return G && G->neverReturns();
  }
  ContainerPath mu() const {
    ContainerPath P;
    P.Root = AST->decl("::mu");
    return P;
  }
  LockModel Model;
};

TEST_F(NoReturnTest, NeverReturnsOnlyWhenNoPathReturns) {
  EXPECT_TRUE(neverReturns("die"));
  EXPECT_TRUE(neverReturns("dieOrThrow"));
  EXPECT_FALSE(neverReturns("mayDie"));
  EXPECT_FALSE(neverReturns("declaredNoReturn"));
}

TEST_F(NoReturnTest, BranchEndingInNoReturnCallDoesNotJoin) {
  LockSet Declared = heldAtA("declaredNoReturn");
  ASSERT_FALSE(Declared.isUnknown());
  EXPECT_NE(Declared.find(mu()), nullptr);
  // One call down: die() has no path that returns.
  LockSet Defined = heldAtA("definedNoReturn");
  ASSERT_FALSE(Defined.isUnknown());
  EXPECT_NE(Defined.find(mu()), nullptr);
}

TEST_F(NoReturnTest, CallThatMayReturnJoinsUnlocked) {
  LockSet May = heldAtA("mayReturn");
  ASSERT_FALSE(May.isUnknown());
  EXPECT_EQ(May.find(mu()), nullptr);
  // A virtual method may be overridden by one that returns.
  LockSet Virtual = heldAtA("virtualMayBeOverridden");
  ASSERT_FALSE(Virtual.isUnknown());
  EXPECT_EQ(Virtual.find(mu()), nullptr);
}

TEST_F(NoReturnTest, CodeAfterACallThatNeverReturnsIsUnknown) {
  EXPECT_TRUE(heldAtA("afterAbort").isUnknown());
  EXPECT_TRUE(heldAtA("afterDie").isUnknown());
}

const char *const ScopedGuardCode = R"cpp(
#include <mutex>
class __attribute__((capability("mutex"))) Mutex {
public:
  void Lock() __attribute__((acquire_capability())) { mu_.lock(); }
  void Unlock() __attribute__((release_capability())) { mu_.unlock(); }
private:
  std::mutex mu_;
};
class __attribute__((scoped_lockable)) PairGuard {
public:
  PairGuard(Mutex *a, Mutex *b) __attribute__((acquire_capability(a, b))) : a_(a), b_(b) {}
  ~PairGuard() __attribute__((release_capability())) {}
  void Release() __attribute__((release_capability())) {}
private:
  Mutex *a_;
  Mutex *b_;
};
class PlainGuard {
public:
  explicit PlainGuard(std::mutex &mu) : mu_(mu) { mu_.lock(); }
  ~PlainGuard() { mu_.unlock(); }
  void Release() { mu_.unlock(); }
  bool owns() const { return true; }
private:
  std::mutex &mu_;
};
Mutex ma, mb;
std::mutex mu;
void a();
void b();
void c();
void pair() {
  PairGuard g(&ma, &mb);
  a();
  g.Release();
  b();
}
void plain() {
  PlainGuard g(mu);
  g.owns();
  a();
  g.Release();
  b();
}
)cpp";

class ScopedGuardTest : public mapsafety::test::SnippetTest {
protected:
  static void SetUpTestSuite() { parse(ScopedGuardCode); }
  LockSet heldAt(llvm::StringRef Function, llvm::StringRef Callee) {
    const FunctionDecl *F = AST->function(Function);
    EXPECT_NE(F, nullptr) << Function.str();
    std::vector<const CallExpr *> Calls =
        F ? AST->calls(Callee, F) : std::vector<const CallExpr *>();
    EXPECT_EQ(Calls.size(), 1u);
    return Calls.empty() ? LockSet::unknown()
                         : FunctionLockSets::in(*Session, Model).heldAt(F, Calls.front());
  }
  ContainerPath global(llvm::StringRef Name) const {
    ContainerPath P;
    P.Root = AST->decl(Name);
    return P;
  }
  LockModel Model;
};

TEST_F(ScopedGuardTest, GuardOverTwoMutexesHoldsEach) {
  LockSet S = heldAt("pair", "a");
  ASSERT_FALSE(S.isUnknown());
  EXPECT_NE(S.find(global("::ma")), nullptr);
  EXPECT_NE(S.find(global("::mb")), nullptr);
}

TEST_F(ScopedGuardTest, ReleaseMemberEndsTheHold) {
  // RELEASE() without arguments on a scoped capability: both mutexes.
  LockSet Pair = heldAt("pair", "b");
  ASSERT_FALSE(Pair.isUnknown());
  EXPECT_EQ(Pair.find(global("::ma")), nullptr);
  EXPECT_EQ(Pair.find(global("::mb")), nullptr);
  // No annotation: Release() unlocks by shape; owns() changes nothing.
  LockSet Held = heldAt("plain", "a");
  ASSERT_FALSE(Held.isUnknown());
  EXPECT_NE(Held.find(global("::mu")), nullptr);
  LockSet Released = heldAt("plain", "b");
  ASSERT_FALSE(Released.isUnknown());
  EXPECT_EQ(Released.find(global("::mu")), nullptr);
}

} // namespace
