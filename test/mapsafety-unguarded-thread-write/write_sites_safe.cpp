// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s -- -DSAFE_ONLY

// Writes that do not race get no warning, however many sites there are: every
// writer under one mutex, writes before the launch and after the join, and
// each thread writing its own map. The last case, not run as a program, is
// the positive control: two writers with no lock, each reported.

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../Inputs/program.h"

class HitCounter {
public:
  void hit(const std::string &path) {
    std::lock_guard<std::mutex> lock(mu_);
    hits_[path] += 1;
  }
  void reset(const std::string &path) {
    std::lock_guard<std::mutex> lock(mu_);
    hits_.erase(path);
  }
  std::size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return hits_.size();
  }

private:
  std::map<std::string, int> hits_;
  std::mutex mu_;
};

void writers_under_one_mutex() {
  HitCounter counter;
  std::vector<std::thread> workers;
  for (int i = 0; i < 3; ++i)
    workers.emplace_back([&] {
      counter.hit("/index");
      counter.reset("/old");
    });
  counter.hit("/health");
  for (std::thread &t : workers)
    t.join();
  consume(counter.size());
}

void writes_ordered_by_launch_and_join() {
  std::map<int, int> table;
  table[1] = 1;
  std::thread worker([&] { table[2] = 2; });
  worker.join();
  table[3] = 3;
  consume(table.size());
}

void each_thread_its_own_map() {
  std::thread worker([] {
    std::map<int, int> own;
    own[1] = 1;
    consume(own.size());
  });
  std::map<int, int> mine;
  mine[2] = 2;
  worker.join();
  consume(mine.size());
}

#ifndef SAFE_ONLY
void two_unlocked_writers() {
  std::map<int, int> table;
  std::thread worker([&] { table[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: write to shared map 'table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:23: note: 'table' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'table' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:22: note: 'table' declared here
  table[2] = 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-9]]:23: note: 'table' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-10]]:28: note: conflicting write of 'table' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-12]]:22: note: 'table' declared here
  worker.join();
}
#endif

int main() {
  writers_under_one_mutex();
  writes_ordered_by_launch_and_join();
  each_thread_its_own_map();
}
