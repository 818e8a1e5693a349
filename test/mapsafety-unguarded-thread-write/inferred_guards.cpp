// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17

// Inferred guards: no thread is started in this file (real services start
// theirs in a framework, elsewhere), but a member or static map that is
// accessed under a mutex somewhere is shared, and that mutex is its guard.
// Writes that skip it are reported, and reads that skip it when some write
// holds it. Constructors and destructors, functions whose every caller holds
// the mutex, REQUIRES(mu) functions and NO_THREAD_SAFETY_ANALYSIS functions
// are not; GUARDED_BY(mu) names the guard directly.

#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "../Inputs/thread_annotations.h"

class SessionCache {
public:
  SessionCache() { entries_["bootstrap"] = 0; }
  ~SessionCache() { entries_.clear(); }

  void put(const std::string &key, int value) {
    std::lock_guard<std::mutex> lock(mu_);
    entries_[key] = value;
  }

  void evict_without_lock(const std::string &key) {
    entries_.erase(key);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'entries_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'entries_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+35]]:40: note: 'entries_' declared here
  }

  std::size_t size_without_lock() const {
    return entries_.size();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: read of 'entries_' without holding 'mu_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-13]]:5: note: 'entries_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+28]]:40: note: 'entries_' declared here
  }

  int sum_without_lock() const {
    int total = 0;
    for (const auto &kv : entries_)
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: iteration of 'entries_' without holding 'mu_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-21]]:5: note: 'entries_' is accessed holding 'mu_' here
      // CHECK-MESSAGES: :[[@LINE+20]]:40: note: 'entries_' declared here
      total += kv.second;
    return total;
  }

  void clear_through_this_without_lock() {
    this->entries_.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'this->entries_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-30]]:5: note: 'entries_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+11]]:40: note: 'entries_' declared here
  }

  int get_locked(const std::string &key) const {
    std::unique_lock<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    return it == entries_.end() ? -1 : it->second;
  }

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

void remove_route_without_lock(const std::string &path) {
  g_routes.erase(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to 'g_routes' without holding 'g_routes_mu', which guards it elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: 'g_routes' is accessed holding 'g_routes_mu' here
  // CHECK-MESSAGES: :[[@LINE-12]]:35: note: 'g_routes' declared here
}

class HandlerRegistry {
public:
  static void add(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    handlers_[id] = "handler";
  }
  static void reset_without_lock() {
    handlers_.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'handlers_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: 'handlers_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+5]]:37: note: 'handlers_' declared here
  }

private:
  static std::mutex mu_;
  static std::map<int, std::string> handlers_;
};

class Quotas {
public:
  void set(const std::string &user, int limit) {
    std::lock_guard<std::mutex> lock(mu_);
    store(user, limit);
  }
  // The helper is entered with the lock from set() and without it from here:
  // the finding is this call, with a note to the write in the helper.
  void set_without_lock(const std::string &user, int limit) { store(user, limit); }
  // CHECK-MESSAGES: :[[@LINE-1]]:63: warning: write to 'limits_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+5]]:52: note: 'limits_' is written here
  // CHECK-MESSAGES: :[[@LINE-7]]:5: note: 'limits_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+9]]:30: note: 'limits_' declared here

private:
  void store(const std::string &user, int limit) { limits_[user] = limit; }
  int limit(const std::string &user) const {
    std::lock_guard<std::mutex> lock(mu_);
    return limits_.count(user) ? limits_.at(user) : 0;
  }
  mutable std::mutex mu_;
  std::map<std::string, int> limits_;
};

class AnnotatedCounters {
public:
  void bump_without_lock(const std::string &name) {
    counts_[name]++;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'counts_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+5]]:31: note: 'counts_' declared here
  }

private:
  std::mutex mu_;
  std::map<std::string, long> counts_ GUARDED_BY(mu_);
};

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
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'table_' under a shared lock on 'mu_'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-7]]:15: note: 'table_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+5]]:22: note: 'table_' declared here
  }

private:
  mutable std::shared_mutex mu_;
  std::map<int, int> table_;
};

// ---- negatives ----------------------------------------------------------

class ConsistentlyLocked {
public:
  ConsistentlyLocked() { data_[0] = 0; }
  ~ConsistentlyLocked() { data_.clear(); }
  void put(int k) {
    std::lock_guard<std::mutex> lock(mu_);
    data_[k] = k;
  }
  std::size_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return data_.size();
  }

private:
  mutable std::mutex mu_;
  std::map<int, int> data_;
};

class CallersHoldTheLock {
public:
  void add(int k) {
    std::lock_guard<std::mutex> lock(mu_);
    insert_locked(k);
  }
  void add_many(int a, int b) {
    std::unique_lock<std::mutex> lock(mu_);
    insert_locked(a);
    insert_locked(b);
  }

private:
  void insert_locked(int k) { items_[k] = k; }
  std::mutex mu_;
  std::unordered_map<int, int> items_;
};

class RequiresAnnotation {
public:
  void add(int k) {
    std::lock_guard<std::mutex> lock(mu_);
    items_[k] = k;
  }
  void remove_locked(int k) REQUIRES(mu_) { items_.erase(k); }

private:
  std::mutex mu_;
  std::map<int, int> items_;
};

class OptedOutOfAnalysis {
public:
  void add(int k) {
    std::lock_guard<std::mutex> lock(mu_);
    items_[k] = k;
  }
  void reset_single_threaded() NO_THREAD_SAFETY_ANALYSIS { items_.clear(); }

private:
  std::mutex mu_;
  std::map<int, int> items_;
};

class ReadUnderLockOnlyNeverWrittenUnderIt {
public:
  ReadUnderLockOnlyNeverWrittenUnderIt() : names_{{1, "one"}} {}
  std::size_t locked_size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return names_.size();
  }
  std::size_t unlocked_count(int k) const { return names_.count(k); }

private:
  mutable std::mutex mu_;
  std::map<int, std::string> names_;
};

void local_map_locked_in_one_place_only(std::mutex &mu) {
  std::map<int, int> local;
  {
    std::lock_guard<std::mutex> lock(mu);
    local[1] = 1;
  }
  local.erase(1);
}

class GuardedByAndAlwaysLocked {
public:
  void put(int k) {
    std::lock_guard<std::mutex> lock(mu_);
    values_[k] = k;
  }
  int get(int k) {
    std::lock_guard<std::mutex> lock(mu_);
    return values_.count(k) ? values_[k] : 0;
  }

private:
  std::mutex mu_;
  std::map<int, int> values_ GUARDED_BY(mu_);
};
