// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Every standard way of holding a mutex around a map access: the thread and its
// launcher hold the same mutex, however they took it. Only the positive control
// at the end is reported, and ThreadSanitizer stays silent.

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

#include "../Inputs/program.h"

void unique_lock_deferred_then_locked() {
  std::map<int, int> jobs;
  std::mutex mu;
  std::thread t([&] {
    std::unique_lock<std::mutex> lock(mu, std::defer_lock);
    lock.lock();
    jobs[1] = 1;
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs.erase(2);
  }
  t.join();
}

void try_to_lock_checked_with_if() {
  std::map<int, int> jobs;
  std::mutex mu;
  std::thread t([&] {
    std::unique_lock<std::mutex> lock(mu, std::try_to_lock);
    if (lock)
      jobs[1] = 1;
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs[2] = 2;
  }
  t.join();
}

void try_to_lock_checked_with_owns_lock() {
  std::unordered_map<std::string, int> cache;
  std::mutex mu;
  std::thread t([&] {
    std::unique_lock<std::mutex> lock(mu, std::try_to_lock);
    if (!lock.owns_lock())
      return;
    cache["warm"] = 1;
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    cache.clear();
  }
  t.join();
}

void adopt_lock_after_manual_lock() {
  std::map<int, int> jobs;
  std::mutex mu;
  std::thread t([&] {
    mu.lock();
    std::lock_guard<std::mutex> lock(mu, std::adopt_lock);
    jobs.emplace(1, 1);
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs.emplace(2, 2);
  }
  t.join();
}

void unique_lock_unlocked_and_relocked_around_work() {
  std::map<int, std::string> results;
  std::mutex mu;
  std::thread t([&] {
    std::unique_lock<std::mutex> lock(mu);
    consume(results.size());
    lock.unlock();
    std::string value = "computed without the lock";
    lock.lock();
    results[1] = value;
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    results[2] = "main";
  }
  t.join();
}

void unique_lock_moved_to_another_guard() {
  std::map<int, int> jobs;
  std::mutex mu;
  std::thread t([&] {
    std::unique_lock<std::mutex> first(mu);
    std::unique_lock<std::mutex> second(std::move(first));
    jobs[1] = 1;
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs[2] = 2;
  }
  t.join();
}

void scoped_lock_of_two_mutexes_shares_one_with_the_other_side() {
  std::map<int, int> jobs;
  std::mutex jobs_mu, log_mu;
  std::thread t([&] {
    std::scoped_lock lock(jobs_mu, log_mu);
    jobs[1] = 1;
  });
  {
    std::lock_guard<std::mutex> lock(jobs_mu);
    jobs.erase(1);
  }
  t.join();
}

void explicit_lock_and_unlock_calls() {
  std::unordered_map<int, int> sessions;
  std::mutex mu;
  std::thread t([&] {
    mu.lock();
    sessions[1] = 1;
    mu.unlock();
  });
  mu.lock();
  sessions.erase(1);
  mu.unlock();
  t.join();
}

void try_lock_in_if_condition() {
  std::unordered_map<int, int> sessions;
  std::mutex mu;
  std::thread t([&] {
    if (mu.try_lock()) {
      sessions[1] = 1;
      mu.unlock();
    }
  });
  mu.lock();
  sessions[2] = 2;
  mu.unlock();
  t.join();
}

void std_lock_of_two_mutexes_then_adopted() {
  std::map<int, int> from, to;
  std::mutex from_mu, to_mu;
  std::thread t([&] {
    std::lock(from_mu, to_mu);
    std::lock_guard<std::mutex> a(from_mu, std::adopt_lock);
    std::lock_guard<std::mutex> b(to_mu, std::adopt_lock);
    to[1] = from[1];
  });
  {
    std::lock_guard<std::mutex> lock(to_mu);
    to.erase(1);
  }
  t.join();
}

static void store_locked(std::map<int, int> &table, std::mutex &guard, int key) {
  std::lock_guard<std::mutex> lock(guard);
  table[key] = key;
}

void mutex_through_reference_and_pointer() {
  std::map<int, int> table;
  std::mutex mu;
  std::thread t(store_locked, std::ref(table), std::ref(mu), 1);
  std::mutex *guard = &mu;
  {
    std::lock_guard<std::mutex> lock(*guard);
    table[2] = 2;
  }
  t.join();
}

struct Registry {
  std::mutex mu;
  std::map<std::string, int> entries;
};

void mutex_member_of_the_shared_object() {
  Registry reg;
  std::thread t([&reg] {
    std::lock_guard<std::mutex> lock(reg.mu);
    reg.entries["a"] = 1;
  });
  {
    std::lock_guard<std::mutex> lock(reg.mu);
    reg.entries.erase("b");
  }
  t.join();
}

void lock_taken_on_both_branches_is_held_after_the_join_point() {
  std::map<int, int> jobs;
  std::mutex mu;
  bool fast = false;
  std::thread t([&jobs, &mu, fast] {
    if (fast)
      mu.lock();
    else
      mu.lock();
    jobs[1] = 1;
    mu.unlock();
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs[2] = 2;
  }
  t.join();
}

void recursive_mutex_relocked_in_a_helper() {
  std::map<int, int> jobs;
  std::recursive_mutex mu;
  auto add = [&](int key) {
    std::lock_guard<std::recursive_mutex> inner(mu);
    jobs[key] = key;
  };
  std::thread t([&] {
    std::lock_guard<std::recursive_mutex> outer(mu);
    add(1);
  });
  {
    std::lock_guard<std::recursive_mutex> lock(mu);
    jobs.erase(1);
  }
  t.join();
}

class Inbox {
public:
  void deliver_in_background() {
    std::thread t([this] {
      std::lock_guard<std::mutex> lock(this->mu_);
      this->messages_[1] = "hello";
    });
    {
      std::lock_guard<std::mutex> lock(mu_);
      messages_.erase(2);
    }
    t.join();
  }

private:
  std::mutex mu_;
  std::map<int, std::string> messages_;
};

void member_mutex_named_through_this_and_directly() { Inbox().deliver_in_background(); }

// Positive control (the check must report it): the launcher's unique_lock is
// released before its write, while the thread writes under the mutex. Not
// called from main(), so the ThreadSanitizer run covers the safe cases only.
void unique_lock_unlocked_before_the_write() {
  std::map<int, int> jobs;
  std::mutex mu;
  std::thread t([&] {
    std::lock_guard<std::mutex> lock(mu);
    jobs[1] = 1;
  });
  {
    std::unique_lock<std::mutex> lock(mu);
    lock.unlock();
    jobs.erase(2);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'jobs' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-9]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-10]]:18: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE-9]]:5: note: conflicting write of 'jobs' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-14]]:22: note: 'jobs' declared here
  }
  t.join();
}

int main() {
  unique_lock_deferred_then_locked();
  try_to_lock_checked_with_if();
  try_to_lock_checked_with_owns_lock();
  adopt_lock_after_manual_lock();
  unique_lock_unlocked_and_relocked_around_work();
  unique_lock_moved_to_another_guard();
  scoped_lock_of_two_mutexes_shares_one_with_the_other_side();
  explicit_lock_and_unlock_calls();
  try_lock_in_if_condition();
  std_lock_of_two_mutexes_then_adopted();
  mutex_through_reference_and_pointer();
  mutex_member_of_the_shared_object();
  lock_taken_on_both_branches_is_held_after_the_join_point();
  recursive_mutex_relocked_in_a_helper();
  member_mutex_named_through_this_and_directly();
}
