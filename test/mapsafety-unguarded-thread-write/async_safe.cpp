// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// std::async that does not overlap with the launcher's accesses: a deferred
// task runs inside get(); a discarded future blocks in its destructor until the
// task is done; accesses before the call or after get()/wait(), or after the
// future went out of scope, are ordered with the task. Only the positive
// control at the end is reported, and ThreadSanitizer stays silent.

#include <future>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "../Inputs/program.h"

void deferred_task_runs_inside_get() {
  std::map<int, int> results;
  auto later = std::async(std::launch::deferred, [&results] { results[1] = 1; });
  results[2] = 2;
  later.get();
}

void discarded_future_joins_at_the_end_of_the_statement() {
  std::unordered_map<int, int> results;
  (void)std::async(std::launch::async, [&results] { results[1] = 1; });
  results[2] = 2;
}

void discarded_future_without_a_cast() {
  std::map<int, int> results;
  std::async(std::launch::async, [&results] { results[1] = 1; }); // -Wunused-result, still correct
  results.erase(1);
}

void read_after_get() {
  std::map<std::string, int> counts;
  auto done = std::async(std::launch::async, [&counts] { counts["a"] = 1; });
  done.get();
  consume(counts.size());
}

void write_after_wait() {
  std::unordered_map<int, int> cache;
  std::future<void> warmed = std::async(std::launch::async, [&cache] { cache.emplace(1, 1); });
  warmed.wait();
  cache.erase(1);
}

void future_destroyed_at_the_end_of_its_scope() {
  std::map<int, int> jobs;
  {
    auto running = std::async(std::launch::async, [&jobs] { jobs[1] = 1; });
  }
  jobs.erase(1);
}

void written_before_the_call_read_on_both_sides() {
  std::unordered_map<std::string, int> limits;
  limits["cpu"] = 2;
  auto checked = std::async(std::launch::async, [&limits] { return limits.count("cpu"); });
  consume(limits.at("cpu"));
  consume(checked.get());
  limits.clear();
}

void task_and_launcher_hold_the_same_mutex() {
  std::map<int, int> jobs;
  std::mutex mu;
  auto done = std::async(std::launch::async, [&] {
    std::lock_guard<std::mutex> lock(mu);
    jobs[1] = 1;
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs[2] = 2;
  }
  done.get();
}

static std::size_t count_words(std::map<std::string, int> words) {
  words["extra"] = 1;
  return words.size();
}

void map_passed_by_value_to_the_task() {
  std::map<std::string, int> words{{"a", 1}};
  auto counted = std::async(std::launch::async, count_words, words);
  words["b"] = 2;
  consume(counted.get());
}

// Positive control (the check must report it): the launcher writes before
// get(), while the async task still writes the same map. Not called from
// main(), so the ThreadSanitizer run covers the safe cases only.
void write_before_get_overlaps_the_task() {
  std::map<int, int> results;
  auto done = std::async(std::launch::async, [&results] { results[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:59: warning: write to shared map 'results' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: asynchronous task started here
  // CHECK-MESSAGES: :[[@LINE-3]]:47: note: 'results' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'results' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:22: note: 'results' declared here
  results[2] = 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'results' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:15: note: asynchronous task started here
  // CHECK-MESSAGES: :[[@LINE-9]]:47: note: 'results' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-10]]:59: note: conflicting write of 'results' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-12]]:22: note: 'results' declared here
  done.get();
}

int main() {
  deferred_task_runs_inside_get();
  discarded_future_joins_at_the_end_of_the_statement();
  discarded_future_without_a_cast();
  read_after_get();
  write_after_wait();
  future_destroyed_at_the_end_of_its_scope();
  written_before_the_call_read_on_both_sides();
  task_and_launcher_hold_the_same_mutex();
  map_passed_by_value_to_the_task();
}
