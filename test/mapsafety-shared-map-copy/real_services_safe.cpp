// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// The services of real_services_races.cpp written correctly: copy-on-write
// publication of an immutable map through std::atomic_load/atomic_store on a
// std::shared_ptr<const Map> (copying the pointer copies no map), a shared_ptr
// swapped under a mutex, copies taken under the writers' mutex and handed to
// workers by value, return by value from a locked getter, and deep copies
// edited privately before they are published. Only the positive control at the
// end is reported, and ThreadSanitizer stays silent.

#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "../Inputs/boost/asio.hpp"
#include "../Inputs/program.h"

using Settings = std::map<std::string, std::string>;

class AtomicConfig {
public:
  void start() { reloader_ = std::thread([this] { reload(); }); }
  void stop() { reloader_.join(); }

  std::string handle_request(const std::string &key) const {
    std::shared_ptr<const Settings> settings = std::atomic_load(&settings_);
    auto it = settings->find(key);
    return it == settings->end() ? std::string() : it->second;
  }

  std::size_t export_settings() const {
    std::shared_ptr<const Settings> current = std::atomic_load(&settings_);
    Settings copy = *current;
    copy["exported"] = "yes";
    return copy.size();
  }

private:
  void reload() {
    auto fresh = std::make_shared<const Settings>(Settings{{"mode", "fast"}, {"level", "2"}});
    std::atomic_store(&settings_, fresh);
  }
  std::thread reloader_;
  std::shared_ptr<const Settings> settings_ = std::make_shared<const Settings>(Settings{{"mode", "slow"}});
};

void config_published_copy_on_write_through_atomic_shared_ptr() {
  AtomicConfig config;
  config.start();
  consume(config.handle_request("mode").size() + config.export_settings());
  config.stop();
}

class RouteTable {
public:
  void start_editor() { editor_ = std::thread([this] { add_route("/v2", 2); }); }
  void stop_editor() { editor_.join(); }

  std::shared_ptr<const std::map<std::string, int>> current() const {
    std::lock_guard<std::mutex> lock(mu_);
    return routes_;
  }

  std::size_t route_count() const {
    auto routes = current();
    std::map<std::string, int> copy = *routes;
    return copy.size();
  }

private:
  void add_route(const std::string &path, int id) {
    auto next = std::make_shared<std::map<std::string, int>>(*current());
    (*next)[path] = id;
    std::lock_guard<std::mutex> lock(mu_);
    routes_ = std::move(next);
  }
  std::thread editor_;
  mutable std::mutex mu_;
  std::shared_ptr<const std::map<std::string, int>> routes_ =
      std::make_shared<const std::map<std::string, int>>(std::map<std::string, int>{{"/v1", 1}});
};

void route_table_swaps_a_shared_ptr_under_its_mutex() {
  RouteTable table;
  table.start_editor();
  consume(table.route_count());
  table.stop_editor();
}

class MetricsExporter {
public:
  void start(int n) {
    for (int id = 0; id < n; ++id)
      workers_.emplace_back(&MetricsExporter::work, this, id);
  }
  void wait() {
    for (std::thread &w : workers_)
      w.join();
  }
  std::string export_text() const {
    std::map<std::string, long> counters;
    {
      std::lock_guard<std::mutex> lock(mu_);
      counters = counters_;
    }
    std::string text;
    for (const auto &kv : counters)
      text += kv.first + " " + std::to_string(kv.second) + "\n";
    return text;
  }

private:
  void work(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    counters_["requests"] += id + 1;
  }
  std::vector<std::thread> workers_;
  mutable std::mutex mu_;
  std::map<std::string, long> counters_{{"requests", 0}, {"errors", 0}};
};

void metrics_exporter_copies_counters_under_the_workers_mutex() {
  MetricsExporter metrics;
  metrics.start(2);
  consume(metrics.export_text().size());
  metrics.wait();
}

class Router {
public:
  void start_refresher() { refresher_ = std::thread([this] { refresh(); }); }
  void stop_refresher() { refresher_.join(); }
  void fan_out(int shards) {
    std::map<std::string, int> snapshot;
    {
      std::lock_guard<std::mutex> lock(mu_);
      snapshot = table_;
    }
    std::vector<std::thread> workers;
    for (int shard = 0; shard < shards; ++shard)
      workers.emplace_back(&Router::route_shard, snapshot, shard);
    for (std::thread &w : workers)
      w.join();
  }

private:
  static void route_shard(std::map<std::string, int> table, int shard) { consume(table.size() + shard); }
  void refresh() {
    std::lock_guard<std::mutex> lock(mu_);
    table_["/v2"] = 2;
  }
  std::thread refresher_;
  std::mutex mu_;
  std::map<std::string, int> table_{{"/v1", 1}};
};

void router_fans_out_a_snapshot_taken_under_the_lock() {
  Router router;
  router.start_refresher();
  router.fan_out(2);
  router.stop_refresher();
}

void cache_hands_a_pool_task_a_snapshot_taken_under_the_lock() {
  std::unordered_map<std::string, std::string> entries{{"a", "1"}};
  std::mutex mu;
  boost::asio::thread_pool pool(2);
  boost::asio::post(pool, [&entries, &mu] {
    std::lock_guard<std::mutex> lock(mu);
    entries["b"] = "2";
  });
  std::unique_lock<std::mutex> lock(mu);
  boost::asio::post(pool, [snapshot = entries] { consume(snapshot.size()); });
  lock.unlock();
  pool.join();
}

struct Session {
  std::string user;
  long expires_at = 0;
};

static std::size_t log_sessions(std::map<int, Session> sessions) { return sessions.size(); }

class SessionManager {
public:
  std::size_t audit_while_reaping() {
    auto reaped = std::async(std::launch::async, &SessionManager::reap, this);
    std::size_t logged = log_sessions(sessions());
    reaped.get();
    return logged;
  }
  std::map<int, Session> sessions() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sessions_;
  }

private:
  void reap() {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.erase(1);
  }
  mutable std::mutex mu_;
  std::map<int, Session> sessions_{{1, {"alice", 10}}, {2, {"bob", 20}}};
};

void session_manager_audits_a_copy_returned_by_its_locked_getter() {
  SessionManager manager;
  consume(manager.audit_while_reaping());
}

struct FlagSet {
  std::unordered_map<std::string, bool> flags{{"dark_mode", false}};
  long version = 0;
};

static std::size_t publish(FlagSet snapshot) { return snapshot.flags.size(); }

void feature_flags_copied_under_the_pollers_mutex() {
  FlagSet current;
  std::mutex mu;
  std::thread poller([&] {
    std::lock_guard<std::mutex> lock(mu);
    current.flags["beta"] = true;
    ++current.version;
  });
  std::size_t published = 0;
  {
    std::lock_guard<std::mutex> lock(mu);
    published = publish(current);
  }
  poller.join();
  consume(published);
}

class Registry {
public:
  explicit Registry(const std::map<std::string, int> &initial) : entries_(initial) {}
  void add(const std::string &name, int id) {
    std::lock_guard<std::mutex> lock(mu_);
    std::map<std::string, int> next = entries_;
    next[name] = id;
    entries_.swap(next);
  }
  std::map<std::string, int> entries() const {
    std::lock_guard<std::mutex> lock(mu_);
    return entries_;
  }

private:
  mutable std::mutex mu_;
  std::map<std::string, int> entries_;
};

void registry_edits_a_deep_copy_privately_and_swaps_it_in() {
  Registry registry({{"root", 0}});
  std::thread t([&registry] { registry.add("guest", 1); });
  auto all = registry.entries();
  all["local-only"] = 2;
  t.join();
  consume(all.size());
}

// Positive control (the check must report it): MetricsExporter with the
// export copying the counters without the workers' mutex. Not called from
// main(), so the ThreadSanitizer run covers the safe cases only.
class UnlockedMetricsExporter {
public:
  void start(int n) {
    for (int id = 0; id < n; ++id)
      workers_.emplace_back(&UnlockedMetricsExporter::work, this, id);
  }
  void wait() {
    for (std::thread &w : workers_)
      w.join();
  }
  std::string export_text() const {
    std::map<std::string, long> counters = counters_;
    // CHECK-MESSAGES: :[[@LINE-1]]:44: warning: copy of shared map 'counters_' without holding 'mu_', which the concurrent write holds [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-9]]:7: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-10]]:7: note: 'counters_' is shared with it through 'this', which the thread runs on
    // CHECK-MESSAGES: :[[@LINE+11]]:5: note: conflicting write of 'counters_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+14]]:31: note: 'counters_' declared here
    std::string text;
    for (const auto &kv : counters)
      text += kv.first + " " + std::to_string(kv.second) + "\n";
    return text;
  }

private:
  void work(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    counters_["requests"] += id + 1;
  }
  std::vector<std::thread> workers_;
  mutable std::mutex mu_;
  std::map<std::string, long> counters_{{"requests", 0}, {"errors", 0}};
};

void metrics_exporter_copies_counters_without_the_workers_mutex() {
  UnlockedMetricsExporter metrics;
  metrics.start(2);
  consume(metrics.export_text().size());
  metrics.wait();
}

int main() {
  config_published_copy_on_write_through_atomic_shared_ptr();
  route_table_swaps_a_shared_ptr_under_its_mutex();
  metrics_exporter_copies_counters_under_the_workers_mutex();
  router_fans_out_a_snapshot_taken_under_the_lock();
  cache_hands_a_pool_task_a_snapshot_taken_under_the_lock();
  session_manager_audits_a_copy_returned_by_its_locked_getter();
  feature_flags_copied_under_the_pollers_mutex();
  registry_edits_a_deep_copy_privately_and_swaps_it_in();
}
