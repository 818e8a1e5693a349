// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Timers of a storage engine's shape (Inputs/pools/timer_shaped.h): the task
// is wrapped in a struct kept by unique_ptr in a map, a queue or heap holds
// raw pointers to the wrappers, and the thread is made by make_unique. With
// one thread, tasks never overlap: two tasks writing the same map without a
// lock are fine. The positive controls at the end (not run by main(), so the
// ThreadSanitizer run covers the safe case only): a task races with the
// thread that submits it, and the same two tasks on a timer whose threads
// are made in a loop race with each other.

#include <map>
#include <string>

#include "../Inputs/program.h"
#include "Inputs/pools/timer_shaped.h"

class Counters {
public:
  void Schedule() {
    timer_.Add([this] { counts_["flush"] += 1; }, "flush");
    timer_.Add([this] { counts_.erase("stale"); }, "trim");
  }

private:
  std::map<std::string, int> counts_;
  OneThreadTimer timer_;
};

void one_thread_tasks_do_not_overlap() {
  Counters counters;
  counters.Schedule();
}

// The task races with its submitter (the timer is an executor).
class Gauges {
public:
  void Schedule() {
    timer_.Add([this] { gauges_["load"] = 1; }, "load");
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: write to shared map 'gauges_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-3]]:17: note: 'gauges_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE+2]]:5: note: conflicting write of 'gauges_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+10]]:30: note: 'gauges_' declared here
    gauges_.erase("stale");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'gauges_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-8]]:5: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-9]]:17: note: 'gauges_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE-10]]:25: note: conflicting write of 'gauges_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+4]]:30: note: 'gauges_' declared here
  }

private:
  std::map<std::string, int> gauges_;
  OneThreadTimer timer_;
};

void task_and_submitter() {
  Gauges gauges;
  gauges.Schedule();
}

void tasks_on_a_timer_with_threads_made_in_a_loop() {
  std::map<std::string, int> counts;
  ShapedTimer<2> timer;
  timer.Add([&counts] { counts["flush"] += 1; }, "flush");
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: write to shared map 'counts' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-3]]:14: note: 'counts' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:25: note: conflicting write of 'counts' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:30: note: 'counts' declared here
  timer.Add([&counts] { counts.erase("stale"); }, "trim");
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: write to shared map 'counts' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-3]]:14: note: 'counts' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-10]]:25: note: conflicting write of 'counts' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-13]]:30: note: 'counts' declared here
}

int main() { one_thread_tasks_do_not_overlap(); }
