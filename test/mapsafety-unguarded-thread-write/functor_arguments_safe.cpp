// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Callables carrying pointers or references, used correctly: the functor
// holds its own map by value, its pointer is pointed at a map of its own
// before use, the struct's pointer was changed to a map the launcher never
// touches, both sides lock the mutex the functor also points to, or the
// launcher joins before it writes. Only the positive control at the end is
// reported, and ThreadSanitizer stays silent.

#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "../Inputs/program.h"

struct Tally {
  std::map<std::string, int> counts;
  void operator()() { counts["ticks"] += 1; }
};

void functor_holds_its_own_copy() {
  Tally tally;
  std::thread t(tally);
  tally.counts["main"] = 1;
  t.join();
}

struct Scratch {
  std::map<int, int> *target;
  std::map<int, int> own;
  void operator()() {
    target = &own; // pointed at a map of its own before use
    (*target)[1] = 1;
  }
};

void functor_points_at_its_own_map() {
  std::map<int, int> shared;
  std::thread t(Scratch{&shared, {}});
  shared[2] = 2;
  t.join();
}

struct Job {
  std::map<int, int> *results;
  int id;
};

void run_job(Job job) { (*job.results)[job.id] = 1; }

void job_redirected_before_the_launch() {
  std::map<int, int> results;
  std::map<int, int> scratch;
  Job job{&results, 1};
  job.results = &scratch;
  std::thread t(run_job, job);
  results[2] = 2;
  t.join();
}

struct LockedFlusher {
  std::map<int, int> *pending;
  std::mutex *mu;
  void operator()() {
    std::lock_guard<std::mutex> lock(*mu);
    (*pending)[3] = 4;
  }
};

void functor_locks_the_mutex_it_points_to() {
  std::map<int, int> pending;
  std::mutex mu;
  std::thread t(LockedFlusher{&pending, &mu});
  {
    std::lock_guard<std::mutex> lock(mu);
    pending[5] = 6;
  }
  t.join();
}

struct Flusher {
  std::map<int, int> *pending;
  void operator()() { (*pending)[3] = 4; }
};

void joined_before_the_write() {
  std::map<int, int> pending;
  std::thread t(Flusher{&pending});
  t.join();
  pending[5] = 6;
}

// Positive control (the check must report it): functor_locks_the_mutex_it_points_to
// with the launcher's lock missing. Not called from main(), so the
// ThreadSanitizer run covers the safe cases only.
void launcher_skips_the_lock() {
  std::map<int, int> pending;
  std::mutex mu;
  std::thread t(LockedFlusher{&pending, &mu});
  pending[5] = 6;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'pending' without holding '*mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:31: note: 'pending' is shared with it through the pointer stored here
  // CHECK-MESSAGES: :[[@LINE-38]]:5: note: conflicting write of '(*pending)' here, holding '*mu'
  // CHECK-MESSAGES: :[[@LINE-8]]:22: note: 'pending' declared here
  t.join();
}

int main() {
  functor_holds_its_own_copy();
  functor_points_at_its_own_map();
  job_redirected_before_the_launch();
  functor_locks_the_mutex_it_points_to();
  joined_before_the_write();
}
