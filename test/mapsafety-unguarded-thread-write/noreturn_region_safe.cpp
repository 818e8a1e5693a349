// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s -- -DSAFE_ONLY

// A call that never returns ends the launcher's path: the thread it started
// does not outlive the launcher there (the process ends with it), so it does
// not race with the other methods of the class. Such calls are `abort()`,
// `[[noreturn]]` functions, and functions of this file whose every path ends
// in one (one call down). The last case, not run as a program, is the
// positive control: a helper that may return lets the thread escape.

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>

#include "../Inputs/program.h"

[[noreturn]] void Fatal(const char *what) {
  std::fputs(what, stderr);
  std::abort();
}

// Not declared [[noreturn]], but no path through it returns.
void Die(const char *what) {
  std::fputs(what, stderr);
  std::exit(1);
}

class Loader {
public:
  void load(bool corrupt) {
    worker_ = std::thread([this] { entries_[1] = "parsed"; });
    if (corrupt)
      std::abort();
    worker_.join();
  }
  void loadChecked(bool corrupt) {
    worker_ = std::thread([this] { entries_[2] = "parsed"; });
    if (corrupt)
      Fatal("corrupt\n");
    worker_.join();
  }
  void loadOrDie(bool corrupt) {
    worker_ = std::thread([this] { entries_[3] = "parsed"; });
    if (corrupt) {
      Die("corrupt\n");
      return;
    }
    worker_.join();
  }
  void reset() { entries_.clear(); }

private:
  std::map<int, std::string> entries_;
  std::thread worker_;
};

#ifndef SAFE_ONLY
void Complain(const char *what) { std::fputs(what, stderr); }

class LenientLoader {
public:
  void load(bool corrupt) {
    worker_ = std::thread([this] { entries_[1] = "parsed"; });
    // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: write to shared map 'entries_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-3]]:28: note: 'entries_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE+8]]:18: note: conflicting write of 'entries_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+19]]:30: note: 'entries_' declared here
    if (corrupt) {
      Complain("corrupt\n");
      return;
    }
    worker_.join();
  }
  void reset() { entries_.clear(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: write to shared map 'entries_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-14]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-15]]:28: note: 'entries_' is shared with it through 'this', captured here
  // CHECK-MESSAGES: :[[@LINE-16]]:36: note: conflicting write of 'entries_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+7]]:30: note: 'entries_' declared here
  ~LenientLoader() {
    if (worker_.joinable())
      worker_.join();
  }

private:
  std::map<int, std::string> entries_;
  std::thread worker_;
};
#endif

int main() {
  Loader loader;
  loader.load(false);
  loader.loadChecked(false);
  loader.loadOrDie(false);
  loader.reset();
}
