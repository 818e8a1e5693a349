// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17

// Inferred guards: no thread is started in this file (real services start
// theirs in a framework, elsewhere), but a member or static map whose writes
// hold a mutex somewhere is shared, and that mutex is its guard. A copy that
// skips it (copy construction, copy assignment, return by value, pass by
// value, init-capture, a copy of the struct holding the map) is reported.
// GUARDED_BY(mu) names the guard; as for reads in the thread-write rule, a
// copy is reported when some write holds it (a map written nowhere in the
// TU races with nothing here). Copies under the guard, in constructors and
// destructors, in functions whose every caller holds the guard or annotated
// REQUIRES(mu), and copies of maps whose only locked accesses are reads, are
// not.
// No %tsan_run: there is no thread to race with in this file.

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "../Inputs/thread_annotations.h"

static std::size_t log_settings(std::map<std::string, std::string> settings) { return settings.size(); }

class SettingsStore {
public:
  SettingsStore() { defaults_ = settings_; }
  ~SettingsStore() { last_ = settings_; }

  void set(const std::string &key, const std::string &value) {
    std::lock_guard<std::mutex> lock(mu_);
    settings_[key] = value;
  }

  std::size_t snapshot_without_lock() const {
    std::map<std::string, std::string> copy = settings_;
    // CHECK-MESSAGES: :[[@LINE-1]]:47: warning: copy of 'settings_' without holding 'mu_', which guards its writes elsewhere [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'settings_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+46]]:38: note: 'settings_' declared here
    return copy.size();
  }

  std::map<std::string, std::string> all_without_lock() const {
    return settings_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: copy of 'settings_' without holding 'mu_', which guards its writes elsewhere [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-14]]:5: note: 'settings_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+38]]:38: note: 'settings_' declared here
  }

  void export_without_lock(std::map<std::string, std::string> &out) const {
    out = settings_;
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: copy of 'settings_' without holding 'mu_', which guards its writes elsewhere [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-21]]:5: note: 'settings_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+31]]:38: note: 'settings_' declared here
  }

  std::size_t log_without_lock() const {
    return log_settings(this->settings_);
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: copy of 'this->settings_' without holding 'mu_', which guards its writes elsewhere [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-28]]:5: note: 'settings_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+24]]:38: note: 'settings_' declared here
  }

  std::function<std::size_t()> callback_without_lock() const {
    return [copy = settings_] { return copy.size(); };
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: copy of 'settings_' without holding 'mu_', which guards its writes elsewhere [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-35]]:5: note: 'settings_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+17]]:38: note: 'settings_' declared here
  }

  std::map<std::string, std::string> snapshot_locked() const {
    std::lock_guard<std::mutex> lock(mu_);
    return settings_;
  }

  std::size_t copy_under_unique_lock() const {
    std::unique_lock<std::mutex> lock(mu_);
    auto copy = settings_;
    lock.unlock();
    return copy.size();
  }

private:
  mutable std::mutex mu_;
  std::map<std::string, std::string> settings_;
  std::map<std::string, std::string> defaults_;
  std::map<std::string, std::string> last_;
};

static std::unordered_map<std::string, int> g_routes;
static std::mutex g_routes_mu;

void add_route(const std::string &path, int handler) {
  std::lock_guard<std::mutex> lock(g_routes_mu);
  g_routes[path] = handler;
}

std::unordered_map<std::string, int> routes_without_lock() {
  auto routes = g_routes;
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: copy of 'g_routes' without holding 'g_routes_mu', which guards its writes elsewhere [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: 'g_routes' is accessed holding 'g_routes_mu' here
  // CHECK-MESSAGES: :[[@LINE-12]]:45: note: 'g_routes' declared here
  return routes;
}

class HandlerRegistry {
public:
  static void add(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    handlers_[id] = "handler";
  }
  static std::map<int, std::string> all_without_lock() { return handlers_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:65: warning: copy of 'handlers_' without holding 'mu_', which guards its writes elsewhere [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: 'handlers_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+4]]:37: note: 'handlers_' declared here

private:
  static std::mutex mu_;
  static std::map<int, std::string> handlers_;
};

struct Limits {
  std::map<std::string, int> per_user;
  int global = 1000;
};

class QuotaTable {
public:
  void set(const std::string &user, int limit) {
    std::lock_guard<std::mutex> lock(mu_);
    limits_.per_user[user] = limit;
  }
  Limits current_without_lock() const { return limits_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:48: warning: copy of 'limits_.per_user' without holding 'mu_', which guards its writes elsewhere [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: 'limits_.per_user' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE-13]]:30: note: 'per_user' declared here
  Limits current_locked() const {
    std::lock_guard<std::mutex> lock(mu_);
    return limits_;
  }

private:
  mutable std::mutex mu_;
  Limits limits_;
};

class AnnotatedCounters {
public:
  void bump(const std::string &name) REQUIRES(mu_) { counts_[name]++; }
  std::map<std::string, long> copy_without_lock() const { return counts_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:66: warning: copy of 'counts_' without holding 'mu_', which guards its writes elsewhere [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:54: note: 'counts_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+4]]:31: note: 'counts_' declared here

private:
  mutable std::mutex mu_;
  std::map<std::string, long> counts_ GUARDED_BY(mu_);
};

class AnnotatedButNeverWritten {
public:
  std::map<std::string, long> copy_without_lock() const { return limits_; }

private:
  mutable std::mutex mu_;
  std::map<std::string, long> limits_ GUARDED_BY(mu_);
};

class CallersHoldTheLock {
public:
  std::size_t export_all() {
    std::lock_guard<std::mutex> lock(mu_);
    return copy_locked().size();
  }
  void add(int key) {
    std::lock_guard<std::mutex> lock(mu_);
    table_[key] = key;
  }

private:
  std::map<int, int> copy_locked() const { return table_; }
  std::mutex mu_;
  std::map<int, int> table_;
};

class RequiresAnnotation {
public:
  void add(int key) {
    std::lock_guard<std::mutex> lock(mu_);
    table_[key] = key;
  }
  std::map<int, int> copy_locked() const REQUIRES(mu_) { return table_; }

private:
  mutable std::mutex mu_;
  std::map<int, int> table_;
};

class OnlyReadUnderTheLock {
public:
  std::size_t count_locked(int key) const {
    std::lock_guard<std::mutex> lock(mu_);
    return table_.count(key);
  }
  std::map<int, int> copy_without_lock() const { return table_; }

private:
  mutable std::mutex mu_;
  std::map<int, int> table_{{1, 1}};
};

class NoWriteHoldsTheLock {
public:
  void add_without_lock(int key) { table_[key] = key; }
  std::size_t count_locked(int key) const {
    std::lock_guard<std::mutex> lock(mu_);
    return table_.count(key);
  }
  std::map<int, int> copy_without_lock() const { return table_; }

private:
  mutable std::mutex mu_;
  std::map<int, int> table_;
};

class OptedOutOfAnalysis {
public:
  void add(int key) {
    std::lock_guard<std::mutex> lock(mu_);
    table_[key] = key;
  }
  std::map<int, int> copy_single_threaded() const NO_THREAD_SAFETY_ANALYSIS { return table_; }

private:
  mutable std::mutex mu_;
  std::map<int, int> table_;
};

std::size_t local_map_copied_without_a_lock() {
  std::mutex mu;
  std::map<int, int> local;
  {
    std::lock_guard<std::mutex> lock(mu);
    local[1] = 1;
  }
  auto copy = local;
  return copy.size();
}
