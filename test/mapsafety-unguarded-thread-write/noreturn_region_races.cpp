// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// The counterpart of noreturn_region_safe.cpp: the launcher's early exit goes
// through a helper that may return (it only logs), so the thread it started
// outlives the launcher on that path and races with the other methods. A Step
// lets the thread write first without synchronising with reset().

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>

#include "../Inputs/program.h"

bool strict_mode = false;

// Aborts only in strict mode: it may return.
void Reject(const char *what) {
  if (strict_mode)
    std::abort();
  std::fputs(what, stderr);
}

class Loader {
public:
  void load(bool corrupt) {
    worker_ = std::thread([this] {
      entries_[1] = "parsed";
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to shared map 'entries_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
      // CHECK-MESSAGES: :[[@LINE-4]]:28: note: 'entries_' is shared with it through 'this', captured here
      // CHECK-MESSAGES: :[[@LINE+12]]:5: note: conflicting write of 'entries_' here, with no lock held
      // CHECK-MESSAGES: :[[@LINE+25]]:30: note: 'entries_' declared here
      parsed_.signal();
    });
    if (corrupt) {
      Reject("corrupt\n");
      return;
    }
    worker_.join();
  }
  void reset() {
    parsed_.await();
    entries_.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'entries_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-19]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-20]]:28: note: 'entries_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE-20]]:7: note: conflicting write of 'entries_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+9]]:30: note: 'entries_' declared here
  }
  ~Loader() {
    if (worker_.joinable())
      worker_.join();
  }

private:
  Step parsed_;
  std::map<int, std::string> entries_;
  std::thread worker_;
};

int main() {
  Loader loader;
  loader.load(true);
  loader.reset();
}
