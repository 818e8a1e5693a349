// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Several threads at once: the same callable launched in a loop before any
// thread is joined races with itself ("the same write runs on another thread
// at the same time"), and two different threads started before either is
// joined race with each other.

#include <future>
#include <map>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "../Inputs/program.h"

void threads_emplaced_in_a_loop_write_the_same_map() {
  std::map<int, int> squares;
  std::vector<std::thread> workers;
  for (int i = 0; i < 3; ++i)
    workers.emplace_back([&squares, i] { squares[i] = i * i; });
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: write to shared map 'squares' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:5: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:27: note: 'squares' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-4]]:42: note: the same write runs on another thread at the same time
  // CHECK-MESSAGES: :[[@LINE-8]]:22: note: 'squares' declared here
  for (std::thread &w : workers)
    w.join();
}

void thread_objects_pushed_in_a_loop() {
  std::unordered_map<int, int> owners{{0, 0}, {1, 1}};
  std::vector<std::thread> pool;
  for (int shard = 0; shard < 2; ++shard)
    pool.push_back(std::thread([&owners, shard] { owners.erase(shard); }));
  // CHECK-MESSAGES: :[[@LINE-1]]:51: warning: write to shared map 'owners' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:20: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:33: note: 'owners' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-4]]:51: note: the same write runs on another thread at the same time
  // CHECK-MESSAGES: :[[@LINE-8]]:32: note: 'owners' declared here
  for (std::thread &t : pool)
    t.join();
}

void async_tasks_collected_in_a_loop() {
  std::map<std::string, int> seen;
  std::vector<std::future<void>> pending;
  for (const char *name : {"a", "b", "c"})
    pending.push_back(std::async(std::launch::async, [&seen, name] { seen[name] = 1; }));
  // CHECK-MESSAGES: :[[@LINE-1]]:70: warning: write to shared map 'seen' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:23: note: asynchronous task started here
  // CHECK-MESSAGES: :[[@LINE-3]]:55: note: 'seen' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-4]]:70: note: the same write runs on another thread at the same time
  // CHECK-MESSAGES: :[[@LINE-8]]:30: note: 'seen' declared here
  for (auto &f : pending)
    f.get();
}

void two_threads_write_the_same_map() {
  std::map<int, int> table;
  std::thread first([&] { table[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: write to shared map 'table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:22: note: 'table' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+2]]:28: note: conflicting write of 'table' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:22: note: 'table' declared here
  std::thread second([&] { table.erase(2); });
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: write to shared map 'table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:23: note: 'table' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-10]]:27: note: conflicting write of 'table' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-12]]:22: note: 'table' declared here
  first.join();
  second.join();
}

void reader_thread_started_before_the_writer_thread() {
  std::unordered_map<int, int> table{{1, 1}};
  std::thread reader([&table] { consume(table.count(1)); });
  std::thread writer([&table] { table[2] = 2; });
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: write to shared map 'table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:23: note: 'table' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:41: note: conflicting read of 'table' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:32: note: 'table' declared here
  reader.join();
  writer.join();
}

void two_async_tasks_before_either_get() {
  std::map<std::string, std::string> headers;
  auto a = std::async(std::launch::async, [&headers] { headers["host"] = "a"; });
  // CHECK-MESSAGES: :[[@LINE-1]]:56: warning: write to shared map 'headers' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:12: note: asynchronous task started here
  // CHECK-MESSAGES: :[[@LINE-3]]:44: note: 'headers' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:56: note: conflicting write of 'headers' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:38: note: 'headers' declared here
  auto b = std::async(std::launch::async, [&headers] { headers["agent"] = "b"; });
  // CHECK-MESSAGES: :[[@LINE-1]]:56: warning: write to shared map 'headers' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:12: note: asynchronous task started here
  // CHECK-MESSAGES: :[[@LINE-3]]:44: note: 'headers' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-10]]:56: note: conflicting write of 'headers' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-12]]:38: note: 'headers' declared here
  a.get();
  b.get();
}

static void tally(std::map<char, int> &counts, const std::string &text) {
  for (char c : text)
    counts[c]++;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'counts' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+10]]:5: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+9]]:33: note: 'histogram' is shared with it by reference through this argument
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: the same write runs on another thread at the same time
  // CHECK-MESSAGES: :[[@LINE+4]]:23: note: 'histogram' declared here
}

void std_ref_to_one_map_handed_to_every_thread_of_a_loop() {
  std::map<char, int> histogram;
  std::vector<std::thread> workers;
  for (const char *chunk : {"abc", "bcd"})
    workers.emplace_back(tally, std::ref(histogram), chunk);
  for (std::thread &w : workers)
    w.join();
}

void write_after_joining_only_the_first_thread() {
  std::map<int, int> table{{0, 0}};
  std::unordered_map<int, int> other{{0, 0}};
  std::thread first([&other] { other.erase(0); });
  std::thread second([&table] { table.erase(0); });
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: write to shared map 'table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:23: note: 'table' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+3]]:3: note: conflicting write of 'table' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-8]]:22: note: 'table' declared here
  first.join();
  table[1] = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-9]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-10]]:23: note: 'table' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-11]]:33: note: conflicting write of 'table' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-15]]:22: note: 'table' declared here
  second.join();
}

int main() {
  threads_emplaced_in_a_loop_write_the_same_map();
  thread_objects_pushed_in_a_loop();
  async_tasks_collected_in_a_loop();
  two_threads_write_the_same_map();
  reader_thread_started_before_the_writer_thread();
  two_async_tasks_before_either_get();
  std_ref_to_one_map_handed_to_every_thread_of_a_loop();
  write_after_joining_only_the_first_thread();
}
