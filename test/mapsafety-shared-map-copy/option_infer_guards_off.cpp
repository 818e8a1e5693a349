// RUN: %check_mapsafety %s mapsafety-shared-map-copy -config="{CheckOptions: [{key: mapsafety-shared-map-copy.InferGuards, value: false}]}" -- -std=c++17

// InferGuards = false (shared with mapsafety-unguarded-thread-write): a copy
// of a map whose writes hold a mutex elsewhere is no longer reported on that
// evidence alone (inferred_guards.cpp has the same shapes with the default,
// true); a copy racing with a thread started in this file still is.
// No %tsan_run: the thread race is the one of copy_kinds_races.cpp.

#include <map>
#include <mutex>
#include <string>
#include <thread>

class SettingsStore {
public:
  void set(const std::string &key, const std::string &value) {
    std::lock_guard<std::mutex> lock(mu_);
    settings_[key] = value;
  }
  std::map<std::string, std::string> all_without_lock() const { return settings_; }
  std::size_t snapshot_without_lock() const {
    auto copy = settings_;
    return copy.size();
  }

private:
  mutable std::mutex mu_;
  std::map<std::string, std::string> settings_;
};

static std::map<std::string, int> g_routes;
static std::mutex g_routes_mu;

void add_route(const std::string &path, int handler) {
  std::lock_guard<std::mutex> lock(g_routes_mu);
  g_routes[path] = handler;
}

std::map<std::string, int> routes_without_lock() { return g_routes; }

std::size_t thread_race_still_reported() {
  std::map<int, int> hits{{0, 0}};
  std::thread t([&hits] { hits[1] = 2; });
  auto snapshot = hits;
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: copy of shared map 'hits' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'hits' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:27: note: conflicting write of 'hits' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:22: note: 'hits' declared here
  t.join();
  return snapshot.size();
}
