// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17

// Infer RacerD's C++ tests (infer/tests/codetoanalyze/cpp/racerd: basics,
// lock_guard, lock_guard_with_scope, unique_lock, scoped_lock, std_lock,
// const_methods, noreturn, conditional, lock_in_callee,
// thread_safety_annotations) ported to maps. RacerD's C++ mode reports a read
// without a lock that races with a write under one in a class that locks (a
// "lock consistency violation"); its verdicts are the issues.exp of the suite
// and the test names (`_bad` reported, `_ok` not, `FP_` reported wrongly,
// `FN_` missed). Each case states the peer's verdict and whether mapsafety
// agrees (docs/checks/mapsafety-unguarded-thread-write.md, "Peer suites").

#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#define GUARDED_BY(x) __attribute__((guarded_by(x)))
#define REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
#define ASSERT_CAPABILITY(x) __attribute__((assert_capability(x)))
#define NO_THREAD_SAFETY_ANALYSIS __attribute__((no_thread_safety_analysis))

class BasicCache {
public:
  void set(const std::string &k, int v) {
    unguarded_[k] = v;
    mutex_.lock();
    guarded_[k] = v;
    readOutside_[k] = v;
    mutex_.unlock();
    writtenOutside_[k] = v;
  }

  // peer (RacerD: basics get1, well_guarded): quiet; mapsafety: agrees
  int getGuarded(const std::string &k) {
    mutex_.lock();
    int n = guarded_.count(k);
    mutex_.unlock();
    return n;
  }

  // peer (RacerD: basics get2, suspiciously_written read under the lock): quiet; mapsafety: agrees
  int getWrittenOutside(const std::string &k) {
    mutex_.lock();
    int n = writtenOutside_.count(k);
    mutex_.unlock();
    return n;
  }

  // peer (RacerD: basics get3, not_guarded): quiet; mapsafety: agrees
  int getUnguarded(const std::string &k) { return unguarded_.count(k); }

  // peer (RacerD: basics get_suspiciously_read_bad): warns; mapsafety: agrees
  int getReadOutside(const std::string &k) { return readOutside_.count(k); }
  // CHECK-MESSAGES: :[[@LINE-1]]:53: warning: read of 'readOutside_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-27]]:5: note: 'readOutside_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+4]]:30: note: 'readOutside_' declared here

private:
  std::map<std::string, int> guarded_;
  std::map<std::string, int> readOutside_;
  std::map<std::string, int> writtenOutside_;
  std::map<std::string, int> unguarded_;
  std::mutex mutex_;
};

class TwoLockCache {
public:
  void setBoth(int k) {
    mutex_.lock();
    mutex2_.lock();
    both_[k] = k;
    mutex2_.unlock();
    outer_[k] = k;
    mutex_.unlock();
  }

  // peer (RacerD: basics test_double_lock_1_ok, reads under the inner lock only): quiet; mapsafety: agrees
  int getBoth(int k) {
    mutex2_.lock();
    int n = both_.count(k);
    mutex2_.unlock();
    return n;
  }

  // peer (RacerD: basics read_double_suspiciously_read_bad): warns; mapsafety: agrees
  int getOuter(int k) { return outer_.count(k); }
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: read of 'outer_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-15]]:5: note: 'outer_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+4]]:32: note: 'outer_' declared here

private:
  std::unordered_map<int, int> both_;
  std::unordered_map<int, int> outer_;
  std::mutex mutex_;
  std::mutex mutex2_;
};

class ScopedCache {
public:
  void set(int k) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      inScope_[k] = k;
    }
    afterScope_[k] = k;
  }

  // peer (RacerD: lock_guard_with_scope suspiciously_read_bad): warns; mapsafety: agrees
  int getInScope(int k) { return inScope_.count(k); }
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: read of 'inScope_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:7: note: 'inScope_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+19]]:22: note: 'inScope_' declared here

  // peer (RacerD: lock_guard_with_scope get3, written after the scope only): quiet; mapsafety: agrees
  int getAfterScope(int k) { return afterScope_.count(k); }

  // peer (RacerD: lock_guard test1, the read after a locked call): warns; mapsafety: agrees
  int getAfterLockedCall(int k) {
    int n = getLocked(k);
    return n + inScope_.count(k);
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: read of 'inScope_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-19]]:7: note: 'inScope_' is accessed holding 'mutex_' here
    // CHECK-MESSAGES: :[[@LINE+8]]:22: note: 'inScope_' declared here
  }

private:
  int getLocked(int k) {
    std::lock_guard<std::mutex> lock(mutex_);
    return inScope_.count(k);
  }
  std::map<int, int> inScope_;
  std::map<int, int> afterScope_;
  std::mutex mutex_;
};

class UniqueLockCache {
public:
  void set(int k) {
    std::unique_lock<std::mutex> g(mutex_);
    beforeUnlock_[k] = k;
    g.unlock();
    afterUnlock_[k] = k;
  }

  void setDeferred(int k) {
    std::unique_lock<std::mutex> g(mutex_, std::defer_lock);
    deferredBefore_[k] = k;
    g.lock();
    deferredAfter_[k] = k;
    g.unlock();
  }

  // peer (RacerD: unique_lock suspiciously_read1_bad): warns; mapsafety: agrees
  int getBeforeUnlock(int k) { return beforeUnlock_.count(k); }
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: read of 'beforeUnlock_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-16]]:5: note: 'beforeUnlock_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+26]]:22: note: 'beforeUnlock_' declared here

  // peer (RacerD: unique_lock get3, written after unlock()): quiet; mapsafety: agrees
  int getAfterUnlock(int k) { return afterUnlock_.count(k); }

  // peer (RacerD: unique_lock suspiciously_read3_deferlock_bad): warns; mapsafety: agrees
  int getDeferredAfter(int k) { return deferredAfter_.count(k); }
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: read of 'deferredAfter_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-16]]:5: note: 'deferredAfter_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+20]]:22: note: 'deferredAfter_' declared here

  // peer (RacerD: unique_lock get3, written before the deferred lock()): quiet; mapsafety: agrees
  int getDeferredBefore(int k) { return deferredBefore_.count(k); }

  // peer (RacerD: unique_lock suspiciously_read2_trylock_bad, the branch that does not own the lock): warns; mapsafety: agrees
  int getTried(int k) {
    std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
    if (lock.owns_lock())
      return beforeUnlock_.count(k);
    return deferredAfter_.size();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: read of 'deferredAfter_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-29]]:5: note: 'deferredAfter_' is accessed holding 'mutex_' here
    // CHECK-MESSAGES: :[[@LINE+7]]:22: note: 'deferredAfter_' declared here
  }

private:
  std::map<int, int> beforeUnlock_;
  std::map<int, int> afterUnlock_;
  std::map<int, int> deferredBefore_;
  std::map<int, int> deferredAfter_;
  std::mutex mutex_;
};

class ScopedLockCache {
public:
  void store(int k) {
    std::scoped_lock<std::mutex> g(mutex_);
    y_[k] = k;
  }

  // peer (RacerD: scoped_lock get_y_bad): warns; mapsafety: agrees
  int getY(int k) { return y_.count(k); }
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: read of 'y_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'y_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+11]]:22: note: 'y_' declared here

  void storeZ(int k) { z_[k] = k; }

  // peer (RacerD: scoped_lock get_z, written without the lock, read under it): quiet; mapsafety: agrees
  int getZ(int k) {
    std::scoped_lock<std::mutex> g(mutex_);
    return z_.count(k);
  }

private:
  std::map<int, int> y_;
  std::map<int, int> z_;
  std::mutex mutex_;
};

class StdLockCache {
public:
  // peer (RacerD: std_lock set_ok/get_ok, std::lock over two mutexes): quiet; mapsafety: agrees
  void mergeFrom(StdLockCache *other) {
    std::lock(mutex_, other->mutex_);
    entries_[0] = other->entries_.size();
    mutex_.unlock();
    other->mutex_.unlock();
  }

  // peer (RacerD: std_lock get_bad): warns; mapsafety: agrees
  int count(int k) { return entries_.count(k); }
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: read of 'entries_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:5: note: 'entries_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+3]]:30: note: 'entries_' declared here

private:
  std::map<int, std::size_t> entries_;
  std::mutex mutex_;
};

class ConstMethodsCache {
public:
  void set(int k) {
    std::lock_guard<std::mutex> lock(mutex_);
    x_[k] = k;
  }

  // peer (RacerD: const_methods get_const_bad): warns; mapsafety: agrees
  bool hasConst(int k) const { return x_.count(k) != 0; }
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: read of 'x_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'x_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+14]]:22: note: 'x_' declared here

  // peer (RacerD: const_methods get_const_indirect_bad, through a const helper): warns; mapsafety: agrees
  bool hasIndirect(int k) const { return readX(k); }

private:
  bool readX(int k) const { return x_.find(k) != x_.end(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: read of 'x_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-15]]:5: note: 'x_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+5]]:22: note: 'x_' declared here
  // CHECK-MESSAGES: :[[@LINE-4]]:50: warning: read of 'x_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-18]]:5: note: 'x_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+2]]:22: note: 'x_' declared here
  mutable std::mutex mutex_;
  std::map<int, int> x_;
};

class NoreturnCache {
public:
  [[noreturn]] void neverReturns();
  void mayNotReturn(bool b) {
    if (b)
      neverReturns();
  }

  // peer (RacerD: noreturn write_after_call_to_may_never_return_under_lock_bad / get_y_without_lock): warns; mapsafety: agrees
  void writeAfterMaybeNoreturn(bool b, int k) {
    std::unique_lock<std::mutex> g(mutex_);
    mayNotReturn(b);
    y_[k] = k;
  }
  int getY(int k) { return y_.count(k); }
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: read of 'y_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: 'y_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+13]]:22: note: 'y_' declared here

  // peer (RacerD: noreturn get_x_without_lock, the locked write is dead code): quiet; mapsafety: agrees
  void writeAfterNoreturn(int k) {
    std::unique_lock<std::mutex> g(mutex_);
    neverReturns();
    x_[k] = k;
  }
  void writeUnlocked(int k) { x_[k] = k; }
  int getX(int k) { return x_.count(k); }

private:
  std::map<int, int> x_;
  std::map<int, int> y_;
  std::mutex mutex_;
};

class ConditionalCache {
public:
  // peer (RacerD: conditional run_FP / get_y, a temporary guard taken to stay held): warns; mapsafety: DISAGREES (peer false positive: the temporary std::unique_lock is destroyed at the end of the condition, so the write holds nothing and no access holds a lock)
  void run(int k) {
    if (std::unique_lock<std::mutex>(mutex_).owns_lock()) {
    }
    y_[k] = k;
  }
  int getY(int k) { return y_.count(k); }

private:
  std::map<int, int> y_;
  std::mutex mutex_;
};

class PrivateHelperCache {
public:
  void set(int k) { setLocked(k); }

  // peer (RacerD: lock_in_callee PrivateHelper get_bad, written in a locking callee): warns; mapsafety: agrees
  int get(int k) { return x_.count(k); }
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: read of 'x_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+14]]:5: note: 'x_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+17]]:22: note: 'x_' declared here

  void setY(int k) {
    touch();
    y_[k] = k;
  }

  // peer (RacerD: lock_in_callee get_y_ok, the callee's lock released before the write): quiet; mapsafety: agrees
  int getY(int k) { return y_.count(k); }

private:
  void setLocked(int k) {
    std::lock_guard<std::mutex> l(mutex_);
    x_[k] = k;
  }
  void touch() { std::lock_guard<std::mutex> l(mutex_); }
  std::mutex mutex_;
  std::map<int, int> x_;
  std::map<int, int> y_;
};

// A mutex wrapper and RAII guard of the project's own.
class Mutex {
public:
  void lock() { mutex_.lock(); }
  void unlock() { mutex_.unlock(); }
  void AssertHeld() const ASSERT_CAPABILITY(this);

private:
  std::mutex mutex_;
};

class Guard {
public:
  explicit Guard(Mutex &m) : m_(m) { m_.lock(); }
  ~Guard() { m_.unlock(); }

private:
  Mutex &m_;
};

class CustomGuardCache {
public:
  void set(int k) {
    Guard g(mutex_);
    x_[k] = k;
  }

  // peer (RacerD: lock_in_callee CustomGuard get_bad): warns; mapsafety: agrees
  int get(int k) { return x_.count(k); }
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: read of 'x_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'x_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+12]]:22: note: 'x_' declared here

  int getLocked() {
    Guard g(mutex_);
    return getRequiresLockHeld();
  }

  // peer (RacerD: lock_in_callee FP_get_requires_lock_held_ok, its only caller holds the lock): warns; mapsafety: DISAGREES (peer false positive: every caller in the translation unit holds mutex_)
  int getRequiresLockHeld() { return x_.size(); }

private:
  Mutex mutex_;
  std::map<int, int> x_;
};

class AnnotatedRegistry {
public:
  void add(int k) {
    std::lock_guard<Mutex> lock(mu_);
    total_[k] = k;
  }

  // peer (RacerD: thread_safety_annotations total_locked_ok, REQUIRES): quiet; mapsafety: agrees
  int totalLocked(int k) REQUIRES(mu_) { return total_.count(k); }

  // peer (RacerD: thread_safety_annotations total_unlocked_bad): warns; mapsafety: agrees
  int totalUnlocked(int k) { return total_.count(k); }
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: read of 'total_' without holding 'mu_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-9]]:5: note: 'total_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+48]]:22: note: 'total_' declared here

  // peer (RacerD: thread_safety_annotations total_unlock_in_between_bad): warns; mapsafety: agrees
  int totalUnlockInBetween(int k) REQUIRES(mu_) {
    mu_.unlock();
    int t = total_.count(k);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: read of 'total_' without holding 'mu_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-17]]:5: note: 'total_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+40]]:22: note: 'total_' declared here
    mu_.lock();
    return t;
  }

  // peer (RacerD: thread_safety_annotations total_unlock_other_in_between_ok): quiet; mapsafety: agrees
  int totalUnlockOtherInBetween(int k) REQUIRES(mu_, otherMu_) {
    otherMu_.unlock();
    int t = total_.count(k);
    otherMu_.lock();
    return t;
  }

  // peer (RacerD: thread_safety_annotations call_helper_unlock_in_between_bad): warns; mapsafety: agrees
  int callHelperUnlockInBetween(int k) {
    std::lock_guard<Mutex> lock(mu_);
    return helperUnlockInBetween(k);
  }

  // peer (RacerD: thread_safety_annotations FP_total_assert_held_ok): warns; mapsafety: DISAGREES (peer false positive: RacerD does not model ASSERT_CAPABILITY)
  int totalAssertHeld(int k) {
    mu_.AssertHeld();
    return total_.count(k);
  }

  // peer (RacerD: thread_safety_annotations FP_reset_no_analysis_ok): warns; mapsafety: DISAGREES (peer false positive: NO_THREAD_SAFETY_ANALYSIS opts the function out)
  void resetNoAnalysis() NO_THREAD_SAFETY_ANALYSIS { total_.clear(); }

private:
  int helperUnlockInBetween(int k) REQUIRES(mu_) {
    mu_.unlock();
    int t = total_.count(k);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: read of 'total_' without holding 'mu_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-51]]:5: note: 'total_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+6]]:22: note: 'total_' declared here
    mu_.lock();
    return t;
  }
  Mutex mu_;
  Mutex otherMu_;
  std::map<int, int> total_ GUARDED_BY(mu_);
};
