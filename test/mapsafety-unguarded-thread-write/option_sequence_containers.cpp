// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write --check-prefixes=CHECK-WITH-OPTION -config="{CheckOptions: [{key: mapsafety-unguarded-thread-write.SequenceContainers, value: true}]}" -- -std=c++17
// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write --check-prefixes=CHECK-WITHOUT-OPTION -- -std=c++17

// SequenceContainers (default false): the thread rules look at vectors,
// strings, deques and lists only when asked. Maps are always looked at.

#include <map>
#include <string>
#include <thread>
#include <vector>

class Journal {
 public:
  void record(int id) {
    lines_.push_back(id);
    counts_[id] += 1;
  }

  void start() {
    std::thread worker([this] {
      lines_.push_back(-1);
      counts_[-1] += 1;
    });
    record(1);
    worker.join();
  }

 private:
  std::vector<int> lines_;
  std::map<int, int> counts_;
};


// Expected (absolute line numbers: these comments come after the code).
// With the option: the vector races too.
// CHECK-WITH-OPTION: :15:5: warning: write to shared vector 'lines_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
// CHECK-WITH-OPTION: :24:5: note: reached through this call
// CHECK-WITH-OPTION: :20:17: note: thread started here
// CHECK-WITH-OPTION: :20:25: note: 'lines_' is shared with it through 'this', captured here
// CHECK-WITH-OPTION: :21:7: note: conflicting write of 'lines_' here, with no lock held
// CHECK-WITH-OPTION: :29:20: note: 'lines_' declared here
// CHECK-WITH-OPTION: :16:5: warning: write to shared map 'counts_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
// CHECK-WITH-OPTION: :24:5: note: reached through this call
// CHECK-WITH-OPTION: :20:17: note: thread started here
// CHECK-WITH-OPTION: :20:25: note: 'counts_' is shared with it through 'this', captured here
// CHECK-WITH-OPTION: :22:7: note: conflicting write of 'counts_' here, with no lock held
// CHECK-WITH-OPTION: :30:22: note: 'counts_' declared here
// CHECK-WITH-OPTION: :21:7: warning: write to shared vector 'lines_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
// CHECK-WITH-OPTION: :20:17: note: thread started here
// CHECK-WITH-OPTION: :20:25: note: 'lines_' is shared with it through 'this', captured here
// CHECK-WITH-OPTION: :24:5: note: the other access is reached through this call
// CHECK-WITH-OPTION: :15:5: note: conflicting write of 'lines_' here, with no lock held
// CHECK-WITH-OPTION: :29:20: note: 'lines_' declared here
// CHECK-WITH-OPTION: :22:7: warning: write to shared map 'counts_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
// CHECK-WITH-OPTION: :20:17: note: thread started here
// CHECK-WITH-OPTION: :20:25: note: 'counts_' is shared with it through 'this', captured here
// CHECK-WITH-OPTION: :24:5: note: the other access is reached through this call
// CHECK-WITH-OPTION: :16:5: note: conflicting write of 'counts_' here, with no lock held
// CHECK-WITH-OPTION: :30:22: note: 'counts_' declared here
// Without it (the default): only the map.
// CHECK-WITHOUT-OPTION: :16:5: warning: write to shared map 'counts_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
// CHECK-WITHOUT-OPTION: :24:5: note: reached through this call
// CHECK-WITHOUT-OPTION: :20:17: note: thread started here
// CHECK-WITHOUT-OPTION: :20:25: note: 'counts_' is shared with it through 'this', captured here
// CHECK-WITHOUT-OPTION: :22:7: note: conflicting write of 'counts_' here, with no lock held
// CHECK-WITHOUT-OPTION: :30:22: note: 'counts_' declared here
// CHECK-WITHOUT-OPTION: :22:7: warning: write to shared map 'counts_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
// CHECK-WITHOUT-OPTION: :20:17: note: thread started here
// CHECK-WITHOUT-OPTION: :20:25: note: 'counts_' is shared with it through 'this', captured here
// CHECK-WITHOUT-OPTION: :24:5: note: the other access is reached through this call
// CHECK-WITHOUT-OPTION: :16:5: note: conflicting write of 'counts_' here, with no lock held
// CHECK-WITHOUT-OPTION: :30:22: note: 'counts_' declared here
