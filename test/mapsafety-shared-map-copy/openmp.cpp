// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17 -fopenmp

// OpenMP parallel regions (-fopenmp): the region's body runs on several
// threads at once, so a copy of a map declared outside it races with the
// writes the other threads of the region make.
// No %tsan_run: libgomp is not built with ThreadSanitizer.

#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

void parallel_for_copies_a_map_it_writes(int n) {
  std::map<int, int> totals;
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
    auto before = totals;
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: copy of shared map 'totals' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-4]]:1: note: OpenMP parallel region runs on several threads at once here
    // CHECK-MESSAGES: :[[@LINE+2]]:5: note: conflicting write of 'totals' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-7]]:22: note: 'totals' declared here
    totals[i] = static_cast<int>(before.size());
  }
}

std::unordered_map<std::string, int> g_word_counts;

std::size_t parallel_region_copies_a_global_it_updates(const std::vector<std::string> &words) {
  std::size_t seen = 0;
#pragma omp parallel reduction(+ : seen)
  {
    for (const std::string &w : words)
      g_word_counts[w]++;
    auto snapshot = g_word_counts;
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: copy of shared map 'g_word_counts' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-6]]:1: note: OpenMP parallel region runs on several threads at once here
    // CHECK-MESSAGES: :[[@LINE-4]]:7: note: conflicting write of 'g_word_counts' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-12]]:38: note: 'g_word_counts' declared here
    seen += snapshot.size();
  }
  return seen;
}

void map_declared_inside_the_region(int n) {
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
    std::map<int, int> local{{i, i}};
    auto copy = local;
    local[i + 1] = static_cast<int>(copy.size());
  }
}

void critical_section_around_the_copy_and_the_write(int n) {
  std::map<int, int> totals;
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
#pragma omp critical
    {
      auto before = totals;
      totals[i] = static_cast<int>(before.size());
    }
  }
}

void mutex_around_the_copy_and_the_write(int n) {
  std::map<int, int> totals;
  std::mutex mu;
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
    std::lock_guard<std::mutex> lock(mu);
    auto before = totals;
    totals[i] = static_cast<int>(before.size());
  }
}

std::size_t region_only_copies_the_map(const std::map<int, int> &table, int n) {
  std::map<int, int> defaults{{1, 1}};
  std::size_t total = 0;
#pragma omp parallel for reduction(+ : total)
  for (int i = 0; i < n; ++i) {
    auto copy = defaults;
    total += copy.size() + table.count(i);
  }
  return total;
}

std::size_t map_copied_after_the_region(int n) {
  std::map<int, int> totals;
  std::mutex mu;
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
    std::lock_guard<std::mutex> lock(mu);
    totals[i] = i;
  }
  auto copy = totals;
  return copy.size();
}
