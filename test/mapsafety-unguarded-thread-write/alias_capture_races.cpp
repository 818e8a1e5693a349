// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// A reference alias captured by reference is still the shared map: `Table
// &view = table_; [&view] { view[k] = v; }` writes table_ itself. (Captured by
// copy, `[view]`, the lambda owns a copy: alias_capture_safe.cpp.) The
// worker writes first; a Step orders the owner's locked write after it in
// time only.

#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "../Inputs/program.h"

using Table = std::map<int, std::string>;

class Directory {
public:
  void startRenamer(Step &renamed) {
    Table &view = names_;
    worker_ = std::thread([&view, &renamed] {
      view[1] = "renamed";
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to shared map 'view' without holding 'mu_', which the concurrent access holds [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
      // CHECK-MESSAGES: :[[@LINE-4]]:28: note: 'names_' is shared with it by reference capture here
      // CHECK-MESSAGES: :[[@LINE+7]]:5: note: conflicting write of 'names_' here, holding 'mu_'
      // CHECK-MESSAGES: :[[@LINE+11]]:9: note: 'names_' declared here
      renamed.signal();
    });
  }
  void rename(int id, const std::string &name) {
    std::lock_guard<std::mutex> lock(mu_);
    names_[id] = name;
  }
  void stop() { worker_.join(); }

private:
  Table names_{{1, "first"}};
  std::mutex mu_;
  std::thread worker_;
};

void local_alias_captured_by_reference() {
  Table table{{1, "first"}};
  std::mutex mu;
  Table &view = table;
  Step written;
  std::thread worker([&view, &written] {
    view[1] = "worker";
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'view' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'table' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+7]]:5: note: conflicting write of 'table' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-10]]:9: note: 'table' declared here
    written.signal();
  });
  written.await();
  {
    std::lock_guard<std::mutex> lock(mu);
    table[1] = "owner";
  }
  worker.join();
}

int main() {
  Directory directory;
  Step renamed;
  directory.startRenamer(renamed);
  renamed.await();
  directory.rename(1, "owner");
  directory.stop();
  local_alias_captured_by_reference();
}
