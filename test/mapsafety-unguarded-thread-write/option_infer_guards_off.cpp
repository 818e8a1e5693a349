// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -config="{CheckOptions: [{key: mapsafety-unguarded-thread-write.InferGuards, value: false}]}" -- -std=c++17

// InferGuards = false: a map locked in one place and not in another is no
// longer reported on that evidence alone (inferred_guards.cpp has the same
// shapes with the default, true); races with a thread started in this file
// still are.

#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>

class SessionCache {
public:
  void put(const std::string &key, int value) {
    std::lock_guard<std::mutex> lock(mu_);
    entries_[key] = value;
  }
  void evict_without_lock(const std::string &key) { entries_.erase(key); }
  std::size_t size_without_lock() const { return entries_.size(); }

private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, int> entries_;
};

static std::map<std::string, int> g_routes;
static std::mutex g_routes_mu;

void add_route(const std::string &path, int handler) {
  std::lock_guard<std::mutex> lock(g_routes_mu);
  g_routes[path] = handler;
}

void remove_route_without_lock(const std::string &path) { g_routes.erase(path); }

class TableWithSharedLock {
public:
  int get(int key) const {
    std::shared_lock<std::shared_mutex> lock(mu_);
    auto it = table_.find(key);
    return it == table_.end() ? 0 : it->second;
  }
  void put_under_reader_lock(int key, int value) {
    std::shared_lock<std::shared_mutex> lock(mu_);
    table_[key] = value;
  }

private:
  mutable std::shared_mutex mu_;
  std::map<int, int> table_;
};

void thread_race_still_reported() {
  std::map<int, int> jobs;
  std::mutex mu;
  std::thread t([&] {
    std::lock_guard<std::mutex> lock(mu);
    jobs[1] = 1;
  });
  jobs.erase(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'jobs' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-7]]:18: note: 'jobs' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: conflicting write of 'jobs' here, holding 'mu'
  // CHECK-MESSAGES: :[[@LINE-11]]:22: note: 'jobs' declared here
  t.join();
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
