// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// std::call_once orders what follows it after the one execution of its
// callable, on the same once_flag only. Its callable (a lambda, a method with
// its object, a function with bound arguments) is followed, and its writes
// race with accesses that do not go through that flag: an admin read that
// skips the call_once, a reload that writes outside it, a read after a
// call_once on another flag, a fast path that skips it on one branch. Steps
// let one thread initialise and the other go on without synchronising; the
// reads take size(), which the insertions write in instrumented code.

#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "../Inputs/program.h"

class RouteTable {
public:
  std::size_t resolve(const std::string &path) {
    std::call_once(loaded_, [this] { routes_["/"] = 1; });
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: write to shared map 'routes_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+125]]:13: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+122]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+121]]:23: note: 'routes_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+134]]:13: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE+4]]:31: note: conflicting read of 'routes_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+7]]:30: note: 'routes_' declared here
    return routes_.count(path);
  }
  std::size_t dump() { return routes_.size(); } // skips the call_once

private:
  std::once_flag loaded_;
  std::map<std::string, int> routes_;
};

class Config {
public:
  std::size_t get() {
    std::call_once(loaded_, &Config::load, this, 3);
    return values_.size();
  }
  void reload() { values_["reloaded"] = 1; } // outside the call_once
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: write to shared map 'values_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+116]]:5: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+111]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+110]]:22: note: 'values_' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+100]]:13: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE-8]]:12: note: conflicting read of 'values_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+16]]:30: note: 'values_' declared here

private:
  void load(int n) {
    for (int i = 0; i < n; ++i)
      values_["k" + std::to_string(i)] = i;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to shared map 'values_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE+91]]:13: note: reached through this call
      // CHECK-MESSAGES: :[[@LINE-18]]:5: note: reached through this call
      // CHECK-MESSAGES: :[[@LINE+86]]:15: note: thread started here
      // CHECK-MESSAGES: :[[@LINE+85]]:23: note: 'values_' is shared with it by the reference capture default here
      // CHECK-MESSAGES: :[[@LINE+100]]:5: note: the other access is reached through this call
      // CHECK-MESSAGES: :[[@LINE-19]]:19: note: conflicting write of 'values_' here, with no lock held
      // CHECK-MESSAGES: :[[@LINE+3]]:30: note: 'values_' declared here
  }
  std::once_flag loaded_;
  std::map<std::string, int> values_;
};

class Metrics {
public:
  void init() {
    std::call_once(initOnce_, [this] { counters_["requests"] = 0; });
    // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: write to shared map 'counters_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+76]]:5: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+69]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+68]]:23: note: 'counters_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+85]]:13: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE+5]]:12: note: conflicting read of 'counters_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+9]]:31: note: 'counters_' declared here
  }
  std::size_t report() {
    std::call_once(reportOnce_, [] {}); // another flag: orders nothing of init()
    return counters_.size();
  }

private:
  std::once_flag initOnce_, reportOnce_;
  std::map<std::string, long> counters_;
};

class Sessions {
public:
  std::size_t count(bool cached) {
    if (cached)
      return sessions_.size(); // this path skips the call_once
    std::call_once(once_, [this] { sessions_[0] = "anonymous"; });
    // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: write to shared map 'sessions_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+66]]:13: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+56]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+55]]:22: note: 'sessions_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+49]]:13: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-8]]:14: note: conflicting read of 'sessions_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+6]]:30: note: 'sessions_' declared here
    return sessions_.size();
  }

private:
  std::once_flag once_;
  std::map<int, std::string> sessions_;
};

std::map<int, int> g_defaults;
std::once_flag g_defaults_once;

void fillDefaults(std::map<int, int> &m, int n) { m[n] = n; }

std::size_t defaults() {
  std::call_once(g_defaults_once, fillDefaults, std::ref(g_defaults), 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'g_defaults' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+32]]:13: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE-6]]:51: note: 'g_defaults' is written here through parameter 'm'
  // CHECK-MESSAGES: :[[@LINE+21]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+42]]:5: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE+5]]:31: note: conflicting write of 'g_defaults' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-13]]:20: note: 'g_defaults' declared here
  return g_defaults.size();
}

void overrideDefault(int k) { g_defaults[k] = -1; } // outside the call_once
// CHECK-MESSAGES: :[[@LINE-1]]:31: warning: write to shared map 'g_defaults' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
// CHECK-MESSAGES: :[[@LINE+34]]:5: note: reached through this call
// CHECK-MESSAGES: :[[@LINE+23]]:15: note: thread started here
// CHECK-MESSAGES: :[[@LINE+19]]:13: note: the other access is reached through this call
// CHECK-MESSAGES: :[[@LINE-8]]:10: note: conflicting read of 'g_defaults' here, with no lock held
// CHECK-MESSAGES: :[[@LINE-23]]:20: note: 'g_defaults' declared here

int main() {
  RouteTable routes;
  Config config;
  Metrics metrics;
  Sessions sessions;
  Step first, second, third, fourth, fifth;
  std::thread server([&] {
    consume(routes.resolve("/"));
    first.signal();
    consume(config.get());
    second.signal();
    metrics.init();
    third.signal();
    consume(sessions.count(false));
    fourth.signal();
    consume(defaults());
    fifth.signal();
  });
  std::thread admin([&] {
    first.await();
    consume(routes.dump());
    second.await();
    config.reload();
    third.await();
    consume(metrics.report());
    fourth.await();
    consume(sessions.count(true));
    fifth.await();
    overrideDefault(2);
  });
  server.join();
  admin.join();
}
