// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s -- -DSAFE_ONLY

// Lifecycle ordering inside a class: a thread kept in a member runs beside
// the other methods of its class, except where they are ordered with it.
// The method that starts it fills the map before the launch; a method that
// joins it on every path (directly, through the false branch of joinable(),
// through a range-for joining every thread of a member vector, or through a
// helper that joins) may clear the map afterwards. The last case, not run as
// a program, is the positive control: a stop() that joins on one branch only.

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../Inputs/program.h"

class Indexer {
public:
  void start() {
    pending_[1] = "boot";
    worker_ = std::thread([this] { pending_[2] = "scan"; });
  }
  void stop() {
    worker_.join();
    pending_.clear();
  }

private:
  std::map<int, std::string> pending_;
  std::thread worker_;
};

class Reloader {
public:
  void start() { worker_ = std::thread(&Reloader::reload, this); }
  void stop() {
    if (worker_.joinable())
      worker_.join();
    routes_.clear();
  }
  void shutdown() {
    if (!worker_.joinable()) {
      routes_.clear();
      return;
    }
    worker_.join();
    routes_.clear();
  }

private:
  void reload() { routes_["/"] = 1; }
  std::map<std::string, int> routes_;
  std::thread worker_;
};

class ShardedCounter {
public:
  void start() {
    for (int shard = 0; shard < 2; ++shard)
      workers_.emplace_back([this, shard] {
        std::lock_guard<std::mutex> lock(mu_);
        totals_[shard] += 1;
      });
  }
  std::size_t stop() {
    for (std::thread &t : workers_)
      t.join();
    std::size_t n = totals_.size();
    totals_.clear();
    return n;
  }

private:
  std::mutex mu_;
  std::map<int, int> totals_;
  std::vector<std::thread> workers_;
};

class Sampler {
public:
  void start() { worker_ = std::thread([this] { samples_[0] = 0.5; }); }
  void stop() {
    joinWorker();
    samples_.clear();
  }

private:
  void joinWorker() {
    if (worker_.joinable())
      worker_.join();
  }
  std::map<int, double> samples_;
  std::thread worker_;
};

#ifndef SAFE_ONLY
class Drainer {
public:
  void start() { worker_ = std::thread([this] { queue_[1] = 1; }); }
  // CHECK-MESSAGES: :[[@LINE-1]]:49: warning: write to shared map 'queue_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:28: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:41: note: 'queue_' is shared with it through 'this', captured here
  // CHECK-MESSAGES: :[[@LINE+5]]:5: note: conflicting write of 'queue_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+17]]:22: note: 'queue_' declared here
  void stop(bool wait) {
    if (wait)
      worker_.join();
    queue_.clear(); // the thread still runs when wait is false
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'queue_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-11]]:28: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-12]]:41: note: 'queue_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE-13]]:49: note: conflicting write of 'queue_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+8]]:22: note: 'queue_' declared here
  }
  ~Drainer() {
    if (worker_.joinable())
      worker_.join();
  }

private:
  std::map<int, int> queue_;
  std::thread worker_;
};
#endif

int main() {
  Indexer indexer;
  indexer.start();
  indexer.stop();
  Reloader reloader;
  reloader.start();
  reloader.stop();
  reloader.start();
  reloader.shutdown();
  reloader.shutdown();
  ShardedCounter counter;
  counter.start();
  consume(counter.stop());
  Sampler sampler;
  sampler.start();
  sampler.stop();
}
