// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Several threads that do not race: joined before the next one starts, each
// with an element of its own, or all under one mutex; the range-for that joins
// every thread of the vector orders them with what follows. Only the positive
// control at the end is reported, and ThreadSanitizer stays silent.

#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "../Inputs/program.h"

void thread_joined_in_the_same_loop_iteration() {
  std::map<int, int> squares;
  for (int i = 0; i < 3; ++i) {
    std::thread t([&squares, i] { squares[i] = i * i; });
    t.join();
  }
}

void range_for_joins_every_thread_before_the_read() {
  std::map<int, int> squares;
  std::mutex mu;
  std::vector<std::thread> workers;
  for (int i = 0; i < 3; ++i)
    workers.emplace_back([&squares, &mu, i] {
      std::lock_guard<std::mutex> lock(mu);
      squares[i] = i * i;
    });
  for (std::thread &w : workers)
    w.join();
  consume(squares.size());
  squares.clear();
}

void each_thread_owns_one_element_of_a_vector_of_maps() {
  std::vector<std::unordered_map<std::string, int>> partial(2);
  std::vector<std::thread> workers;
  for (int i = 0; i < 2; ++i)
    workers.emplace_back([&partial, i] { partial[i]["word"] += 1; });
  for (std::thread &w : workers)
    w.join();
  std::unordered_map<std::string, int> merged;
  for (const auto &p : partial)
    for (const auto &kv : p)
      merged[kv.first] += kv.second;
  consume(merged.size());
}

static void count_chars(std::map<char, int> &counts, const std::string &text) {
  for (char c : text)
    counts[c]++;
}

void each_thread_gets_std_ref_to_its_own_map() {
  std::vector<std::map<char, int>> per_thread(2);
  std::vector<std::thread> workers;
  const char *chunks[] = {"abc", "bcd"};
  for (int i = 0; i < 2; ++i)
    workers.emplace_back(count_chars, std::ref(per_thread[i]), chunks[i]);
  for (std::thread &w : workers)
    w.join();
}

void two_threads_under_one_mutex() {
  std::map<int, int> table;
  std::mutex mu;
  std::thread first([&] {
    std::lock_guard<std::mutex> lock(mu);
    table[1] = 1;
  });
  std::thread second([&] {
    std::lock_guard<std::mutex> lock(mu);
    table.erase(1);
  });
  first.join();
  second.join();
}

void second_thread_started_after_the_first_is_joined() {
  std::unordered_map<int, int> table;
  std::thread first([&table] { table[1] = 1; });
  first.join();
  std::thread second([&table] { table.erase(1); });
  second.join();
}

void async_in_a_loop_each_get_before_the_next() {
  std::map<std::string, int> seen;
  for (const char *name : {"a", "b"}) {
    auto done = std::async(std::launch::async, [&seen, name] { seen[name] = 1; });
    done.get();
  }
  consume(seen.size());
}

void local_maps_merged_under_a_lock() {
  std::map<std::string, int> totals;
  std::mutex mu;
  std::vector<std::thread> workers;
  for (int i = 0; i < 2; ++i)
    workers.emplace_back([&totals, &mu] {
      std::map<std::string, int> local;
      local["requests"] = 10;
      std::lock_guard<std::mutex> lock(mu);
      for (const auto &kv : local)
        totals[kv.first] += kv.second;
    });
  for (std::thread &w : workers)
    w.join();
}

void thread_handle_moved_then_joined() {
  std::map<int, int> table;
  std::thread started([&table] { table[1] = 1; });
  std::thread owner = std::move(started);
  owner.join();
  table.erase(1);
}

// Positive control (the check must report it): two_threads_under_one_mutex
// with the second thread's lock missing. Not called from main(), so the
// ThreadSanitizer run covers the safe cases only.
void second_thread_skips_the_mutex() {
  std::map<int, int> table;
  std::mutex mu;
  std::thread first([&] {
    std::lock_guard<std::mutex> lock(mu);
    table[1] = 1;
  });
  std::thread second([&] { table.erase(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: write to shared map 'table' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:23: note: 'table' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: conflicting write of 'table' here, holding 'mu'
  // CHECK-MESSAGES: :[[@LINE-11]]:22: note: 'table' declared here
  first.join();
  second.join();
}

int main() {
  thread_joined_in_the_same_loop_iteration();
  range_for_joins_every_thread_before_the_read();
  each_thread_owns_one_element_of_a_vector_of_maps();
  each_thread_gets_std_ref_to_its_own_map();
  two_threads_under_one_mutex();
  second_thread_started_after_the_first_is_joined();
  async_in_a_loop_each_get_before_the_next();
  local_maps_merged_under_a_lock();
  thread_handle_moved_then_joined();
}
