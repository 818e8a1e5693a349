// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Threads that outlive the function that starts them: stored in a member,
// detached, or returned. Such a thread runs concurrently with the other member
// functions of its class and with every function that uses the globals it
// touches. main() calls the other function while the thread runs.

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

class JobQueue {
public:
  void start() { worker_ = std::thread(&JobQueue::drain, this); }
  void submit(int id) { jobs_[id] = "queued"; }
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: write to shared map 'jobs_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:28: note: 'jobs_' is shared with it through 'this', which the thread runs on
  // CHECK-MESSAGES: :[[@LINE+5]]:18: note: conflicting write of 'jobs_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+11]]:30: note: 'jobs_' declared here
  void stop() { worker_.join(); }

private:
  void drain() { jobs_.erase(1); }
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: write to shared map 'jobs_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-12]]:28: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-13]]:28: note: 'jobs_' is shared with it through 'this', which the thread runs on
  // CHECK-MESSAGES: :[[@LINE-13]]:25: note: conflicting write of 'jobs_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+2]]:30: note: 'jobs_' declared here
  std::thread worker_;
  std::map<int, std::string> jobs_{{1, "first"}};
};

void member_thread_races_with_another_member_function() {
  JobQueue q;
  q.start();
  q.submit(2);
  q.stop();
}

class PeerTable {
public:
  void start() { poller_ = std::thread([this] { poll(); }); }
  void remove(int id) { peers_.erase(id); }
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: write to shared map 'peers_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:41: note: 'peers_' is shared with it through 'this', captured here
  // CHECK-MESSAGES: :[[@LINE-5]]:49: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE+5]]:17: note: conflicting write of 'peers_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+12]]:40: note: 'peers_' declared here
  void stop() { poller_.join(); }

private:
  void poll() { peers_[7] = "10.0.0.7"; }
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: write to shared map 'peers_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-13]]:49: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE-14]]:28: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-15]]:41: note: 'peers_' is shared with it through 'this', captured here
  // CHECK-MESSAGES: :[[@LINE-15]]:25: note: conflicting write of 'peers_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+2]]:40: note: 'peers_' declared here
  std::thread poller_;
  std::unordered_map<int, std::string> peers_{{1, "10.0.0.1"}};
};

void member_thread_lambda_capturing_this() {
  PeerTable peers;
  peers.start();
  peers.remove(1);
  peers.stop();
}

class Metrics {
public:
  void start() { collector_ = std::thread([this] { collect(); }); }
  std::size_t count() const { return counters_.size(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: read of shared map 'counters_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:31: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:44: note: 'counters_' is shared with it through 'this', captured here
  // CHECK-MESSAGES: :[[@LINE-5]]:52: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE+7]]:5: note: conflicting write of 'counters_' here, holding 'mu_'
  // CHECK-MESSAGES: :[[@LINE+10]]:31: note: 'counters_' declared here
  void stop() { collector_.join(); }

private:
  void collect() {
    std::lock_guard<std::mutex> lock(mu_);
    counters_["requests"]++;
  }
  std::thread collector_;
  mutable std::mutex mu_;
  std::map<std::string, long> counters_;
};

void member_thread_locks_but_a_getter_does_not() {
  Metrics m;
  m.start();
  consume(m.count());
  m.stop();
}

std::map<int, int> g_pending{{1, 1}};
Step g_flushed;

void start_flusher() {
  std::thread([] {
    g_pending.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'g_pending' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+6]]:25: note: conflicting write of 'g_pending' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-9]]:20: note: 'g_pending' declared here
    g_flushed.signal();
  }).detach();
}

void enqueue(int key) { g_pending[key] = key; }
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: write to shared map 'g_pending' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
// CHECK-MESSAGES: :[[@LINE-12]]:3: note: thread started here
// CHECK-MESSAGES: :[[@LINE-12]]:5: note: conflicting write of 'g_pending' here, with no lock held
// CHECK-MESSAGES: :[[@LINE-18]]:20: note: 'g_pending' declared here

void detached_thread_races_with_every_user_of_the_global() {
  start_flusher();
  enqueue(2);
  g_flushed.await();
}

std::unordered_map<std::string, std::string> g_config{{"mode", "slow"}};

std::thread spawn_reloader() {
  return std::thread([] { g_config["reloaded_at"] = "now"; });
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: write to shared map 'g_config' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:10: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+4]]:39: note: conflicting read of 'g_config' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:46: note: 'g_config' declared here
}

std::size_t config_entries() { return g_config.size(); }

void returned_thread_races_with_a_reader_of_the_global() {
  std::thread reloader = spawn_reloader();
  consume(config_entries());
  reloader.join();
}

int main() {
  member_thread_races_with_another_member_function();
  member_thread_lambda_capturing_this();
  member_thread_locks_but_a_getter_does_not();
  detached_thread_races_with_every_user_of_the_global();
  returned_thread_races_with_a_reader_of_the_global();
}
