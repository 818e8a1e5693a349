// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17
// RUN: %tsan_run --expect=race %s

// A reference alias captured by copy copies the map it names: `Table &view =
// table; std::thread([view] { ... })` reads all of `table` at the capture.
// The thread then owns its copy (mapsafety-unguarded-thread-write leaves its
// writes alone), but the copy itself races with a writer that holds the mutex
// the capture skips. Taken under that mutex, the same copy is quiet.

#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "../Inputs/program.h"

using Table = std::map<int, std::string>;

void copy_of_an_alias_while_a_writer_runs() {
  Table table{{1, "first"}};
  std::mutex mu;
  Step written;
  std::thread writer([&] {
    std::lock_guard<std::mutex> lock(mu);
    table[1] = "writer";
    written.signal();
  });
  Table &view = table;
  std::thread draft([view]() mutable {
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: copy of shared map 'view' without holding 'mu', which the concurrent write holds [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-8]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-9]]:23: note: 'table' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-8]]:5: note: conflicting write of 'table' here, holding 'mu'
  // CHECK-MESSAGES: :[[@LINE-14]]:9: note: 'table' declared here
    view[2] = "draft";
    consume(view.size());
  });
  written.await();
  {
    std::lock_guard<std::mutex> lock(mu);
    Table &locked = table;
    std::thread later([locked]() mutable { locked[3] = "later"; });
    later.join();
  }
  writer.join();
  draft.join();
}

int main() { copy_of_an_alias_while_a_writer_runs(); }
