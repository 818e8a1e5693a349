// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write --check-prefixes=CHECK-MESSAGES,CHECK-WITH-OPTION -config="{CheckOptions: [{key: mapsafety-unguarded-thread-write.ExtraMutexTypes, value: 'sync::SpinLock;sync::TicketLock;sync::Latch(acquire,release);sync::RwLatch(acquire,release,acquire_shared,release_shared)'}]}" -- -std=c++17
// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write --check-prefixes=CHECK-MESSAGES,CHECK-WITHOUT-OPTION -- -std=c++17

// ExtraMutexTypes: user mutex types that the standard guards and explicit
// lock()/unlock() calls then understand like std::mutex. A class with lock()
// and unlock() counts as a mutex even when it is not listed (the SpinLock and
// TicketLock cases: CHECK-MESSAGES, the same in both runs); one whose methods
// have other names (Latch, RwLatch) counts only when it is listed with them:
// without the option its acquire()/release() lock nothing.

#include <atomic>
#include <map>
#include <mutex>
#include <shared_mutex>
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

class Latch {
public:
  void acquire() {
    while (flag_.test_and_set(std::memory_order_acquire)) {
    }
  }
  void release() { flag_.clear(std::memory_order_release); }

private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};

class RwLatch {
public:
  void acquire() { mu_.lock(); }
  void release() { mu_.unlock(); }
  void acquire_shared() { mu_.lock_shared(); }
  void release_shared() { mu_.unlock_shared(); }

private:
  std::shared_mutex mu_;
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

void acquire_and_release_of_a_listed_latch() {
  std::map<int, int> jobs;
  sync::Latch latch;
  std::thread t([&] {
    latch.acquire();
    jobs.erase(1);
    // CHECK-WITHOUT-OPTION: :[[@LINE-1]]:5: warning: write to shared map 'jobs' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-WITHOUT-OPTION: :[[@LINE-4]]:15: note: thread started here
    // CHECK-WITHOUT-OPTION: :[[@LINE-5]]:18: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-WITHOUT-OPTION: :[[@LINE+5]]:3: note: conflicting write of 'jobs' here, with no lock held
    // CHECK-WITHOUT-OPTION: :[[@LINE-9]]:22: note: 'jobs' declared here
    latch.release();
  });
  latch.acquire();
  jobs[1] = 1;
  // CHECK-WITHOUT-OPTION: :[[@LINE-1]]:3: warning: write to shared map 'jobs' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-WITHOUT-OPTION: :[[@LINE-13]]:15: note: thread started here
  // CHECK-WITHOUT-OPTION: :[[@LINE-14]]:18: note: 'jobs' is shared with it by the reference capture default here
  // CHECK-WITHOUT-OPTION: :[[@LINE-13]]:5: note: conflicting write of 'jobs' here, with no lock held
  // CHECK-WITHOUT-OPTION: :[[@LINE-18]]:22: note: 'jobs' declared here
  latch.release();
  t.join();
}

void reader_and_writer_of_a_listed_rw_latch() {
  std::map<std::string, int> flags{{"beta", 1}};
  sync::RwLatch latch;
  std::thread t([&] {
    latch.acquire_shared();
    std::size_t n = flags.count("beta");
    latch.release_shared();
    (void)n;
  });
  latch.acquire();
  flags["gamma"] = 1;
  // CHECK-WITHOUT-OPTION: :[[@LINE-1]]:3: warning: write to shared map 'flags' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-WITHOUT-OPTION: :[[@LINE-9]]:15: note: thread started here
  // CHECK-WITHOUT-OPTION: :[[@LINE-10]]:18: note: 'flags' is shared with it by the reference capture default here
  // CHECK-WITHOUT-OPTION: :[[@LINE-9]]:21: note: conflicting read of 'flags' here, with no lock held
  // CHECK-WITHOUT-OPTION: :[[@LINE-14]]:30: note: 'flags' declared here
  latch.release();
  t.join();
}

void thread_skips_the_listed_latch() {
  std::map<int, int> jobs;
  sync::Latch latch;
  std::thread t([&] { jobs[1] = 1; });
  // CHECK-WITH-OPTION: :[[@LINE-1]]:23: warning: write to shared map 'jobs' without holding 'latch', which the concurrent access holds [mapsafety-unguarded-thread-write]
  // CHECK-WITHOUT-OPTION: :[[@LINE-2]]:23: warning: write to shared map 'jobs' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'jobs' is shared with it by the reference capture default here
  // CHECK-WITH-OPTION: :[[@LINE+4]]:3: note: conflicting write of 'jobs' here, holding 'latch'
  // CHECK-WITHOUT-OPTION: :[[@LINE+3]]:3: note: conflicting write of 'jobs' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-9]]:22: note: 'jobs' declared here
  latch.acquire();
  jobs[2] = 2;
  // CHECK-WITHOUT-OPTION: :[[@LINE-1]]:3: warning: write to shared map 'jobs' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-WITHOUT-OPTION: :[[@LINE-11]]:15: note: thread started here
  // CHECK-WITHOUT-OPTION: :[[@LINE-12]]:18: note: 'jobs' is shared with it by the reference capture default here
  // CHECK-WITHOUT-OPTION: :[[@LINE-13]]:23: note: conflicting write of 'jobs' here, with no lock held
  // CHECK-WITHOUT-OPTION: :[[@LINE-16]]:22: note: 'jobs' declared here
  latch.release();
  t.join();
}
