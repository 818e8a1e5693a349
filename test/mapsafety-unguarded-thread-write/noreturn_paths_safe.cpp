// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s -- -DSAFE_ONLY

// A call that never returns ends its path, for the lock sets and for the
// evidence a guard is inferred from: a branch that unlocks and then calls a
// [[noreturn]] function (or a function of this file whose every path ends in
// abort(), one call down) does not join the main path, so the write after
// the join still holds the lock; and code after abort() never runs. The last
// case, not run as a program, is the positive control: a helper that may
// return.

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "../Inputs/program.h"

[[noreturn]] void Fatal(const char *what) {
  std::fputs(what, stderr);
  std::abort();
}

// Not declared [[noreturn]], but no path through it returns.
void Die(const char *what) {
  std::fputs(what, stderr);
  std::abort();
}

// Throws on every path: no path returns to the caller either.
void Reject(const char *what) { throw std::invalid_argument(what); }

void LogOnly(const char *what) { std::fputs(what, stderr); }

class Registry {
public:
  void put(int key, int value) {
    mu_.lock();
    if (key < 0) {
      mu_.unlock();
      Fatal("negative key\n");
    }
    entries_[key] = value;
    mu_.unlock();
  }
  void putChecked(int key, int value) {
    std::unique_lock<std::mutex> lock(mu_);
    if (key < 0) {
      lock.unlock();
      Die("negative key\n");
    }
    entries_[key] = value;
  }
  void putValidated(int key, int value) {
    mu_.lock();
    if (key < 0) {
      mu_.unlock();
      Reject("negative key");
    }
    entries_[key] = value;
    mu_.unlock();
  }
  void eraseAfterAbort(int key) {
    if (key < 0) {
      std::abort();
      entries_.erase(key); // never runs
    }
    if (key < -1) {
      Die("corrupt\n");
      entries_.erase(key); // never runs either: Die never returns
    }
  }
  std::size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return entries_.size();
  }
#ifndef SAFE_ONLY
  void putOrLog(int key, int value) {
    mu_.lock();
    if (key < 0) {
      mu_.unlock();
      LogOnly("negative key\n");
      mu_.lock();
    }
    entries_[key] = value;
    mu_.unlock();
  }
  void putOrLogUnlocked(int key, int value) {
    std::unique_lock<std::mutex> lock(mu_);
    if (key < 0) {
      lock.unlock();
      LogOnly("negative key\n");
    }
    entries_[key] = value;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'entries_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-53]]:5: note: 'entries_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+5]]:22: note: 'entries_' declared here
  }
#endif

private:
  std::map<int, int> entries_;
  std::mutex mu_;
};

void writers_on_two_threads() {
  Registry registry;
  std::thread worker([&] {
    registry.put(1, 1);
    registry.putChecked(2, 2);
    registry.putValidated(3, 3);
    registry.eraseAfterAbort(4);
  });
  registry.put(5, 5);
  registry.putChecked(6, 6);
  consume(registry.size());
  worker.join();
}

int main() { writers_on_two_threads(); }
