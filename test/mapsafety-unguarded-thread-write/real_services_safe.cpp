// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// The services of real_services_races.cpp written correctly, plus the "every
// public method locks" wrapper: the map sits inside a class whose public member
// functions all take the class's mutex, and any number of threads share the
// object. Only the positive control at the end is reported, and ThreadSanitizer
// stays silent.

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
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
  std::size_t result_count() {
    std::lock_guard<std::mutex> lock(mu_);
    return results_.size();
  }

private:
  void work(int id) {
    int value = id * 10;
    std::lock_guard<std::mutex> lock(mu_);
    results_[id] = value;
  }
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::map<int, int> results_;
};

void worker_pool_results_under_the_pool_mutex() {
  WorkerPool pool;
  pool.start(3);
  pool.wait();
  consume(pool.result_count());
}

class LruCache {
public:
  void put(const std::string &key, const std::string &value) {
    std::unique_lock<std::shared_mutex> lock(mu_);
    values_[key] = value;
  }
  std::string get(const std::string &key) {
    std::unique_lock<std::shared_mutex> lock(mu_);
    recency_[key] = ++clock_;
    auto it = values_.find(key);
    return it == values_.end() ? std::string() : it->second;
  }
  bool contains(const std::string &key) const {
    std::shared_lock<std::shared_mutex> lock(mu_);
    return values_.count(key) != 0;
  }

private:
  mutable std::shared_mutex mu_;
  long clock_ = 0;
  std::unordered_map<std::string, std::string> values_;
  std::unordered_map<std::string, long> recency_;
};

void lru_cache_takes_the_writer_lock_to_touch_recency() {
  LruCache cache;
  cache.put("a", "1");
  std::thread t([&cache] { consume(cache.get("a").size()); });
  consume(cache.contains("a"));
  consume(cache.get("b").size());
  t.join();
}

class MetricsRegistry {
public:
  std::atomic<long> &counter(const std::string &name) {
    {
      std::shared_lock<std::shared_mutex> lock(mu_);
      auto it = counters_.find(name);
      if (it != counters_.end())
        return it->second;
    }
    std::unique_lock<std::shared_mutex> lock(mu_);
    return counters_[name];
  }
  long export_total() const {
    std::shared_lock<std::shared_mutex> lock(mu_);
    long total = 0;
    for (const auto &kv : counters_)
      total += kv.second.load();
    return total;
  }

private:
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::atomic<long>> counters_;
};

void metrics_registry_registers_under_the_writer_lock() {
  MetricsRegistry registry;
  registry.counter("requests") += 1;
  std::thread t([&registry] { registry.counter("latency_ms") += 12; });
  registry.counter("requests") += 1;
  consume(static_cast<std::size_t>(registry.export_total()));
  t.join();
}

class ConfigReloader {
public:
  using Config = std::map<std::string, std::string>;
  void start() { reloader_ = std::thread([this] { reload(); }); }
  void stop() { reloader_.join(); }
  bool has(const std::string &key) const {
    std::shared_ptr<const Config> snapshot;
    {
      std::lock_guard<std::mutex> lock(mu_);
      snapshot = current_;
    }
    return snapshot->count(key) != 0;
  }

private:
  void reload() {
    auto fresh = std::make_shared<Config>();
    (*fresh)["mode"] = "fast";
    std::lock_guard<std::mutex> lock(mu_);
    current_ = fresh;
  }
  std::thread reloader_;
  mutable std::mutex mu_;
  std::shared_ptr<const Config> current_ = std::make_shared<const Config>(Config{{"mode", "slow"}});
};

void config_reloader_publishes_an_immutable_snapshot() {
  ConfigReloader config;
  config.start();
  consume(config.has("mode"));
  config.stop();
}

class SessionStore {
public:
  void login(const std::string &user) {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_[user] = 1;
  }
  void logout(const std::string &user) {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.erase(user);
  }
  std::size_t active() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sessions_.size();
  }

private:
  mutable std::mutex mu_;
  std::map<std::string, int> sessions_;
};

void class_whose_every_public_method_locks_shared_by_threads() {
  SessionStore store;
  std::vector<std::thread> handlers;
  for (const char *user : {"alice", "bob"})
    handlers.emplace_back([&store, user] {
      store.login(user);
      store.logout(user);
    });
  consume(store.active());
  for (std::thread &h : handlers)
    h.join();
}

class SessionReaper {
public:
  void start() { reaper_ = std::thread(&SessionReaper::reap, this); }
  void stop() { reaper_.join(); }
  void login(const std::string &user) {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_[user] = 1;
  }

private:
  void reap() {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.erase("expired");
  }
  std::thread reaper_;
  std::mutex mu_;
  std::map<std::string, int> sessions_;
};

void session_reaper_takes_the_session_lock() {
  SessionReaper reaper;
  reaper.start();
  reaper.login("alice");
  reaper.stop();
}

class JobQueue {
public:
  void start() { worker_ = std::thread(&JobQueue::run, this); }
  void submit(int id, const std::string &job) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      pending_[id] = job;
    }
    cv_.notify_one();
  }
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_one();
    worker_.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (pending_.empty())
        return;
      auto first = pending_.begin();
      std::string job = first->second;
      pending_.erase(first);
      lock.unlock();
      consume(job.size());
      lock.lock();
    }
  }
  std::thread worker_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::map<int, std::string> pending_;
};

void job_queue_worker_waits_on_a_condition_variable() {
  JobQueue q;
  q.start();
  q.submit(1, "resize");
  q.submit(2, "upload");
  q.stop();
}

// Positive control (the check must report it): SessionStore with logout()
// skipping the mutex, while handler threads share the store. Not called from
// main(), so the ThreadSanitizer run covers the safe cases only.
class LeakySessionStore {
public:
  void login(const std::string &user) {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_[user] = 1;
  }
  void logout(const std::string &user) { sessions_.erase(user); }
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: write to shared map 'sessions_' without holding 'mu_', which the concurrent access holds [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+15]]:28: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+14]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+13]]:18: note: 'sessions_' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+11]]:28: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE-8]]:5: note: conflicting write of 'sessions_' here, holding 'mu_'
  // CHECK-MESSAGES: :[[@LINE+4]]:30: note: 'sessions_' declared here

private:
  std::mutex mu_;
  std::map<std::string, int> sessions_;
};

void handler_threads_share_a_store_whose_logout_skips_the_lock() {
  LeakySessionStore store;
  std::thread a([&store] { store.login("alice"); });
  std::thread b([&store] { store.logout("alice"); });
  a.join();
  b.join();
}

int main() {
  worker_pool_results_under_the_pool_mutex();
  lru_cache_takes_the_writer_lock_to_touch_recency();
  metrics_registry_registers_under_the_writer_lock();
  config_reloader_publishes_an_immutable_snapshot();
  class_whose_every_public_method_locks_shared_by_threads();
  session_reaper_takes_the_session_lock();
  job_queue_worker_waits_on_a_condition_variable();
}
