// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17

// Clang's thread-safety analysis test suite (clang/test/SemaCXX/
// warn-thread-safety-analysis.cpp, LLVM 19), ported to maps: manual
// Lock()/Unlock(), locks held on some branches only, loops, early returns,
// REQUIRES/REQUIRES_SHARED, ACQUIRE/RELEASE functions and assertions. Each
// TSA `int x GUARDED_BY(mu)` is a map member here, written by a service
// method; every case states the peer's verdict on the access and whether
// mapsafety agrees (docs/checks/mapsafety-unguarded-thread-write.md, "Peer
// suites").

#include <map>
#include <string>

#include "Inputs/peer_tsa_mutex.h"

bool shouldRetry();
[[noreturn]] void fatal(const char *why);

class SessionTable {
public:
  // peer (TSA: sls_fun_0, sls_fun_6): quiet; mapsafety: agrees
  void putLocked(int id, int user) {
    mu_.Lock();
    sessions_[id] = user;
    mu_.Unlock();
  }

  // peer (TSA: gb_bad_2): warns; mapsafety: agrees
  void putUnlocked(int id, int user) { sessions_[id] = user; }
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: write to 'sessions_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-7]]:5: note: 'sessions_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+103]]:22: note: 'sessions_' declared here

  // peer (TSA: gb_bad_3): warns; mapsafety: agrees
  int findUnlocked(int id) const { return sessions_.count(id); }
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: read of 'sessions_' without holding 'mu_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-13]]:5: note: 'sessions_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+97]]:22: note: 'sessions_' declared here

  // peer (TSA: sls_fun_9, lock taken on both branches): quiet; mapsafety: agrees
  void putEitherWay(int id) {
    if (shouldRetry())
      mu_.Lock();
    else
      mu_.Lock();
    sessions_[id] = 0;
    mu_.Unlock();
  }

  // peer (TSA: sls_fun_bad_6, lock taken on one branch only): warns; mapsafety: agrees
  void putOneBranchLocked(int id) {
    if (shouldRetry())
      mu_.Lock();
    sessions_.erase(id);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'sessions_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-32]]:5: note: 'sessions_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+78]]:22: note: 'sessions_' declared here
    mu_.Unlock();
  }

  // peer (TSA: sls_fun_bad_5, unlocked on one branch before the access): warns; mapsafety: agrees
  void eraseAfterConditionalUnlock(int id) {
    mu_.Lock();
    if (shouldRetry())
      mu_.Unlock();
    sessions_.erase(id);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'sessions_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-44]]:5: note: 'sessions_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+66]]:22: note: 'sessions_' declared here
  }

  // peer (TSA: sls_fun_good_7, unlock and relock inside the loop, continue relocks): quiet; mapsafety: agrees
  void drainRelockingEachRound() {
    mu_.Lock();
    while (shouldRetry()) {
      sessions_.erase(sessions_.begin());
      mu_.Unlock();
      if (shouldRetry()) {
        mu_.Lock();
        continue;
      }
      mu_.Lock();
    }
    mu_.Unlock();
  }

  // peer (TSA: sls_fun_bad_7, the continue path does not relock): warns; mapsafety: agrees
  void drainForgettingToRelock() {
    mu_.Lock();
    while (shouldRetry()) {
      sessions_.erase(sessions_.begin());
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to 'sessions_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-69]]:5: note: 'sessions_' is accessed holding 'mu_' here
      // CHECK-MESSAGES: :[[@LINE+41]]:22: note: 'sessions_' declared here
      // CHECK-MESSAGES: :[[@LINE-4]]:23: warning: read of 'sessions_' without holding 'mu_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-72]]:5: note: 'sessions_' is accessed holding 'mu_' here
      // CHECK-MESSAGES: :[[@LINE+38]]:22: note: 'sessions_' declared here
      mu_.Unlock();
      if (shouldRetry())
        continue;
      mu_.Lock();
    }
    mu_.Unlock();
  }

  // peer (TSA: sls_fun_bad_12, the break path leaves unlocked): warns; mapsafety: agrees
  void clearAfterBreakingOut() {
    mu_.Lock();
    while (shouldRetry()) {
      mu_.Unlock();
      if (shouldRetry())
        break;
      mu_.Lock();
    }
    sessions_.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'sessions_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-93]]:5: note: 'sessions_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+17]]:22: note: 'sessions_' declared here
    mu_.Unlock();
  }

  // peer (TSA: TestThrowExpr, NoReturnTest): quiet; mapsafety: agrees
  void putOrDie(int id, bool ok) {
    mu_.Lock();
    if (!ok) {
      mu_.Unlock();
      fatal("bad id");
    }
    sessions_[id] = 1;
    mu_.Unlock();
  }

private:
  mutable Mutex mu_;
  std::map<int, int> sessions_ GUARDED_BY(mu_);
};

class QuotaBook {
public:
  // peer (TSA: thread_annot_lock_13 Foo::foo, es_fun_10): quiet; mapsafety: agrees
  void setLocked(const std::string &user, int q) REQUIRES(mu_) { quotas_[user] = q; }

  // peer (TSA: es_fun_9 / shared requirement, read): quiet; mapsafety: agrees
  int getShared(const std::string &user) const REQUIRES_SHARED(mu_) { return quotas_.at(user); }

  // peer (TSA: es_bad_1/es_bad_5, a write needing the exclusive lock under a shared one): warns; mapsafety: agrees
  void resetShared() REQUIRES_SHARED(mu_) { quotas_.clear(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: write to shared map 'quotas_' under a shared lock on 'mu_'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:66: note: 'quotas_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+17]]:30: note: 'quotas_' declared here

  // peer (TSA: multiple capabilities, REQUIRES(mu_, audit_mu_)): quiet; mapsafety: agrees
  void setAudited(const std::string &user, int q) REQUIRES(mu_, auditMu_) {
    quotas_[user] = q;
    audit_[user] = q;
  }

  // peer (TSA: MultipleAttributeTest, a different capability held): warns; mapsafety: agrees
  void auditUnderWrongLock(const std::string &user) REQUIRES(mu_) { audit_.erase(user); }
  // CHECK-MESSAGES: :[[@LINE-1]]:69: warning: write to 'audit_' without holding 'auditMu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'audit_' is accessed holding 'auditMu_' here
  // CHECK-MESSAGES: :[[@LINE+6]]:30: note: 'audit_' declared here

private:
  mutable Mutex mu_;
  Mutex auditMu_;
  std::map<std::string, int> quotas_ GUARDED_BY(mu_);
  std::map<std::string, int> audit_ GUARDED_BY(auditMu_);
};

class Ledger {
public:
  void lock() ACQUIRE(mu_);
  void readerLock() ACQUIRE_SHARED(mu_);
  void unlock() RELEASE(mu_);
  void assertHeld() ASSERT_CAPABILITY(mu_);

  // peer (TSA: LockUnlockFunctionTest / sls_fun_good_8, ACQUIRE function): quiet; mapsafety: agrees
  void credit(int account, long amount) {
    lock();
    balances_[account] += amount;
    unlock();
  }

  // peer (TSA: RELEASE function, write after it): warns; mapsafety: agrees
  void creditThenClose(int account) {
    lock();
    balances_[account] += 1;
    unlock();
    balances_.erase(account);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'balances_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-11]]:5: note: 'balances_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+46]]:23: note: 'balances_' declared here
  }

  // peer (TSA: ACQUIRE_SHARED function, write under it): warns; mapsafety: agrees
  void creditUnderReaderLock(int account) {
    readerLock();
    balances_[account] += 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'balances_' under a shared lock on 'mu_'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-20]]:5: note: 'balances_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+37]]:23: note: 'balances_' declared here
    unlock();
  }

  // peer (TSA: AssertHeldTest test1): quiet; mapsafety: agrees
  void creditAsserted(int account) {
    mu_.AssertHeld();
    balances_[account] += 2;
  }

  // peer (TSA: AssertHeldTest test2, shared assertion then a write): warns; mapsafety: agrees
  void creditReaderAsserted(int account) {
    mu_.AssertReaderHeld();
    balances_[account] += 3;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'balances_' under a shared lock on 'mu_'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-36]]:5: note: 'balances_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+21]]:23: note: 'balances_' declared here
  }

  // peer (TSA: AssertHeldTest test11, ASSERT_CAPABILITY function): quiet; mapsafety: agrees
  void creditAssertedByHelper(int account) {
    assertHeld();
    balances_[account] += 4;
  }

  // peer (TSA: AssertHeldTest test7, asserted on one branch, locked on the other): quiet; mapsafety: agrees
  void creditAssertedOrLocked(int account, bool held) {
    if (held)
      mu_.AssertHeld();
    else
      mu_.Lock();
    balances_[account] += 5;
    mu_.Unlock();
  }

private:
  Mutex mu_;
  std::map<int, long> balances_ GUARDED_BY(mu_);
};

// peer (TSA: thread_annot_lock_18_modified / late_bad_4, the same lock field of another object): warns; mapsafety: agrees
struct Shard {
  Mutex mu;
  std::map<int, int> rows GUARDED_BY(mu);
};

class ShardedStore {
public:
  void putInOtherShard(int k) {
    left_.mu.Lock();
    right_.rows[k] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'right_.rows' without holding 'mu', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-9]]:22: note: 'rows' declared here
    left_.mu.Unlock();
  }
  void putInShard(int k) {
    left_.mu.Lock();
    left_.rows[k] = 1;
    left_.mu.Unlock();
  }

private:
  Shard left_;
  Shard right_;
};
