// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17
// RUN: %tsan_run --expect=clean %s -- -DSAFE_ONLY

// Getters that return a reference to a map without holding a lock, where
// that is fine: every caller holds the map's mutex (a private helper of the
// locking methods), the map has no guard (one of its writes takes no lock),
// the map is const, or the getter returns a copy taken under the lock. The
// last case, not run as a program, is the positive control: a non-const
// reference returned under a shared lock, which ends at the return.

#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>

#include "../Inputs/program.h"

class Sessions {
public:
  void open(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    sessionsLocked()[id] = "open";
  }
  std::size_t count() {
    std::lock_guard<std::mutex> lock(mu_);
    return sessionsLocked().size();
  }
  std::map<int, std::string> snapshot() {
    std::lock_guard<std::mutex> lock(mu_);
    return sessions_;
  }

private:
  std::map<int, std::string> &sessionsLocked() { return sessions_; }
  std::mutex mu_;
  std::map<int, std::string> sessions_;
};

// Loaded before the threads start, without the lock: the mutex guards no map.
class Settings {
public:
  void load() { values_["threads"] = 4; }
  void set(const std::string &key, int value) {
    std::lock_guard<std::mutex> lock(mu_);
    values_[key] = value;
  }
  const std::map<std::string, int> &values() const { return values_; }

private:
  std::mutex mu_;
  std::map<std::string, int> values_;
};

class Codes {
public:
  const std::map<int, std::string> &names() const { return names_; }

private:
  const std::map<int, std::string> names_{{200, "OK"}};
};

#ifndef SAFE_ONLY
class Cache {
public:
  void put(int k, int v) {
    std::unique_lock<std::shared_mutex> lock(mu_);
    entries_[k] = v;
  }
  std::map<int, int> &view() {
    std::shared_lock<std::shared_mutex> lock(mu_);
    return entries_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference to 'entries_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:41: note: 'mu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+5]]:22: note: 'entries_' declared here
  }

private:
  std::shared_mutex mu_;
  std::map<int, int> entries_;
};
#endif

int main() {
  Sessions sessions;
  Settings settings;
  settings.load();
  Codes codes;
  std::thread a([&] {
    sessions.open(1);
    settings.set("threads", 8);
  });
  std::thread b([&] {
    sessions.open(2);
    consume(sessions.count() + sessions.snapshot().size() + codes.names().size());
  });
  a.join();
  b.join();
  consume(settings.values().size());
}
