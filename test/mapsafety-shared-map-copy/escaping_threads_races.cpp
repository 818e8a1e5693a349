// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Threads that outlive the function that starts them (stored in a member,
// detached, returned) write a member or global map; the class's other member
// functions, or any function using the global, copy it while the thread runs:
// a getter returning the map by value, a copy into another member, a copy of
// the struct holding the map. main() calls the copying function while the
// thread runs.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

class JobBoard {
public:
  void start() { worker_ = std::thread(&JobBoard::drain, this); }
  std::map<int, std::string> pending() const { return jobs_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:55: warning: copy of shared map 'jobs_' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:28: note: 'jobs_' is shared with it through 'this', which the thread runs on
  // CHECK-MESSAGES: :[[@LINE+5]]:18: note: conflicting write of 'jobs_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+6]]:30: note: 'jobs_' declared here
  void stop() { worker_.join(); }

private:
  void drain() { jobs_.erase(1); }
  std::thread worker_;
  std::map<int, std::string> jobs_{{1, "first"}, {2, "second"}};
};

void member_thread_races_with_a_getter_returning_by_value() {
  JobBoard board;
  board.start();
  consume(board.pending().size());
  board.stop();
}

class PeerTable {
public:
  void start() { poller_ = std::thread([this] { poll(); }); }
  void backup() { saved_ = peers_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: copy of shared map 'peers_' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:41: note: 'peers_' is shared with it through 'this', captured here
  // CHECK-MESSAGES: :[[@LINE-5]]:49: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE+6]]:17: note: conflicting write of 'peers_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+7]]:40: note: 'peers_' declared here
  void stop() { poller_.join(); }
  std::size_t saved() const { return saved_.size(); }

private:
  void poll() { peers_[7] = "10.0.0.7"; }
  std::thread poller_;
  std::unordered_map<int, std::string> peers_{{1, "10.0.0.1"}};
  std::unordered_map<int, std::string> saved_;
};

void member_thread_races_with_a_copy_into_another_member() {
  PeerTable peers;
  peers.start();
  peers.backup();
  peers.stop();
  consume(peers.saved());
}

class Metrics {
public:
  void start() { collector_ = std::thread([this] { collect(); }); }
  std::map<std::string, long> snapshot() const { return counters_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:57: warning: copy of shared map 'counters_' without holding 'mu_', which the concurrent write holds [mapsafety-shared-map-copy]
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
  std::map<std::string, long> counters_{{"requests", 0}};
};

void member_thread_locks_but_the_getter_copies_without_the_lock() {
  Metrics m;
  m.start();
  consume(m.snapshot().size());
  m.stop();
}

struct Limits {
  std::map<std::string, int> per_user{{"root", 100}};
  int global = 1000;
};

class QuotaService {
public:
  void start() { refresher_ = std::thread(&QuotaService::refresh, this); }
  Limits current() const { return limits_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: copy of shared map 'limits_.per_user' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:31: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:31: note: 'per_user' is shared with it through 'this', which the thread runs on
  // CHECK-MESSAGES: :[[@LINE+5]]:20: note: conflicting write of 'limits_.per_user' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-12]]:30: note: 'per_user' declared here
  void stop() { refresher_.join(); }

private:
  void refresh() { limits_.per_user["guest"] = 10; }
  std::thread refresher_;
  Limits limits_;
};

void member_thread_races_with_a_copy_of_the_struct_holding_the_map() {
  QuotaService quotas;
  quotas.start();
  consume(quotas.current().per_user.size());
  quotas.stop();
}

std::map<int, int> g_pending{{1, 1}, {2, 2}};
Step g_flushed;

void start_flusher() {
  std::thread([] {
    g_pending.clear();
    g_flushed.signal();
  }).detach();
}

std::map<int, int> pending_copy() { return g_pending; }
// CHECK-MESSAGES: :[[@LINE-1]]:44: warning: copy of shared map 'g_pending' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
// CHECK-MESSAGES: :[[@LINE-8]]:3: note: thread started here
// CHECK-MESSAGES: :[[@LINE-8]]:5: note: conflicting write of 'g_pending' here, with no lock held
// CHECK-MESSAGES: :[[@LINE-14]]:20: note: 'g_pending' declared here

void detached_thread_races_with_a_copy_of_the_global() {
  start_flusher();
  consume(pending_copy().size());
  g_flushed.await();
}

std::unordered_map<std::string, std::string> g_config{{"mode", "slow"}};

std::thread spawn_reloader() {
  return std::thread([] { g_config["reloaded_at"] = "now"; });
}

std::size_t config_entries() {
  auto cfg = g_config;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: copy of shared map 'g_config' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-6]]:10: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-7]]:27: note: conflicting write of 'g_config' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-11]]:46: note: 'g_config' declared here
  return cfg.size();
}

void returned_thread_races_with_a_copy_of_the_global() {
  std::thread reloader = spawn_reloader();
  consume(config_entries());
  reloader.join();
}

class Inventory {
public:
  void start() { loader_ = std::thread([this] { load(); }); }
  std::map<std::string, int> snapshot() const { return *stock_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:56: warning: copy of shared map '*stock_' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:41: note: 'stock_' is shared with it through 'this', captured here
  // CHECK-MESSAGES: :[[@LINE-5]]:49: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE+5]]:17: note: conflicting write of '*stock_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+6]]:47: note: 'stock_' declared here
  void stop() { loader_.join(); }

private:
  void load() { stock_->emplace("bolts", 100); }
  std::thread loader_;
  std::unique_ptr<std::map<std::string, int>> stock_ =
      std::make_unique<std::map<std::string, int>>(std::map<std::string, int>{{"nuts", 5}});
};

void member_thread_races_with_a_copy_through_a_unique_ptr_member() {
  Inventory inventory;
  inventory.start();
  consume(inventory.snapshot().size());
  inventory.stop();
}

int main() {
  member_thread_races_with_a_getter_returning_by_value();
  member_thread_races_with_a_copy_into_another_member();
  member_thread_locks_but_the_getter_copies_without_the_lock();
  member_thread_races_with_a_copy_of_the_struct_holding_the_map();
  detached_thread_races_with_a_copy_of_the_global();
  returned_thread_races_with_a_copy_of_the_global();
  member_thread_races_with_a_copy_through_a_unique_ptr_member();
}
