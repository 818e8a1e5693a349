// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -config="{CheckOptions: [{key: mapsafety-unguarded-thread-write.SequenceContainers, value: true}]}" -- -std=c++17 -fopenmp

// Sequence containers in OpenMP regions: a parallel loop that writes
// disjoint elements (`v[i] = f(i)`) changes no vector's structure and stays
// quiet; one that appends (`push_back`) races with itself, unless the append
// is in a critical section. No %tsan_run: libgomp is not built with
// ThreadSanitizer.

#include <string>
#include <vector>

int f(int i) { return i * 2; }

void disjoint_element_writes(int n) {
  std::vector<int> out(n);
  std::vector<std::string> labels(n);
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
    out[i] = f(i);
    labels[i] = "x";
    out.at(i) += static_cast<int>(out.size());
  }
}

void appends_race_with_themselves(int n) {
  std::vector<int> hits;
#pragma omp parallel for
  for (int i = 0; i < n; ++i)
    hits.push_back(f(i));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared vector 'hits' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-4]]:1: note: OpenMP parallel region runs on several threads at once here
  // CHECK-MESSAGES: :[[@LINE-3]]:5: note: the same write runs on another thread at the same time
  // CHECK-MESSAGES: :[[@LINE-7]]:20: note: 'hits' declared here
}

void appends_in_a_critical_section(int n) {
  std::string trace;
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
#pragma omp critical
    trace += "i";
  }
}
