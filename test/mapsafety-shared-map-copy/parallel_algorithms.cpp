// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17
// UNSUPPORTED: libc++
// (libc++ 22 has no std::execution::par)

// Parallel algorithms: with std::execution::par or par_unseq the callable
// runs on several threads at once, so a copy of a shared map inside it races
// with the writes other invocations make. With seq the callable runs on the
// calling thread, and a by-value or init capture is copied before the
// algorithm starts.
// No %tsan_run: libstdc++ runs the parallel policies on TBB, and without TBB
// (as here) its fallback backend is serial, so a program would not overlap.

#include <algorithm>
#include <execution>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

static std::size_t count_by_value(std::unordered_map<int, int> table) { return table.size(); }

void for_each_par_copies_a_map_the_callable_also_writes(const std::vector<int> &ids) {
  std::map<int, int> cache;
  std::for_each(std::execution::par, ids.begin(), ids.end(), [&cache](int id) {
    auto before = cache;
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: copy of shared map 'cache' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: parallel algorithm runs its callable on several threads at once here
    // CHECK-MESSAGES: :[[@LINE-4]]:63: note: 'cache' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+3]]:7: note: conflicting write of 'cache' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-7]]:22: note: 'cache' declared here
    if (before.count(id) == 0)
      cache[id] = id;
  });
}

void for_each_par_unseq_passes_the_map_by_value(const std::vector<int> &ids) {
  std::unordered_map<int, int> index;
  std::for_each(std::execution::par_unseq, ids.begin(), ids.end(), [&](int id) {
    if (count_by_value(index) < 100)
      // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: copy of shared map 'index' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
      // CHECK-MESSAGES: :[[@LINE-3]]:3: note: parallel algorithm runs its callable on several threads at once here
      // CHECK-MESSAGES: :[[@LINE-4]]:69: note: 'index' is shared with it by the reference capture default here
      // CHECK-MESSAGES: :[[@LINE+2]]:7: note: conflicting write of 'index' here, with no lock held
      // CHECK-MESSAGES: :[[@LINE-7]]:32: note: 'index' declared here
      index.emplace(id, id);
  });
}

void for_each_seq_runs_on_the_calling_thread(const std::vector<int> &ids) {
  std::map<int, int> cache;
  std::for_each(std::execution::seq, ids.begin(), ids.end(), [&cache](int id) {
    auto before = cache;
    if (before.count(id) == 0)
      cache[id] = id;
  });
}

void for_each_par_copies_a_map_no_invocation_writes(const std::vector<int> &ids, std::vector<std::size_t> &out) {
  const std::map<int, int> limits{{1, 10}};
  std::map<int, int> defaults{{1, 1}};
  std::transform(std::execution::par, ids.begin(), ids.end(), out.begin(), [&](int id) {
    auto copy = defaults;
    return copy.count(id) + limits.size();
  });
}

void for_each_par_copies_and_writes_under_a_mutex(const std::vector<int> &ids) {
  std::map<int, int> cache;
  std::mutex mu;
  std::for_each(std::execution::par, ids.begin(), ids.end(), [&](int id) {
    std::lock_guard<std::mutex> lock(mu);
    auto before = cache;
    if (before.count(id) == 0)
      cache[id] = id;
  });
}

void init_capture_copied_before_the_algorithm_starts(const std::vector<int> &ids) {
  std::map<int, int> cache{{0, 0}};
  std::mutex mu;
  std::for_each(std::execution::par, ids.begin(), ids.end(), [&cache, &mu, initial = cache](int id) {
    std::lock_guard<std::mutex> lock(mu);
    if (initial.count(id) == 0)
      cache[id] = id;
  });
}
