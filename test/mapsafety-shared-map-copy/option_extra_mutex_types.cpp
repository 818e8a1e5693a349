// RUN: %check_mapsafety %s mapsafety-shared-map-copy -config="{CheckOptions: [{key: mapsafety-shared-map-copy.ExtraMutexTypes, value: 'sync::SpinLock'}]}" -- -std=c++17

// ExtraMutexTypes (shared with mapsafety-unguarded-thread-write): a user
// mutex type with lock()/unlock() is understood like std::mutex, by the
// standard guards and by explicit lock()/unlock() calls: a snapshot under it
// is fine, a copy that skips it is reported with its name, and a reference
// returned from under a guard on it escapes.
// No %tsan_run: the same shapes with std::mutex are confirmed under
// ThreadSanitizer in copy_kinds_races.cpp and copy_kinds_safe.cpp.

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

namespace sync {
class SpinLock {
public:
  void lock() {
    while (flag_.test_and_set(std::memory_order_acquire)) {
    }
  }
  void unlock() { flag_.clear(std::memory_order_release); }

private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};
} // namespace sync

std::size_t snapshot_under_a_listed_spin_lock() {
  std::map<int, int> jobs{{1, 1}};
  sync::SpinLock spin;
  std::thread t([&] {
    std::lock_guard<sync::SpinLock> lock(spin);
    jobs[2] = 2;
  });
  std::map<int, int> copy;
  spin.lock();
  copy = jobs;
  spin.unlock();
  t.join();
  return copy.size();
}

std::size_t copy_skipping_the_listed_spin_lock() {
  std::map<int, int> jobs{{1, 1}};
  sync::SpinLock spin;
  std::thread t([&] {
    std::lock_guard<sync::SpinLock> lock(spin);
    jobs.erase(1);
  });
  auto copy = jobs;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: copy of shared map 'jobs' without holding 'spin', which the concurrent write holds [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-6]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-7]]:18: note: 'jobs' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: conflicting write of 'jobs' here, holding 'spin'
  // CHECK-MESSAGES: :[[@LINE-11]]:22: note: 'jobs' declared here
  t.join();
  return copy.size();
}

class SpinTable {
public:
  void add(int key) {
    std::lock_guard<sync::SpinLock> lock(spin_);
    table_[key] = key;
  }
  const std::map<int, int> &table() {
    std::lock_guard<sync::SpinLock> lock(spin_);
    return table_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference to 'table_' escapes the lock on 'spin_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:37: note: 'spin_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+5]]:22: note: 'table_' declared here
  }

private:
  sync::SpinLock spin_;
  std::map<int, int> table_;
};
