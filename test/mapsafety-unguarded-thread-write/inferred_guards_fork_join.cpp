// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Fork-join code: a function starts workers that write a global map under its
// mutex, joins them, then reads the map without the lock. The workers'
// locking makes the mutex look like the map's guard, but the launcher's own
// unlocked accesses are ordered with the workers by the joins (and come
// before the launch), so inference must not report them. What overlaps the
// workers is judged by the thread analysis as usual (last case).

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

int main() {
  count_in_parallel_then_report_after_join();
  one_worker_joined_then_read();
}
