// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Maps of std::atomic values: every key is inserted before the threads start,
// and afterwards only the atomic values change (through at(), find() or an
// iteration), never the map's structure. Only the positive control at the end
// is reported, and ThreadSanitizer stays silent.

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "../Inputs/program.h"

void counters_built_before_launch_updated_through_at() {
  std::map<std::string, std::atomic<long>> counters;
  counters["requests"];
  counters["errors"];
  std::thread t([&counters] { counters.at("requests").fetch_add(1); });
  counters.at("errors").fetch_add(1, std::memory_order_relaxed);
  t.join();
}

void updated_through_find_on_both_sides() {
  std::unordered_map<int, std::atomic<int>> hits;
  for (int shard = 0; shard < 4; ++shard)
    hits[shard] = 0;
  std::thread t([&hits] { hits.find(1)->second++; });
  hits.find(2)->second.fetch_add(2);
  t.join();
}

void iteration_loads_while_another_thread_adds() {
  std::map<std::string, std::atomic<long>> bytes;
  bytes["in"];
  bytes["out"];
  std::thread t([&bytes] { bytes.at("in") += 512; });
  long total = 0;
  for (const auto &kv : bytes)
    total += kv.second.load();
  consume(static_cast<std::size_t>(total));
  t.join();
}

void workers_in_a_loop_update_preallocated_slots() {
  std::unordered_map<std::string, std::atomic<int>> per_worker;
  const char *names[] = {"w0", "w1", "w2"};
  for (const char *name : names)
    per_worker[name] = 0;
  std::vector<std::thread> workers;
  for (const char *name : names)
    workers.emplace_back([&per_worker, name] { per_worker.at(name).store(1); });
  for (std::thread &w : workers)
    w.join();
}

class ShardStats {
public:
  ShardStats() {
    for (int i = 0; i < 3; ++i)
      load_[i] = 0;
  }
  void run_workers() {
    std::thread a([this] { load_.at(0).fetch_add(1); });
    std::thread b([this] { load_.at(1).fetch_add(1); });
    consume(static_cast<std::size_t>(load_.at(2).load()));
    a.join();
    b.join();
  }

private:
  std::map<int, std::atomic<long>> load_;
};

void member_map_of_atomics_filled_in_the_constructor() { ShardStats().run_workers(); }

// Positive control (the check must report it): a new key is inserted while
// the thread looks its counter up, so the map's structure changes under a
// concurrent find. Not called from main(), so the ThreadSanitizer run covers
// the safe cases only.
void counter_registered_after_launch_changes_the_structure() {
  std::map<std::string, std::atomic<long>> counters;
  counters["requests"];
  std::thread t([&counters] { counters.at("requests").fetch_add(1); });
  counters["errors"];
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'counters' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'counters' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:31: note: conflicting read of 'counters' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-8]]:44: note: 'counters' declared here
  t.join();
}

int main() {
  counters_built_before_launch_updated_through_at();
  updated_through_find_on_both_sides();
  iteration_loads_while_another_thread_adds();
  workers_in_a_loop_update_preallocated_slots();
  member_map_of_atomics_filled_in_the_constructor();
}
