// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Home-grown pools need no option: a method that queues a callable parameter
// in a member container, drained and called by a thread the same class
// starts, submits work to another thread (Inputs/pools/worker_pools.h). The
// task races with its submitter; on a pool with several workers, two tasks
// race with each other. (The Steps only make the programs' accesses overlap
// in time for ThreadSanitizer; they synchronise nothing.)

#include <map>
#include <string>
#include <unordered_map>

#include "../Inputs/program.h"
#include "Inputs/pools/worker_pools.h"

class SessionCache {
public:
  void Touch(int id, Step &ran) {
    queue_.Submit([this, id, &ran] {
      last_seen_[id] = 1;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to shared map 'last_seen_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-3]]:5: note: task submitted to another thread here
      // CHECK-MESSAGES: :[[@LINE-4]]:20: note: 'last_seen_' is shared with it through 'this', captured here
      // CHECK-MESSAGES: :[[@LINE+4]]:5: note: conflicting write of 'last_seen_' here, with no lock held
      // CHECK-MESSAGES: :[[@LINE+13]]:22: note: 'last_seen_' declared here
      ran.signal();
    });
    last_seen_.erase(0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'last_seen_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-11]]:5: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-12]]:20: note: 'last_seen_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE-12]]:7: note: conflicting write of 'last_seen_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+5]]:22: note: 'last_seen_' declared here
    ran.await();
  }

private:
  std::map<int, int> last_seen_;
  SerialQueue queue_;
};

void serial_queue_task_races_with_its_submitter() {
  SessionCache cache;
  Step ran;
  cache.Touch(1, ran);
}

void pool_tasks_race_with_each_other() {
  std::unordered_map<std::string, int> counts;
  Step a, b;
  WorkerPool pool(2);
  pool.Schedule([&counts, &a, &b] {
    counts["a"] += 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'counts' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'counts' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+7]]:5: note: conflicting write of 'counts' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-9]]:40: note: 'counts' declared here
    a.signal();
    b.await();
  });
  pool.Schedule([&counts, &a, &b] {
    a.await();
    counts["b"] += 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'counts' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-5]]:18: note: 'counts' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE-15]]:5: note: conflicting write of 'counts' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-20]]:40: note: 'counts' declared here
    b.signal();
  });
}

void pool_task_races_with_a_read() {
  std::map<int, std::string> names;
  Step ran;
  WorkerPool pool(1);
  pool.Schedule([&] {
    names[1] = "one";
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'names' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'names' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+4]]:11: note: conflicting read of 'names' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-9]]:30: note: 'names' declared here
    ran.signal();
  });
  consume(names.size());
  ran.await();
}

int main() {
  serial_queue_task_races_with_its_submitter();
  pool_tasks_race_with_each_other();
  pool_task_races_with_a_read();
}
