// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++20 -I %S/../Inputs
// RUN: %tsan_run --expect=clean %s -- -std=c++20 -I %S/../Inputs -DSAFE_ONLY

// Library reads that do not race: under the writers' mutex, on a map the
// thread owns, after the join. std::ref(m), std::as_const(m) and a view over m
// (std::views::keys) read nothing by themselves, and std::inserter into a
// local map writes only that map. The last case, not run as a program, is the
// positive control: std::size without the lock.

#include <absl/algorithm/container.h>
#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <numeric>
#include <ranges>
#include <thread>
#include <utility>
#include <vector>

#include "../Inputs/program.h"

class RouteTable {
public:
  void add(int id, int port) {
    std::lock_guard<std::mutex> lock(mu_);
    routes_[id] = port;
  }
  std::size_t count() {
    std::lock_guard<std::mutex> lock(mu_);
    return std::size(routes_) + std::empty(routes_);
  }
  int portSum() {
    std::lock_guard<std::mutex> lock(mu_);
    return std::accumulate(routes_.cbegin(), routes_.cend(), 0,
                           [](int s, const auto &kv) { return s + kv.second; });
  }
  bool anyPrivileged() {
    std::lock_guard<std::mutex> lock(mu_);
    return std::ranges::any_of(routes_, [](const auto &kv) { return kv.second < 1024; }) ||
           absl::c_any_of(routes_, [](const auto &kv) { return kv.second == 0; });
  }
  void importBatch(const std::vector<std::pair<const int, int>> &batch) {
    std::lock_guard<std::mutex> lock(mu_);
    std::copy(batch.begin(), batch.end(), std::inserter(routes_, routes_.end()));
  }
  std::map<int, int> snapshotInto() {
    std::map<int, int> out;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const auto &kv : routes_)
        out.insert(kv);
    }
    std::vector<std::pair<const int, int>> extra{{9, 9}};
    std::copy(extra.begin(), extra.end(), std::inserter(out, out.end()));
    return out;
  }
  const std::mutex &mutex() const { return mu_; }
#ifndef SAFE_ONLY
  std::size_t countWithoutLock() const { return std::size(routes_); }
  // CHECK-MESSAGES: :[[@LINE-1]]:49: warning: read of 'routes_' without holding 'mu_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-35]]:5: note: 'routes_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+4]]:22: note: 'routes_' declared here
#endif

private:
  std::map<int, int> routes_;
  std::mutex mu_;
};

void the_thread_reads_its_own_map() {
  std::thread worker([] {
    std::map<int, int> own{{1, 1}};
    consume(std::size(own) + std::count_if(own.begin(), own.end(),
                                           [](const auto &kv) { return kv.second > 0; }));
  });
  worker.join();
}

void reads_after_the_join_and_views() {
  std::map<int, int> ports{{1, 80}};
  std::thread worker([&] { ports[2] = 443; });
// Clang 14 cannot instantiate libstdc++ 12's views over a map.
#if __clang_major__ >= 15
  auto keys = std::views::keys(ports); // a view reads nothing yet
#endif
  auto wrapped = std::ref(ports);
  worker.join();
  consume(std::size(ports) + wrapped.get().size());
#if __clang_major__ >= 15
  consume(static_cast<std::size_t>(std::ranges::distance(keys)));
#endif
  consume(std::size(std::as_const(ports)));
}

void locked_readers_and_writers() {
  RouteTable table;
  std::thread reporter([&] { consume(table.count() + table.portSum() + table.anyPrivileged()); });
  table.add(1, 80);
  table.importBatch({{2, 443}});
  consume(table.snapshotInto().size());
  reporter.join();
}

int main() {
  the_thread_reads_its_own_map();
  reads_after_the_join_and_views();
  locked_readers_and_writers();
}
