// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17 -fopenmp

// OpenMP parallel regions (-fopenmp): the region's body runs on several
// threads at once, so a write to a map declared outside it races with itself.
// No %tsan_run: libgomp is not built with ThreadSanitizer.

#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

void parallel_for_writes_a_shared_map(int n) {
  std::map<int, int> squares;
#pragma omp parallel for
  for (int i = 0; i < n; ++i)
    squares[i] = i * i;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'squares' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-4]]:1: note: OpenMP parallel region runs on several threads at once here
  // CHECK-MESSAGES: :[[@LINE-3]]:5: note: the same write runs on another thread at the same time
  // CHECK-MESSAGES: :[[@LINE-7]]:22: note: 'squares' declared here
}

std::unordered_map<std::string, int> g_word_counts;

void parallel_region_updates_a_global(const std::vector<std::string> &words) {
#pragma omp parallel
  {
    for (const std::string &w : words)
      g_word_counts[w]++;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to shared map 'g_word_counts' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-5]]:1: note: OpenMP parallel region runs on several threads at once here
    // CHECK-MESSAGES: :[[@LINE-3]]:7: note: the same write runs on another thread at the same time
    // CHECK-MESSAGES: :[[@LINE-10]]:38: note: 'g_word_counts' declared here
  }
}

void parallel_for_erases_from_a_map_parameter(std::map<int, std::string> &owners, int n) {
#pragma omp parallel for
  for (int i = 0; i < n; ++i)
    owners.erase(i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'owners' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-4]]:1: note: OpenMP parallel region runs on several threads at once here
  // CHECK-MESSAGES: :[[@LINE-3]]:5: note: the same write runs on another thread at the same time
  // CHECK-MESSAGES: :[[@LINE-7]]:75: note: 'owners' declared here
}

// ---- negatives ----------------------------------------------------------

void map_declared_inside_the_region(int n) {
#pragma omp parallel
  {
    std::map<int, int> local;
    for (int i = 0; i < n; ++i)
      local[i] = i;
  }
}

void critical_section_around_the_write(int n) {
  std::map<int, int> squares;
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
#pragma omp critical
    squares[i] = i * i;
  }
}

void mutex_inside_the_region(int n) {
  std::map<int, int> squares;
  std::mutex mu;
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
    std::lock_guard<std::mutex> lock(mu);
    squares[i] = i * i;
  }
}

void region_only_reads_the_map(const std::vector<int> &ids, std::vector<int> &out) {
  const std::map<int, int> weights{{1, 10}};
  int n = static_cast<int>(ids.size());
#pragma omp parallel for
  for (int i = 0; i < n; ++i)
    out[i] = weights.count(ids[i]) ? weights.at(ids[i]) : 0;
}

void map_filled_after_the_region(int n) {
  std::vector<int> values(n);
#pragma omp parallel for
  for (int i = 0; i < n; ++i)
    values[i] = i * i;
  std::map<int, int> squares;
  for (int i = 0; i < n; ++i)
    squares[i] = values[i];
}
