// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s -- -DSAFE_ONLY

// A reference alias captured by copy gives the lambda its own map: in
// `Table &view = table_; std::thread([view]() mutable { view[k] = v; })` the
// thread writes the closure's copy, made before the thread starts, never
// table_ (mapsafety-shared-map-copy reports the copy itself when it races).
// Likewise under a [=] default and with `this` captured beside it. The last
// case, not run as a program, is the positive control: the same alias
// captured by reference.

#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "../Inputs/program.h"

using Table = std::map<int, std::string>;

class Directory {
public:
  void startDraft() {
    Table &view = names_;
    worker_ = std::thread([this, view]() mutable {
      view[2] = "draft";
      consume(view.size() + ready_);
    });
  }
  void startDefaultCopy() {
    const Table &view = names_;
    other_ = std::thread([=] {
      for (const auto &kv : view)
        consume(kv.second.size());
    });
  }
  void rename(int id, const std::string &name) { names_[id] = name; }
  // CHECK-MESSAGES: :[[@LINE-1]]:50: warning: write to shared map 'names_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+11]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+10]]:28: note: 'names_' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+9]]:37: note: conflicting write of 'view' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+18]]:9: note: 'names_' declared here
  void stop() {
    worker_.join();
    other_.join();
  }
#ifndef SAFE_ONLY
  void startSharedView() {
    Table &view = names_;
    worker_ = std::thread([&view] { view[3] = "shared"; });
    // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: write to shared map 'view' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-3]]:28: note: 'names_' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE-29]]:34: note: conflicting copy of 'view' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+5]]:9: note: 'names_' declared here
  }
#endif

private:
  Table names_{{1, "first"}};
  int ready_ = 1;
  std::thread worker_, other_;
};

void local_alias_captured_by_copy() {
  Table table{{1, "first"}};
  Table &view = table;
  std::thread worker([view]() mutable {
    view[1] = "worker";
    consume(view.size());
  });
  table[1] = "owner";
  table.erase(1);
  worker.join();
}

int main() {
  Directory directory;
  directory.startDraft();
  directory.startDefaultCopy();
  directory.rename(1, "owner");
  directory.stop();
  local_alias_captured_by_copy();
}
