// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// UNSUPPORTED: libc++
// (libc++ 22 has no std::execution::par)

// Parallel algorithms: with std::execution::par or par_unseq the callable
// runs on several threads at once, so a write to a shared map inside it races
// with itself. With seq, or without a policy, it runs on the calling thread.
// No %tsan_run: libstdc++ runs the parallel policies on TBB, and without TBB
// (as here) its fallback backend is serial, so a program would not overlap.

#include <algorithm>
#include <execution>
#include <map>
#include <mutex>
#include <numeric>
#include <string>
#include <unordered_map>
#include <vector>

void for_each_par_writes_a_captured_map(const std::vector<int> &ids) {
  std::map<int, int> squares;
  std::for_each(std::execution::par, ids.begin(), ids.end(), [&squares](int id) { squares[id] = id * id; });
  // CHECK-MESSAGES: :[[@LINE-1]]:83: warning: write to shared map 'squares' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: parallel algorithm runs its callable on several threads at once here
  // CHECK-MESSAGES: :[[@LINE-3]]:63: note: 'squares' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-4]]:83: note: the same write runs on another thread at the same time
  // CHECK-MESSAGES: :[[@LINE-6]]:22: note: 'squares' declared here
}

void for_each_par_unseq_reference_default(const std::vector<std::string> &words) {
  std::unordered_map<std::string, int> counts;
  std::for_each(std::execution::par_unseq, words.begin(), words.end(), [&](const std::string &w) { counts[w]++; });
  // CHECK-MESSAGES: :[[@LINE-1]]:100: warning: write to shared map 'counts' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: parallel algorithm runs its callable on several threads at once here
  // CHECK-MESSAGES: :[[@LINE-3]]:73: note: 'counts' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-4]]:100: note: the same write runs on another thread at the same time
  // CHECK-MESSAGES: :[[@LINE-6]]:40: note: 'counts' declared here
}

std::map<int, std::string> g_owner_by_shard;

void transform_par_erases_from_a_global(std::vector<int> &shards) {
  std::transform(std::execution::par, shards.begin(), shards.end(), shards.begin(), [](int shard) {
    g_owner_by_shard.erase(shard);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'g_owner_by_shard' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: parallel algorithm runs its callable on several threads at once here
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: the same write runs on another thread at the same time
    // CHECK-MESSAGES: :[[@LINE-8]]:28: note: 'g_owner_by_shard' declared here
    return shard;
  });
}

void for_each_par_reads_while_inserting(const std::vector<int> &ids) {
  std::unordered_map<int, int> seen;
  std::for_each(std::execution::par, ids.begin(), ids.end(), [&seen](int id) {
    if (seen.count(id) == 0)
      seen.emplace(id, 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to shared map 'seen' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: parallel algorithm runs its callable on several threads at once here
    // CHECK-MESSAGES: :[[@LINE-5]]:63: note: 'seen' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE-5]]:9: note: conflicting read of 'seen' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-8]]:32: note: 'seen' declared here
  });
}

// ---- negatives ----------------------------------------------------------

void for_each_seq_runs_on_the_calling_thread(const std::vector<int> &ids) {
  std::map<int, int> squares;
  std::for_each(std::execution::seq, ids.begin(), ids.end(), [&squares](int id) { squares[id] = id * id; });
}

void for_each_without_a_policy(const std::vector<int> &ids) {
  std::map<int, int> squares;
  std::for_each(ids.begin(), ids.end(), [&squares](int id) { squares[id] = id * id; });
}

void for_each_par_under_a_mutex(const std::vector<int> &ids) {
  std::map<int, int> squares;
  std::mutex mu;
  std::for_each(std::execution::par, ids.begin(), ids.end(), [&](int id) {
    std::lock_guard<std::mutex> lock(mu);
    squares[id] = id * id;
  });
}

void for_each_par_only_reads_the_map(const std::vector<int> &ids, std::vector<int> &out) {
  std::map<int, int> weights{{1, 10}, {2, 20}};
  std::transform(std::execution::par, ids.begin(), ids.end(), out.begin(),
                 [&weights](int id) { return weights.count(id) ? weights.at(id) : 0; });
}

void for_each_par_with_a_map_local_to_the_callable(const std::vector<int> &ids) {
  std::for_each(std::execution::par, ids.begin(), ids.end(), [](int id) {
    std::map<int, int> scratch;
    scratch[id] = id;
  });
}

void for_each_par_writes_vector_slots_not_the_map(std::vector<int> &slots) {
  const std::map<int, int> bonus{{0, 1}};
  std::for_each(std::execution::par, slots.begin(), slots.end(), [&bonus](int &slot) { slot += bonus.at(0); });
}
