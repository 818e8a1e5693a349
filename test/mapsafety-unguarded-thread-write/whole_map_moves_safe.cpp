// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s -- -DSAFE_ONLY

// Moves that do not race: the batch is taken under the producers' mutex (the
// swap-under-lock idiom), the moved map is the thread's own, or the move
// happens before the thread starts or after it is joined. The last case, not
// run as a program, is the positive control: the same drain without the lock.

#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "../Inputs/program.h"

class Outbox {
public:
  void drainUnderLock() {
    std::map<int, int> batch;
    {
      std::lock_guard<std::mutex> lock(mu_);
      batch = std::move(pending_);
    }
    consume(batch.size());
  }
  void swapUnderLock() {
    std::map<int, int> batch;
    {
      std::lock_guard<std::mutex> lock(mu_);
      std::swap(batch, pending_);
    }
    consume(batch.size());
  }
  void add(int k) {
    std::lock_guard<std::mutex> lock(mu_);
    pending_[k] = k;
  }
#ifndef SAFE_ONLY
  void drainWithoutLock() {
    auto batch = std::move(pending_);
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: write to shared map 'pending_' without holding 'mu_', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+10]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+9]]:28: note: 'pending_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE+8]]:36: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-23]]:7: note: conflicting write of 'pending_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+14]]:22: note: 'pending_' declared here
    consume(batch.size());
  }
#endif

  void runDrainer() {
    worker_ = std::thread([this] { drainUnderLock(); swapUnderLock(); });
  }
  void stop() { worker_.join(); }
#ifndef SAFE_ONLY
  void runUnlockedDrainer() { other_ = std::thread([this] { drainWithoutLock(); }); }
#endif

private:
  std::map<int, int> pending_;
  std::mutex mu_;
  std::thread worker_, other_;
};

void a_thread_moves_its_own_map() {
  std::thread worker([] {
    std::map<int, int> local{{1, 1}};
    std::map<int, int> moved = std::move(local);
    consume(moved.size());
  });
  worker.join();
}

void moved_before_the_launch_and_after_the_join() {
  std::map<int, int> jobs{{1, 1}};
  std::map<int, int> first = std::move(jobs);
  std::thread worker([&] { jobs[2] = 2; });
  worker.join();
  std::map<int, int> last = std::move(jobs);
  consume(first.size() + last.size());
}

int main() {
  Outbox box;
  box.runDrainer();
  box.add(1);
  box.stop();
  a_thread_moves_its_own_map();
  moved_before_the_launch_and_after_the_join();
}
