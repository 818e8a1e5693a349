// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Fork-join code: a function starts workers that write a global map under its
// mutex, joins them, then reads the map without the lock. The workers'
// locking makes the mutex look like the map's guard, but the launcher's own
// unlocked accesses are ordered with the workers by the joins (and come
// before the launch), so inference must not report them. What overlaps the
// workers is judged by the thread analysis as usual: nothing in
// one_worker_joined_then_read, and a read before the joins in the positive
// control at the end, the only case reported.

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include "../Inputs/program.h"

std::map<std::string, int> g_word_counts;
std::mutex g_word_counts_mu;

void count_word(const std::string &w) {
  std::lock_guard<std::mutex> lock(g_word_counts_mu);
  ++g_word_counts[w];
}

void count_in_parallel_then_report_after_join() {
  g_word_counts.clear(); // before any worker starts
  std::vector<std::thread> workers;
  for (int i = 0; i < 2; ++i)
    workers.emplace_back(count_word, "w");
  for (std::thread &t : workers)
    t.join();
  consume(g_word_counts.size()); // every worker joined
  for (const auto &kv : g_word_counts)
    consume(kv.second);
}

std::map<int, int> g_results;
std::mutex g_results_mu;

void store_result(int k) {
  std::lock_guard<std::mutex> lock(g_results_mu);
  g_results[k] = k * k;
}

void one_worker_joined_then_read() {
  std::thread t(store_result, 3);
  t.join();
  consume(g_results.count(3));
}

// Positive control (the check must report it): the report is read before the
// joins, while the workers still insert under the mutex. Not called from
// main(), so the ThreadSanitizer run covers the safe cases only.
std::map<std::string, int> g_tag_counts;
std::mutex g_tag_counts_mu;

void count_tag(const std::string &tag) {
  std::lock_guard<std::mutex> lock(g_tag_counts_mu);
  ++g_tag_counts[tag];
}

void report_read_before_the_workers_are_joined() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 2; ++i)
    workers.emplace_back(count_tag, "t");
  consume(g_tag_counts.size());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: read of shared map 'g_tag_counts' without holding 'g_tag_counts_mu' races with a concurrent write [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:5: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-10]]:5: note: conflicting write of 'g_tag_counts' here, holding 'g_tag_counts_mu'
  // CHECK-MESSAGES: :[[@LINE-16]]:28: note: 'g_tag_counts' declared here
  for (std::thread &t : workers)
    t.join();
}

int main() {
  count_in_parallel_then_report_after_join();
  one_worker_joined_then_read();
}
