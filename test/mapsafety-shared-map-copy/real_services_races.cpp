// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Service-shaped code with a racy copy in it: request handlers copying the
// settings a reloader thread replaces, a metrics exporter copying counters
// that worker threads increment, a router fanning its table out to workers by
// value while a refresher updates it, a cache handing a snapshot to a pool
// task while another task fills it, a session manager copying its sessions
// while an asynchronous reaper erases them, feature flags published by value
// while a poller updates them, and a request handler thread copying a route
// table that an admin thread edits under a lock the handler skips.

#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "../Inputs/boost/asio.hpp"
#include "../Inputs/program.h"

class ConfigReloader {
public:
  void start() { reloader_ = std::thread([this] { reload(); }); }
  void stop() { reloader_.join(); }

  // Each request works on its own copy of the settings.
  std::string handle_request(const std::string &key) const {
    auto settings = settings_;
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: copy of shared map 'settings_' without holding 'mu_', which the concurrent write holds [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-7]]:30: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-8]]:43: note: 'settings_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE-9]]:51: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE+10]]:5: note: conflicting write of 'settings_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+13]]:38: note: 'settings_' declared here
    auto it = settings.find(key);
    return it == settings.end() ? std::string() : it->second;
  }

private:
  void reload() {
    std::map<std::string, std::string> fresh{{"mode", "fast"}, {"level", "2"}};
    std::lock_guard<std::mutex> lock(mu_);
    settings_ = std::move(fresh);
  }
  std::thread reloader_;
  mutable std::mutex mu_;
  std::map<std::string, std::string> settings_{{"mode", "slow"}};
};

void config_reloader_replaces_the_settings_while_a_request_copies_them() {
  ConfigReloader config;
  config.start();
  consume(config.handle_request("mode").size());
  config.stop();
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
    std::string text;
    auto counters = counters_;
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: copy of shared map 'counters_' without holding 'mu_', which the concurrent write holds [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-10]]:7: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-11]]:7: note: 'counters_' is shared with it through 'this', which the thread runs on
    // CHECK-MESSAGES: :[[@LINE+10]]:5: note: conflicting write of 'counters_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+13]]:31: note: 'counters_' declared here
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

void metrics_exporter_copies_counters_while_workers_increment_them() {
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
    std::vector<std::thread> workers;
    for (int shard = 0; shard < shards; ++shard)
      workers.emplace_back(&Router::route_shard, table_, shard);
    // CHECK-MESSAGES: :[[@LINE-1]]:50: warning: copy of shared map 'table_' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-7]]:41: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-8]]:54: note: 'table_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE-9]]:62: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE+8]]:20: note: conflicting write of 'table_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+9]]:30: note: 'table_' declared here
    for (std::thread &w : workers)
      w.join();
  }

private:
  static void route_shard(std::map<std::string, int> table, int shard) { consume(table.size() + shard); }
  void refresh() { table_["/v2"] = 2; }
  std::thread refresher_;
  std::map<std::string, int> table_{{"/v1", 1}};
};

void router_fans_its_table_out_by_value_while_a_refresher_updates_it() {
  Router router;
  router.start_refresher();
  router.fan_out(2);
  router.stop_refresher();
}

void cache_hands_a_snapshot_to_a_pool_task_while_another_fills_it() {
  std::unordered_map<std::string, std::string> entries{{"a", "1"}};
  boost::asio::thread_pool pool(2);
  boost::asio::post(pool, [&entries] { entries["b"] = "2"; });
  boost::asio::post(pool, [snapshot = entries] { consume(snapshot.size()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: copy of shared map 'entries' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-4]]:28: note: 'entries' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:40: note: conflicting write of 'entries' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-8]]:48: note: 'entries' declared here
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
    std::size_t logged = log_sessions(sessions_);
    // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: copy of shared map 'sessions_' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:19: note: asynchronous task started here
    // CHECK-MESSAGES: :[[@LINE-4]]:19: note: 'sessions_' is shared with it through 'this', which the thread runs on
    // CHECK-MESSAGES: :[[@LINE+7]]:17: note: conflicting write of 'sessions_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+7]]:26: note: 'sessions_' declared here
    reaped.get();
    return logged;
  }

private:
  void reap() { sessions_.erase(1); }
  std::map<int, Session> sessions_{{1, {"alice", 10}}, {2, {"bob", 20}}};
};

void session_manager_copies_its_sessions_while_a_reaper_erases() {
  SessionManager manager;
  consume(manager.audit_while_reaping());
}

struct FlagSet {
  std::unordered_map<std::string, bool> flags{{"dark_mode", false}};
  long version = 0;
};

static std::size_t publish(FlagSet snapshot) { return snapshot.flags.size(); }

void feature_flags_published_by_value_while_a_poller_updates_them() {
  FlagSet current;
  std::thread poller([&current] { current.flags["beta"] = true; });
  consume(publish(current));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: copy of shared map 'current.flags' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'flags' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:35: note: conflicting write of 'current.flags' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-14]]:41: note: 'flags' declared here
  poller.join();
}

void request_thread_copies_routes_an_admin_thread_edits_under_a_lock() {
  std::map<std::string, int> routes{{"/", 0}};
  std::mutex mu;
  std::thread admin([&routes, &mu] {
    std::lock_guard<std::mutex> lock(mu);
    routes["/admin"] = 1;
  });
  std::thread handler([&routes] {
    auto table = routes;
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: copy of shared map 'routes' without holding 'mu', which the concurrent write holds [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:24: note: 'routes' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE-7]]:5: note: conflicting write of 'routes' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-12]]:30: note: 'routes' declared here
    consume(table.size());
  });
  admin.join();
  handler.join();
}

int main() {
  config_reloader_replaces_the_settings_while_a_request_copies_them();
  metrics_exporter_copies_counters_while_workers_increment_them();
  router_fans_its_table_out_by_value_while_a_refresher_updates_it();
  cache_hands_a_snapshot_to_a_pool_task_while_another_fills_it();
  session_manager_copies_its_sessions_while_a_reaper_erases();
  feature_flags_published_by_value_while_a_poller_updates_them();
  request_thread_copies_routes_an_admin_thread_edits_under_a_lock();
}
