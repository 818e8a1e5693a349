// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Service-shaped code with the race in it: a worker pool collecting results,
// an LRU cache that records recency under its reader lock, a metrics registry
// of atomic counters that registers new names on the fly, a config reloader
// thread, and a session reaper that skips the session lock.

#include <atomic>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "../Inputs/program.h"

class WorkerPool {
public:
  void start(int n) {
    for (int id = 0; id < n; ++id)
      workers_.emplace_back(&WorkerPool::work, this, id);
  }
  void wait() {
    for (std::thread &w : workers_)
      w.join();
  }

private:
  void work(int id) { results_[id] = id * 10; }
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: write to shared map 'results_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-10]]:7: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-11]]:7: note: 'results_' is shared with it through 'this', which the thread runs on
  // CHECK-MESSAGES: :[[@LINE-4]]:23: note: the same write runs on another thread at the same time
  // CHECK-MESSAGES: :[[@LINE+2]]:22: note: 'results_' declared here
  std::vector<std::thread> workers_;
  std::map<int, int> results_;
};

void worker_pool_threads_write_one_results_map() {
  WorkerPool pool;
  pool.start(3);
  pool.wait();
}

class LruCache {
public:
  void put(const std::string &key, const std::string &value) {
    std::unique_lock<std::shared_mutex> lock(mu_);
    values_[key] = value;
  }
  std::string get(const std::string &key) {
    std::shared_lock<std::shared_mutex> lock(mu_);
    recency_[key] = ++clock_;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'recency_' under a shared lock on 'mu_'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+21]]:36: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+20]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+19]]:18: note: 'recency_' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+19]]:11: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-6]]:5: note: the same write runs on another thread at the same time
    // CHECK-MESSAGES: :[[@LINE+9]]:41: note: 'recency_' declared here
    auto it = values_.find(key);
    return it == values_.end() ? std::string() : it->second;
  }

private:
  std::shared_mutex mu_;
  std::atomic<long> clock_{0};
  std::unordered_map<std::string, std::string> values_;
  std::unordered_map<std::string, long> recency_;
};

void lru_cache_touches_recency_under_its_reader_lock() {
  LruCache cache;
  cache.put("a", "1");
  cache.put("b", "2");
  std::thread t([&cache] { consume(cache.get("a").size()); });
  consume(cache.get("b").size());
  t.join();
}

class MetricsRegistry {
public:
  std::atomic<long> &counter(const std::string &name) { return counters_[name]; }
  // CHECK-MESSAGES: :[[@LINE-1]]:64: warning: write to shared map 'counters_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+20]]:31: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+19]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+18]]:18: note: 'counters_' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+18]]:36: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE+4]]:5: note: conflicting iteration of 'counters_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+9]]:54: note: 'counters_' declared here
  long export_total() const {
    long total = 0;
    for (const auto &kv : counters_)
      total += kv.second.load();
    return total;
  }

private:
  std::unordered_map<std::string, std::atomic<long>> counters_;
};

void metrics_registry_registers_a_new_counter_while_exporting() {
  MetricsRegistry registry;
  registry.counter("requests") += 1;
  std::thread t([&registry] { registry.counter("latency_ms") += 12; });
  consume(static_cast<std::size_t>(registry.export_total()));
  t.join();
}

class ConfigReloader {
public:
  void start() { reloader_ = std::thread([this] { reload(); }); }
  void stop() { reloader_.join(); }
  bool has(const std::string &key) const { return config_.count(key) != 0; }

private:
  void reload() {
    std::unordered_map<std::string, std::string> fresh{{"mode", "fast"}, {"level", "2"}};
    config_ = fresh;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'config_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-9]]:51: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE-10]]:30: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-11]]:43: note: 'config_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE-10]]:51: note: conflicting read of 'config_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+3]]:48: note: 'config_' declared here
  }
  std::thread reloader_;
  std::unordered_map<std::string, std::string> config_{{"mode", "slow"}};
};

void config_reloader_thread_replaces_the_map_under_readers() {
  ConfigReloader config;
  config.start();
  consume(config.has("mode"));
  config.stop();
}

class SessionManager {
public:
  void start_reaper() { reaper_ = std::thread(&SessionManager::reap, this); }
  void stop_reaper() { reaper_.join(); }
  void login(const std::string &user) {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_[user] = 1;
  }

private:
  void reap() { sessions_.erase("expired"); }
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: write to shared map 'sessions_' without holding 'mu_', which the concurrent access holds [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-10]]:35: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-11]]:35: note: 'sessions_' is shared with it through 'this', which the thread runs on
  // CHECK-MESSAGES: :[[@LINE-8]]:5: note: conflicting write of 'sessions_' here, holding 'mu_'
  // CHECK-MESSAGES: :[[@LINE+3]]:30: note: 'sessions_' declared here
  std::thread reaper_;
  std::mutex mu_;
  std::map<std::string, int> sessions_{{"expired", 0}};
};

void session_reaper_skips_the_session_lock() {
  SessionManager sessions;
  sessions.start_reaper();
  sessions.login("alice");
  sessions.stop_reaper();
}

int main() {
  worker_pool_threads_write_one_results_map();
  lru_cache_touches_recency_under_its_reader_lock();
  metrics_registry_registers_a_new_counter_while_exporting();
  config_reloader_thread_replaces_the_map_under_readers();
  session_reaper_skips_the_session_lock();
}
