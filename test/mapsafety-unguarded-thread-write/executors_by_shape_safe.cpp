// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Home-grown pools used correctly (Inputs/pools/worker_pools.h): both sides
// lock, tasks of a pool with a single worker never overlap with each other,
// and a class that stores callbacks but runs them on the caller's thread
// starts no thread, so it is no executor. Only the positive control at the
// end is reported, and ThreadSanitizer stays silent.

#include <map>
#include <mutex>
#include <string>

#include "../Inputs/program.h"
#include "Inputs/pools/worker_pools.h"

class Ledger {
public:
  void Record(int id) {
    queue_.Submit([this, id] {
      std::lock_guard<std::mutex> lock(mu_);
      entries_[id] = 1;
    });
    std::lock_guard<std::mutex> lock(mu_);
    entries_.erase(0);
  }

private:
  std::mutex mu_;
  std::map<int, int> entries_;
  SerialQueue queue_;
};

void both_sides_lock() {
  Ledger ledger;
  ledger.Record(1);
}

class Journal {
public:
  // Both tasks run on the queue's only worker, one after the other.
  void Append(const std::string &line) {
    queue_.Submit([this, line] { lines_[line] += 1; });
    queue_.Submit([this] { lines_.erase(""); });
  }

private:
  std::map<std::string, int> lines_;
  SerialQueue queue_;
};

void single_worker_tasks_do_not_overlap() {
  Journal journal;
  journal.Append("start");
}

void callbacks_run_on_the_callers_thread() {
  std::map<int, int> seen;
  EventHub hub;
  hub.OnEvent([&seen] { seen[1] = 1; });
  seen[2] = 2;
  hub.Fire();
}

// Positive control (the check must report it): the two tasks of
// single_worker_tasks_do_not_overlap on a pool with several workers. Not
// called from main(), so the ThreadSanitizer run covers the safe cases only.
void tasks_on_several_workers() {
  std::map<std::string, int> lines;
  WorkerPool pool(4);
  pool.Schedule([&lines] { lines["start"] += 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: write to shared map 'lines' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'lines' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:28: note: conflicting write of 'lines' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:30: note: 'lines' declared here
  pool.Schedule([&lines] { lines.erase(""); });
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: write to shared map 'lines' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'lines' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-10]]:28: note: conflicting write of 'lines' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-13]]:30: note: 'lines' declared here
}

int main() {
  both_sides_lock();
  single_worker_tasks_do_not_overlap();
  callbacks_run_on_the_callers_thread();
}
