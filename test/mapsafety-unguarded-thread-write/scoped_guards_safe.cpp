// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s -- -DSAFE_ONLY

// Guards over several mutexes hold each of them: a SCOPED_CAPABILITY guard
// constructed with two mutexes (ACQUIRE(a, b)) covers a map guarded by
// either. A guard released early holds nothing after its Release(), but
// what it wrote before is covered; std::unique_lock with defer_lock holds
// after lock(), and lock_guard with adopt_lock holds what lock() took. A
// guard method that neither locks nor unlocks (owns()) changes nothing. The
// last case, not run as a program, is the positive control: a write after
// the two-mutex guard's Release().

#include <map>
#include <mutex>
#include <thread>

#include "../Inputs/program.h"
#include "../Inputs/thread_annotations.h"

#ifndef SCOPED_CAPABILITY
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#endif

class CAPABILITY("mutex") Mutex {
public:
  void Lock() ACQUIRE() { mu_.lock(); }
  void Unlock() RELEASE() { mu_.unlock(); }

private:
  std::mutex mu_;
};

// Takes two mutexes, in a fixed order, and releases both.
class SCOPED_CAPABILITY PairGuard {
public:
  PairGuard(Mutex *first, Mutex *second) ACQUIRE(first, second) : a_(first), b_(second) {
    a_->Lock();
    b_->Lock();
  }
  ~PairGuard() RELEASE() {
    if (held_) {
      b_->Unlock();
      a_->Unlock();
    }
  }
  void Release() RELEASE() {
    b_->Unlock();
    a_->Unlock();
    held_ = false;
  }
  bool owns() const { return held_; }

private:
  Mutex *a_;
  Mutex *b_;
  bool held_ = true;
};

class Accounts {
public:
  // Moves money between the two tables holding both mutexes.
  void transfer(int id, int amount) {
    PairGuard guard(&balances_mu_, &history_mu_);
    balances_[id] -= amount;
    if (guard.owns())
      history_[id] = amount;
  }
  void transferThenLog(int id, int amount) {
    PairGuard guard(&balances_mu_, &history_mu_);
    balances_[id] += amount;
    history_[id] = -amount;
    guard.Release();
    consume(static_cast<std::size_t>(amount));
  }
#ifndef SAFE_ONLY
  void transferAfterRelease(int id) {
    PairGuard guard(&balances_mu_, &history_mu_);
    guard.Release();
    history_.erase(id);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'history_' without holding 'history_mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-15]]:7: note: 'history_' is accessed holding 'history_mu_' here
    // CHECK-MESSAGES: :[[@LINE+16]]:22: note: 'history_' declared here
  }
#endif
  void deposit(int id, int amount) {
    balances_mu_.Lock();
    balances_[id] += amount;
    balances_mu_.Unlock();
  }
  void record(int id, int amount) {
    history_mu_.Lock();
    history_[id] = amount;
    history_mu_.Unlock();
  }

private:
  std::map<int, int> balances_;
  std::map<int, int> history_;
  Mutex balances_mu_;
  Mutex history_mu_;
};

class Queue {
public:
  void pushDeferred(int k) {
    std::unique_lock<std::mutex> lock(mu_, std::defer_lock);
    lock.lock();
    items_[k] = k;
  }
  void pushAdopted(int k) {
    mu_.lock();
    std::lock_guard<std::mutex> lock(mu_, std::adopt_lock);
    items_[k] = k;
  }
  std::size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return items_.size();
  }

private:
  std::map<int, int> items_;
  std::mutex mu_;
};

int main() {
  Accounts accounts;
  Queue queue;
  std::thread teller([&] {
    accounts.transfer(1, 10);
    accounts.transferThenLog(2, 5);
    queue.pushDeferred(1);
  });
  accounts.deposit(1, 100);
  accounts.record(3, 1);
  queue.pushAdopted(2);
  teller.join();
  consume(queue.size());
}
