// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17 -fopenmp

// What the constructs inside an OpenMP parallel region order: `critical` is a
// lock, one per name, held by what a call inside reaches too; `single`,
// `master` and `masked` blocks run on one thread of the team; the variables
// of `private`, `firstprivate`, `lastprivate`, `reduction` and `linear`
// clauses are each thread's own. `atomic` makes the scalar update atomic, not
// the lookup that inserts the element. No %tsan_run: libgomp is not built
// with ThreadSanitizer.

#include <map>
#include <string>
#include <vector>

std::map<int, int> g_seen;

int read_outside_the_critical_section(int n) {
  int total = 0;
#pragma omp parallel for reduction(+ : total)
  for (int i = 0; i < n; ++i) {
#pragma omp critical
    g_seen[i] = i;
    total += g_seen.size();
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: read of shared map 'g_seen' without holding 'omp critical' races with a concurrent write [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-6]]:1: note: OpenMP parallel region runs on several threads at once here
    // CHECK-MESSAGES: :[[@LINE-4]]:5: note: conflicting write of 'g_seen' here, holding 'omp critical'
    // CHECK-MESSAGES: :[[@LINE-12]]:20: note: 'g_seen' declared here
  }
  return total;
}

void differently_named_critical_sections(int n) {
  std::map<int, std::string> names;
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
    if (i % 2) {
#pragma omp critical(odd)
      names[i] = "odd";
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to shared map 'names' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-6]]:1: note: OpenMP parallel region runs on several threads at once here
      // CHECK-MESSAGES: :[[@LINE+4]]:7: note: conflicting write of 'names' here, holding 'omp critical(even)'
      // CHECK-MESSAGES: :[[@LINE-9]]:30: note: 'names' declared here
    } else {
#pragma omp critical(even)
      names[i] = "even";
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to shared map 'names' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-13]]:1: note: OpenMP parallel region runs on several threads at once here
      // CHECK-MESSAGES: :[[@LINE-10]]:7: note: conflicting write of 'names' here, holding 'omp critical(odd)'
      // CHECK-MESSAGES: :[[@LINE-16]]:30: note: 'names' declared here
    }
  }
}

void atomic_update_inserts_unguarded(int n) {
  std::map<int, int> counts;
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
#pragma omp atomic
    counts[i % 4] += 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'counts' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-5]]:1: note: OpenMP parallel region runs on several threads at once here
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: the same write runs on another thread at the same time
    // CHECK-MESSAGES: :[[@LINE-8]]:22: note: 'counts' declared here
  }
}

void single_block_beside_reads(int n) {
  std::map<int, int> config;
#pragma omp parallel
  {
    int limit = config.count(n);
#pragma omp single
    config[n] = limit;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'config' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-6]]:1: note: OpenMP parallel region runs on several threads at once here
    // CHECK-MESSAGES: :[[@LINE-5]]:17: note: conflicting read of 'config' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-9]]:22: note: 'config' declared here
  }
}

// ---- negatives ----------------------------------------------------------

void read_and_write_in_critical_sections(int n) {
  std::map<int, int> seen;
  int total = 0;
#pragma omp parallel for reduction(+ : total)
  for (int i = 0; i < n; ++i) {
#pragma omp critical
    seen[i] = i;
#pragma omp critical
    total += seen.size();
  }
}

void same_name_in_two_places(int n) {
  std::map<int, std::string> names;
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
    if (i % 2) {
#pragma omp critical(names)
      names[i] = "odd";
    } else {
#pragma omp critical(names)
      names.erase(i);
    }
  }
}

void record(std::map<int, int> &into, int k) { into[k] = k; }

void helper_called_in_a_critical_section(int n) {
  std::map<int, int> seen;
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
#pragma omp critical
    record(seen, i);
  }
}

void one_thread_fills_in_single(int n) {
  std::map<int, int> table;
#pragma omp parallel
  {
#pragma omp single
    {
      for (int i = 0; i < n; ++i)
        table[i] = i * i;
      table.erase(0);
    }
  }
}

void primary_thread_blocks(int n) {
  std::map<int, int> progress;
#pragma omp parallel
  {
#pragma omp master
    progress[0] = n;
#pragma omp masked
    progress.erase(1);
  }
}

void private_copies(const std::map<int, int> &seed, int n) {
  std::map<int, int> scratch = seed;
  std::map<int, int> last;
#pragma omp parallel for firstprivate(scratch) lastprivate(last)
  for (int i = 0; i < n; ++i) {
    scratch[i] = i;
    last = scratch;
  }
}

#pragma omp declare reduction(merge : std::map<int, int> : omp_out.insert(omp_in.begin(), omp_in.end()))

std::map<int, int> reduced_into_a_map(int n) {
  std::map<int, int> squares;
#pragma omp parallel for reduction(merge : squares)
  for (int i = 0; i < n; ++i)
    squares[i] = i * i;
  return squares;
}
