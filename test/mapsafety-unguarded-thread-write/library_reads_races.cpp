// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++20 -I %S/../Inputs
// RUN: %tsan_run --expect=race %s -- -std=c++20 -I %S/../Inputs

// Reads through free functions and algorithms are reads of the map: std::size,
// std::empty, std::begin/end, the iterator algorithms given m.begin()/m.end()
// (find_if, for_each, accumulate, count_if), the range algorithms
// (std::ranges::*, absl::c_*). std::inserter(m, ...) as an algorithm's output
// writes m. Each unlocked access below runs on the reporter thread while the
// registrar inserts under the table's mutex; Steps order them in time only.

#include <absl/algorithm/container.h>
#include <algorithm>
#include <iterator>
#include <map>
#include <mutex>
#include <numeric>
#include <ranges>
#include <thread>
#include <vector>

#include "../Inputs/program.h"

class RouteTable {
public:
  void add(int id, int port) {
    std::lock_guard<std::mutex> lock(mu_);
    routes_[id] = port;
  }
  std::size_t count() const { return std::size(routes_); }
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: read of shared map 'routes_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+124]]:13: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+122]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+121]]:25: note: 'routes_' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+127]]:3: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE-8]]:5: note: conflicting write of 'routes_' here, holding 'mu_'
  // CHECK-MESSAGES: :[[@LINE+110]]:22: note: 'routes_' declared here
  bool idle() const { return std::empty(routes_); }
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: read of shared map 'routes_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+116]]:29: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+114]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+113]]:25: note: 'routes_' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+119]]:3: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE-16]]:5: note: conflicting write of 'routes_' here, holding 'mu_'
  // CHECK-MESSAGES: :[[@LINE+102]]:22: note: 'routes_' declared here
  bool firstIsLocal() const { return std::begin(routes_)->second == 0; }
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: read of shared map 'routes_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+108]]:44: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+106]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+105]]:25: note: 'routes_' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+111]]:3: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE-24]]:5: note: conflicting write of 'routes_' here, holding 'mu_'
  // CHECK-MESSAGES: :[[@LINE+94]]:22: note: 'routes_' declared here
  bool servesPort(int port) const {
    auto it = std::find_if(routes_.begin(), routes_.end(),
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: iteration of shared map 'routes_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+99]]:67: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+97]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+96]]:25: note: 'routes_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+102]]:3: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-33]]:5: note: conflicting write of 'routes_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+85]]:22: note: 'routes_' declared here
                           [&](const auto &kv) { return kv.second == port; });
    return it != routes_.cend();
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: read of shared map 'routes_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+90]]:67: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+88]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+87]]:25: note: 'routes_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+93]]:3: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-42]]:5: note: conflicting write of 'routes_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+76]]:22: note: 'routes_' declared here
  }
  int portSum() const {
    return std::accumulate(routes_.cbegin(), routes_.cend(), 0,
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: iteration of shared map 'routes_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+81]]:13: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+78]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+77]]:25: note: 'routes_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+83]]:3: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-52]]:5: note: conflicting write of 'routes_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+66]]:22: note: 'routes_' declared here
                           [](int s, const auto &kv) { return s + kv.second; });
  }
  long highPorts() const {
    return std::count_if(routes_.begin(), routes_.end(),
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: iteration of shared map 'routes_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+70]]:31: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+67]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+66]]:25: note: 'routes_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+72]]:3: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-63]]:5: note: conflicting write of 'routes_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+55]]:22: note: 'routes_' declared here
                         [](const auto &kv) { return kv.second > 1024; });
  }
  void dump() const {
    std::for_each(routes_.begin(), routes_.end(), [](const auto &kv) { consume(kv.second); });
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: iteration of shared map 'routes_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+60]]:5: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+56]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+55]]:25: note: 'routes_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+61]]:3: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-74]]:5: note: conflicting write of 'routes_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+44]]:22: note: 'routes_' declared here
  }
  bool anyPrivileged() const {
    return std::ranges::any_of(routes_, [](const auto &kv) { return kv.second < 1024; });
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: iteration of shared map 'routes_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+49]]:51: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+46]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+45]]:25: note: 'routes_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+51]]:3: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-84]]:5: note: conflicting write of 'routes_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+34]]:22: note: 'routes_' declared here
  }
  bool anyZero() const {
    return absl::c_any_of(routes_, [](const auto &kv) { return kv.second == 0; });
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: iteration of shared map 'routes_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+39]]:75: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+36]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+35]]:25: note: 'routes_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+41]]:3: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-94]]:5: note: conflicting write of 'routes_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+24]]:22: note: 'routes_' declared here
  }
  void importBatch(const std::vector<std::pair<const int, int>> &batch) {
    std::copy(batch.begin(), batch.end(), std::inserter(routes_, routes_.end()));
    // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: write to shared map 'routes_' without holding 'mu_', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+37]]:5: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+35]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+34]]:25: note: 'routes_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+39]]:3: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-104]]:5: note: conflicting write of 'routes_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+14]]:22: note: 'routes_' declared here
  }
  void importRange(const std::vector<std::pair<const int, int>> &batch) {
    std::ranges::copy(batch, std::inserter(routes_, routes_.begin()));
    // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: write to shared map 'routes_' without holding 'mu_', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+28]]:5: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+25]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+24]]:25: note: 'routes_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+29]]:3: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-114]]:5: note: conflicting write of 'routes_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+4]]:22: note: 'routes_' declared here
  }

private:
  std::map<int, int> routes_;
  std::mutex mu_;
};

void reporter_reads_while_the_registrar_inserts() {
  RouteTable table;
  table.add(1, 80);
  Step read, written;
  std::thread reporter([&] {
    consume(table.count() + table.idle() + table.firstIsLocal() + table.servesPort(80) +
            table.portSum() + table.highPorts() + table.anyPrivileged() + table.anyZero());
    table.dump();
    read.signal();
  });
  read.await();
  table.add(2, 443);
  reporter.join();
  std::thread importer([&] {
    table.importBatch({{3, 8080}});
    table.importRange({{4, 8443}});
    written.signal();
  });
  written.await();
  table.add(5, 22);
  importer.join();
}

int main() { reporter_reads_while_the_registrar_inserts(); }
