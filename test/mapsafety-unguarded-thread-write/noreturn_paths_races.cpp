// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// A branch that gives up its lock and then calls a function that may return
// (a logger) joins the main path unlocked: the write after the join races.
// These are the counterparts of noreturn_paths_safe.cpp, where the same
// branches end in a call that never returns. The worker takes the
// unlocked path first; a Step makes the launcher's locked write come after,
// so no lock hand-off orders the two.

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>

#include "../Inputs/program.h"

bool fatal_errors = false;

// Logs, and aborts only when configured to: it may return.
void ReportError(const char *what) {
  if (fatal_errors)
    std::abort();
  std::fputs(what, stderr);
}

class Registry {
public:
  void put(int key, int value) {
    mu_.lock();
    if (key < 0) {
      mu_.unlock();
      ReportError("negative key\n");
      mu_.lock();
    }
    entries_[key] = value;
    mu_.unlock();
  }
  void putOrComplain(int key, int value) {
    std::unique_lock<std::mutex> lock(mu_);
    if (key < 0) {
      lock.unlock();
      ReportError("negative key\n");
    }
    entries_[key] = value;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'entries_' without holding 'mu_', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+21]]:5: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+19]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+18]]:23: note: 'entries_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+22]]:3: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE+5]]:5: note: conflicting write of 'entries_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+8]]:22: note: 'entries_' declared here
  }
  void putLocked(int key, int value) {
    std::lock_guard<std::mutex> lock(mu_);
    entries_[key] = value;
  }

private:
  std::map<int, int> entries_;
  std::mutex mu_;
};

void a_branch_that_may_return_joins_unlocked() {
  Registry registry;
  Step written;
  std::thread worker([&] {
    registry.putOrComplain(-1, 1);
    written.signal();
  });
  written.await();
  registry.putLocked(1, 1);
  worker.join();
}

int main() { a_branch_that_may_return_joins_unlocked(); }
