// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -config="{CheckOptions: [{key: mapsafety-unguarded-thread-write.ExtraMutexTypes, value: 'sync::SpinLock;sync::TicketLock'}]}" -- -std=c++17

// ExtraMutexTypes: user mutex types with lock()/unlock() that the standard
// guards and explicit lock()/unlock() calls then understand like std::mutex.

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace sync {
class SpinLock {
public:
  void lock() {
    while (flag_.test_and_set(std::memory_order_acquire)) {
    }
  }
  bool try_lock() { return !flag_.test_and_set(std::memory_order_acquire); }
  void unlock() { flag_.clear(std::memory_order_release); }

private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};

class TicketLock {
public:
  void lock() {
    unsigned mine = next_.fetch_add(1);
    while (serving_.load() != mine) {
    }
  }
  void unlock() { serving_.fetch_add(1); }

private:
  std::atomic<unsigned> next_{0}, serving_{0};
};
} // namespace sync

void lock_guard_of_a_listed_spin_lock_on_both_sides() {
  std::map<int, int> jobs;
  sync::SpinLock spin;
  std::thread t([&] {
    std::lock_guard<sync::SpinLock> lock(spin);
    jobs[1] = 1;
  });
  {
    std::lock_guard<sync::SpinLock> lock(spin);
    jobs[2] = 2;
  }
  t.join();
}

void explicit_lock_and_unlock_of_a_listed_type() {
  std::map<int, int> jobs;
  sync::SpinLock spin;
  std::thread t([&] {
    spin.lock();
    jobs.erase(1);
    spin.unlock();
  });
  spin.lock();
  jobs[1] = 1;
  spin.unlock();
  t.join();
}

void unique_lock_of_the_second_listed_type() {
  std::map<std::string, int> queue;
  sync::TicketLock ticket;
  std::thread t([&] {
    std::unique_lock<sync::TicketLock> lock(ticket);
    queue["a"] = 1;
  });
  {
    std::unique_lock<sync::TicketLock> lock(ticket);
    queue.erase("b");
  }
  t.join();
}

void thread_skips_the_listed_spin_lock() {
  std::map<int, int> jobs;
  sync::SpinLock spin;
  std::thread t([&] { jobs[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: write to shared map 'jobs' without holding 'spin', which the concurrent access holds [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'jobs' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+4]]:5: note: conflicting write of 'jobs' here, holding 'spin'
  // CHECK-MESSAGES: :[[@LINE-7]]:22: note: 'jobs' declared here
  {
    std::lock_guard<sync::SpinLock> lock(spin);
    jobs[2] = 2;
  }
  t.join();
}

void read_without_the_listed_ticket_lock() {
  std::map<int, int> jobs;
  sync::TicketLock ticket;
  std::thread t([&] {
    ticket.lock();
    jobs[1] = 1;
    ticket.unlock();
  });
  std::size_t n = jobs.size();
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: read of shared map 'jobs' without holding 'ticket' races with a concurrent write [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-7]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-8]]:18: note: 'jobs' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-7]]:5: note: conflicting write of 'jobs' here, holding 'ticket'
  // CHECK-MESSAGES: :[[@LINE-12]]:22: note: 'jobs' declared here
  t.join();
  (void)n;
}
