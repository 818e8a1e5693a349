// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Locks that look as if they protect the map but are not held at the access:
// taken on one branch only, released before the write, never taken, not
// checked, or a different mutex on each side. Each case really races: where
// both sides touch the mutex, a Step (relaxed atomics, no synchronisation)
// makes the unlocked access happen first so that no lock hand-off orders it.

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

#include "../Inputs/program.h"

void lock_taken_on_one_branch_only(bool verbose) {
  std::map<int, int> jobs;
  std::mutex mu;
  std::thread t([&jobs, &mu, verbose] {
    if (verbose)
      mu.lock();
    jobs[1] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'jobs' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-5]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-6]]:18: note: 'jobs' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+7]]:5: note: conflicting write of 'jobs' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-10]]:22: note: 'jobs' declared here
    if (verbose)
      mu.unlock();
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs[2] = 2;
  }
  t.join();
}

void unique_lock_released_before_the_write() {
  std::unordered_map<int, int> jobs;
  std::mutex mu;
  Step written;
  std::thread t([&] {
    std::unique_lock<std::mutex> lock(mu);
    bool present = jobs.count(1) != 0;
    lock.unlock();
    if (!present)
      jobs.erase(3);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to shared map 'jobs' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-7]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-8]]:18: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+7]]:5: note: conflicting write of 'jobs' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-13]]:32: note: 'jobs' declared here
    written.signal();
  });
  written.await();
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs[1] = 1;
  }
  t.join();
}

void lock_guard_scope_ends_before_the_write() {
  std::map<std::string, int> cache;
  std::mutex mu;
  Step written;
  std::thread t([&cache, &mu, &written] {
    bool hit;
    {
      std::lock_guard<std::mutex> lock(mu);
      hit = cache.count("k") != 0;
    }
    if (!hit)
      cache["k"] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to shared map 'cache' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-9]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-10]]:18: note: 'cache' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+7]]:5: note: conflicting write of 'cache' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-15]]:30: note: 'cache' declared here
    written.signal();
  });
  written.await();
  {
    std::lock_guard<std::mutex> lock(mu);
    cache["j"] = 2;
  }
  t.join();
}

void try_to_lock_result_never_checked() {
  std::unordered_map<int, int> jobs;
  std::mutex mu;
  std::thread t([&] {
    std::unique_lock<std::mutex> lock(mu, std::try_to_lock);
    jobs[1] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'jobs' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:18: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+3]]:11: note: conflicting read of 'jobs' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-9]]:32: note: 'jobs' declared here
  });
  consume(jobs.size());
  t.join();
}

void defer_lock_never_locked() {
  std::map<int, int> jobs;
  std::mutex mu;
  std::thread t([&] {
    std::unique_lock<std::mutex> lock(mu, std::defer_lock);
    jobs.emplace(1, 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'jobs' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:18: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+5]]:5: note: conflicting write of 'jobs' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-9]]:22: note: 'jobs' declared here
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs.emplace(2, 2);
  }
  t.join();
}

void different_mutex_on_each_side() {
  std::map<int, int> jobs;
  std::mutex worker_mu, main_mu;
  std::thread t([&] {
    std::lock_guard<std::mutex> lock(worker_mu);
    jobs[1] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'jobs' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:18: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+5]]:5: note: conflicting write of 'jobs' here, holding 'main_mu'
    // CHECK-MESSAGES: :[[@LINE-9]]:22: note: 'jobs' declared here
  });
  {
    std::lock_guard<std::mutex> lock(main_mu);
    jobs[2] = 2;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'jobs' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-13]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-14]]:18: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE-13]]:5: note: conflicting write of 'jobs' here, holding 'worker_mu'
    // CHECK-MESSAGES: :[[@LINE-18]]:22: note: 'jobs' declared here
  }
  t.join();
}

void read_after_an_explicit_unlock() {
  std::unordered_map<int, int> jobs;
  std::mutex mu;
  Step read_done;
  std::thread t([&] {
    read_done.await();
    std::lock_guard<std::mutex> lock(mu);
    jobs[1] = 1;
  });
  mu.lock();
  mu.unlock();
  consume(jobs.size());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: read of shared map 'jobs' without holding 'mu' races with a concurrent write [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-9]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-10]]:18: note: 'jobs' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-8]]:5: note: conflicting write of 'jobs' here, holding 'mu'
  // CHECK-MESSAGES: :[[@LINE-15]]:32: note: 'jobs' declared here
  read_done.signal();
  t.join();
}

void moved_unique_lock_unlocked_by_its_new_owner() {
  std::map<int, int> jobs;
  std::mutex mu;
  Step written;
  std::thread t([&] {
    std::unique_lock<std::mutex> first(mu);
    std::unique_lock<std::mutex> second(std::move(first));
    second.unlock();
    jobs.erase(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'jobs' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-6]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-7]]:18: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+7]]:5: note: conflicting write of 'jobs' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-12]]:22: note: 'jobs' declared here
    written.signal();
  });
  written.await();
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs[2] = 2;
  }
  t.join();
}

void std_lock_of_two_released_before_a_later_write() {
  std::map<int, int> from, to;
  std::mutex from_mu, to_mu;
  Step written;
  std::thread t([&] {
    std::lock(from_mu, to_mu);
    to[1] = from[1];
    from_mu.unlock();
    to_mu.unlock();
    to.erase(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'to' without holding 'to_mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-7]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-8]]:18: note: 'to' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+7]]:5: note: conflicting write of 'to' here, holding 'to_mu'
    // CHECK-MESSAGES: :[[@LINE-13]]:28: note: 'to' declared here
    written.signal();
  });
  written.await();
  {
    std::lock_guard<std::mutex> lock(to_mu);
    to[2] = 2;
  }
  t.join();
}

int main() {
  lock_taken_on_one_branch_only(false);
  unique_lock_released_before_the_write();
  lock_guard_scope_ends_before_the_write();
  try_to_lock_result_never_checked();
  defer_lock_never_locked();
  different_mutex_on_each_side();
  read_after_an_explicit_unlock();
  moved_unique_lock_unlocked_by_its_new_owner();
  std_lock_of_two_released_before_a_later_write();
}
