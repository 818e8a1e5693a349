// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17

// Clang's thread-safety analysis test suite (warn-thread-safety-analysis.cpp,
// LLVM 19) ported to maps: try-locks (TryLockTest, LogicalConditionalTryLock,
// TryLockEqTest, TrylockFunctionTest), LOCK_RETURNED, PT_GUARDED_BY, range-for
// and references. Each case states the peer's verdict on the access and
// whether mapsafety agrees (docs/checks/mapsafety-unguarded-thread-write.md,
// "Peer suites").

#include <map>
#include <memory>
#include <string>

#include "Inputs/peer_tsa_mutex.h"

bool busy();
void shift(int i);
void publish(std::map<int, int> &table);

class Counters {
public:
  // peer (TSA: TryLockTest foo1): quiet; mapsafety: agrees
  void bumpIfFree(int k) {
    if (mu_.TryLock()) {
      counts_[k] += 1;
      mu_.Unlock();
    }
  }

  // peer (TSA: TryLockTest foo2, early return when the try fails): quiet; mapsafety: agrees
  void bumpOrGiveUp(int k) {
    if (!mu_.TryLock())
      return;
    counts_[k] += 2;
    mu_.Unlock();
  }

  // peer (TSA: TryLockTest foo2_builtin_expect): quiet; mapsafety: agrees
  void bumpLikely(int k) {
    if (__builtin_expect(!mu_.TryLock(), false))
      return;
    counts_[k] += 3;
    mu_.Unlock();
  }

  // peer (TSA: TryLockTest foo3, the result kept in a variable): quiet; mapsafety: agrees
  void bumpThroughFlag(int k) {
    bool locked = mu_.TryLock();
    if (locked) {
      counts_[k] += 4;
      mu_.Unlock();
    }
  }

  // peer (TSA: TryLockTest foo7, the flag negated twice): quiet; mapsafety: agrees
  void bumpThroughNegations(int k) {
    bool locked = mu_.TryLock();
    bool failed = !locked;
    bool ok = !failed;
    if (ok) {
      counts_[k] += 5;
      mu_.Unlock();
    }
  }

  // peer (TSA: TryLockTest foo8, the flag changed on one path): warns; mapsafety: agrees
  void bumpThroughChangedFlag(int k, bool force) {
    bool locked = mu_.TryLock();
    if (force)
      locked = true;
    if (locked)
      counts_[k] += 6;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to 'counts_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-49]]:7: note: 'counts_' is accessed holding 'mu_' here
      // CHECK-MESSAGES: :[[@LINE+106]]:23: note: 'counts_' declared here
  }

  // peer (TSA: TryLockTest foo9, a loop that does not change the flag): quiet; mapsafety: agrees
  void bumpAfterLoop(int k) {
    bool locked = mu_.TryLock();
    for (int i = 0; i < 10; ++i)
      shift(i);
    if (locked) {
      counts_[k] += 13;
      mu_.Unlock();
    }
  }

  // peer (TSA: TryLockTest foo10, the flag flipped in the loop): warns; mapsafety: agrees
  void bumpWithFlippingFlag(int k) {
    bool locked = mu_.TryLock();
    while (busy()) {
      if (locked)
        counts_[k] += 14;
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: write to 'counts_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
        // CHECK-MESSAGES: :[[@LINE-71]]:7: note: 'counts_' is accessed holding 'mu_' here
        // CHECK-MESSAGES: :[[@LINE+84]]:23: note: 'counts_' declared here
      locked = !locked;
    }
  }

  // peer (TSA: LogicalConditionalTryLock test6, relocked by the do-while condition): quiet; mapsafety: agrees
  void bumpWhileRelocked(int k) {
    mu_.Lock();
    do {
      counts_[k] += 15;
      mu_.Unlock();
    } while (busy() && mu_.TryLock());
  }

  // peer (TSA: TryLockTest foo5, while loop on the try-lock): quiet; mapsafety: agrees
  void bumpWhileFree(int k) {
    while (mu_.TryLock()) {
      counts_[k] += 7;
      mu_.Unlock();
    }
  }

  // peer (TSA: TryLockTest foo11, try-lock on one branch, lock on the other): quiet; mapsafety: agrees
  void bumpEitherWay(int k, bool tryFirst) {
    if (tryFirst) {
      if (!mu_.TryLock())
        return;
    } else {
      mu_.Lock();
    }
    counts_[k] += 8;
    mu_.Unlock();
  }

  // peer (TSA: LogicalConditionalTryLock test1): quiet; mapsafety: agrees
  void bumpIfIdleAndFree(int k) {
    if (!busy() && mu_.TryLock()) {
      counts_[k] += 9;
      mu_.Unlock();
    }
  }

  // peer (TSA: LogicalConditionalTryLock test3): quiet; mapsafety: agrees
  void bumpUnlessBusy(int k) {
    if (busy() || !mu_.TryLock())
      return;
    counts_[k] += 10;
    mu_.Unlock();
  }

  // peer (TSA: TryLockEqTest, `TryLock() == false` branch): warns; mapsafety: agrees
  void bumpOnFailedTry(int k) {
    if (mu_.TryLock() == false) {
      counts_.erase(k);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to 'counts_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-127]]:7: note: 'counts_' is accessed holding 'mu_' here
      // CHECK-MESSAGES: :[[@LINE+28]]:23: note: 'counts_' declared here
      return;
    }
    counts_[k] += 11;
    mu_.Unlock();
  }

  // peer (TSA: TryLockEqTest, after the failed branch returned): quiet; mapsafety: agrees
  void bumpAfterFailedTryReturned(int k) {
    if (mu_.TryLock() == false)
      return;
    counts_[k] += 12;
    mu_.Unlock();
  }

  // peer (TSA: TryLockTest, writing on the branch where the try failed): warns; mapsafety: agrees
  void bumpWhenTryFails(int k) {
    if (mu_.TryLock())
      mu_.Unlock();
    else
      counts_[k] = 0;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to 'counts_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-150]]:7: note: 'counts_' is accessed holding 'mu_' here
      // CHECK-MESSAGES: :[[@LINE+5]]:23: note: 'counts_' declared here
  }

private:
  Mutex mu_;
  std::map<int, long> counts_ GUARDED_BY(mu_);
};

class Inbox {
public:
  int tryLockCount() TRY_ACQUIRE(1, mu_);
  Mutex *tryLockHandle() TRY_ACQUIRE(true, mu_);
  bool lockBoth() TRY_ACQUIRE(true, mu_, metaMu_);
  void unlock() RELEASE(mu_);
  Mutex *getMu() LOCK_RETURNED(mu_);

  // peer (TSA: TryLockEqTest test1, `tryLockMutexI() == 0` then return): quiet after it; mapsafety: agrees
  void deliverCounted(int id) {
    if (tryLockCount() == 0)
      return;
    mail_[id] = 1;
    unlock();
  }

  // peer (TSA: TryLockEqTest test1, inside the `== 0` branch): warns; mapsafety: agrees
  void deliverOnFailure(int id) {
    if (0 == tryLockCount()) {
      mail_.erase(id);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to 'mail_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-9]]:5: note: 'mail_' is accessed holding 'mu_' here
      // CHECK-MESSAGES: :[[@LINE+32]]:22: note: 'mail_' declared here
      return;
    }
    unlock();
  }

  // peer (TSA: TryLockEqTest test1, `tryLockMutexP() != nullptr`): quiet; mapsafety: agrees
  void deliverThroughHandle(int id) {
    if (tryLockHandle() != nullptr) {
      mail_[id] = 2;
      unlock();
    }
  }

  // peer (TSA: TrylockFunctionTest, TRY_ACQUIRE over two mutexes): quiet; mapsafety: agrees
  void deliverWithMeta(int id) {
    if (lockBoth()) {
      mail_[id] = 3;
      meta_[id] = 3;
    }
  }

  // peer (TSA: LockReturned test1, locking through a LOCK_RETURNED accessor): quiet; mapsafety: agrees
  void deliverThroughAccessor(int id) {
    getMu()->Lock();
    mail_[id] = 4;
    getMu()->Unlock();
  }

private:
  Mutex mu_;
  Mutex metaMu_;
  std::map<int, int> mail_ GUARDED_BY(mu_);
  std::map<int, int> meta_ GUARDED_BY(metaMu_);
};

class Directory {
public:
  void add(int k) {
    MutexLock lock(&mu_);
    (*byId_)[k] = k;
    names_[k] = "x";
  }

  // peer (TSA: PtGuardedByTest, writing the pointee without the lock): warns; mapsafety: agrees
  void addUnlocked(int k) { (*byId_)[k] = 0; }
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: write to '(*byId_)' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-7]]:5: note: '(*byId_)' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+34]]:23: note: 'byId_' declared here

  // peer (TSA: RangeBasedForAndReferences, range-for without the lock): warns; mapsafety: agrees
  int countUnlocked() const {
    int n = 0;
    for (const auto &kv : names_)
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: iteration of 'names_' without holding 'mu_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-14]]:5: note: 'names_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+27]]:30: note: 'names_' declared here
      n += kv.first;
    return n;
  }

  // peer (TSA: PassByRefTest, passing the guarded map by non-const reference): warns; mapsafety: DISAGREES (in progress: call-site attribution of callee writes through reference parameters, SharedAccess)
  void publishUnlocked() { publish(table_); }
  void publishLocked() {
    MutexLock lock(&mu_);
    table_[0] = 0;
    publish(table_);
  }

  // peer (TSA: SmartPointerTests, a map owned by a smart pointer, PT_GUARDED_BY): warns; mapsafety: agrees
  void resetOwnedUnlocked() { owned_->clear(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: write to '*owned_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+4]]:5: note: '*owned_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+8]]:39: note: 'owned_' declared here
  void resetOwned() {
    MutexLock lock(&mu_);
    owned_->clear();
  }

private:
  mutable Mutex mu_;
  std::unique_ptr<std::map<int, int>> owned_ PT_GUARDED_BY(mu_);
  std::map<int, int> *byId_ PT_GUARDED_BY(mu_);
  std::map<int, std::string> names_ GUARDED_BY(mu_);
  std::map<int, int> table_ GUARDED_BY(mu_);
};
