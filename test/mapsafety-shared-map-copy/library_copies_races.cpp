// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++20 -I %S/../Inputs
// RUN: %tsan_run --expect=race %s -- -std=c++20 -I %S/../Inputs

// Copying a map's elements out through an algorithm (std::copy over
// m.begin()/m.end(), std::ranges::copy, absl::c_copy) is a copy of the map,
// reported here at the algorithm; mapsafety-unguarded-thread-write leaves it
// to this rule. The exporter runs unlocked while the registrar writes under
// the table's mutex; a Step orders them in time only. The same copies under
// the mutex, and std::copy *into* the map (a write, not a copy), are quiet.

#include <absl/algorithm/container.h>
#include <algorithm>
#include <iterator>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "../Inputs/program.h"

using Entry = std::pair<const int, int>;

class RouteTable {
public:
  void add(int id, int port) {
    std::lock_guard<std::mutex> lock(mu_);
    routes_[id] = port;
  }
  void exportTo(std::vector<Entry> &out) const {
    std::copy(routes_.begin(), routes_.end(), std::back_inserter(out));
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: copy of shared map 'routes_' without holding 'mu_', which the concurrent write holds [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE+46]]:5: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+44]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+43]]:25: note: 'routes_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+49]]:3: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-9]]:5: note: conflicting write of 'routes_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+31]]:22: note: 'routes_' declared here
  }
  void exportRange(std::vector<Entry> &out) const {
    std::ranges::copy(routes_, std::back_inserter(out));
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: copy of shared map 'routes_' without holding 'mu_', which the concurrent write holds [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE+37]]:5: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+34]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+33]]:25: note: 'routes_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+39]]:3: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-19]]:5: note: conflicting write of 'routes_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+21]]:22: note: 'routes_' declared here
  }
  void exportAbsl(std::vector<Entry> &out) const { absl::c_copy(routes_, std::back_inserter(out)); }
  // CHECK-MESSAGES: :[[@LINE-1]]:65: warning: copy of shared map 'routes_' without holding 'mu_', which the concurrent write holds [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE+29]]:5: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+25]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+24]]:25: note: 'routes_' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+30]]:3: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE-28]]:5: note: conflicting write of 'routes_' here, holding 'mu_'
  // CHECK-MESSAGES: :[[@LINE+12]]:22: note: 'routes_' declared here
  void exportLocked(std::vector<Entry> &out) {
    std::lock_guard<std::mutex> lock(mu_);
    std::copy(routes_.cbegin(), routes_.cend(), std::back_inserter(out));
    std::ranges::copy(routes_, std::back_inserter(out));
  }
  void importLocked(const std::vector<Entry> &in) {
    std::lock_guard<std::mutex> lock(mu_);
    std::copy(in.begin(), in.end(), std::inserter(routes_, routes_.end()));
  }

private:
  std::map<int, int> routes_;
  std::mutex mu_;
};

void exporter_copies_while_the_registrar_inserts() {
  RouteTable table;
  table.add(1, 80);
  Step copied;
  std::vector<Entry> out;
  std::thread exporter([&] {
    table.exportTo(out);
    table.exportRange(out);
    table.exportAbsl(out);
    copied.signal();
  });
  copied.await();
  table.add(1, 81); // rewrites the element the copies read
  table.importLocked({{3, 8080}});
  exporter.join();
  table.exportLocked(out);
  consume(out.size());
}

int main() { exporter_copies_while_the_registrar_inserts(); }
