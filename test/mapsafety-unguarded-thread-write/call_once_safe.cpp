// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s -- -DSAFE_ONLY

// std::call_once: the return of every call_once on a flag happens after the
// one execution of its callable that completed, so what follows a call_once
// on every path of a function is ordered after the callable's writes, and two
// callables given to call_once on the same flag never overlap. The callable
// is followed whatever its form: a lambda capturing `this` (and the method
// on `this` it calls), a method with its object and bound arguments, a free
// function with the map bound by std::ref or by pointer, on a static flag.
// The last case, not run as a program, is the positive control: a read that
// skips the call_once races with the callable's write.

#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "../Inputs/program.h"

class Registry {
public:
  std::size_t size() {
    std::call_once(once_, [this] { names_[1] = "first"; });
    return names_.size();
  }
  std::size_t find(int id) {
    std::call_once(once_, [this] { fill(); }); // another callable, the same flag
    return names_.count(id);
  }

private:
  void fill() { names_[2] = "second"; }
  std::once_flag once_;
  std::map<int, std::string> names_;
};

class Config {
public:
  int get(const std::string &key) {
    std::call_once(loaded_, &Config::load, this, 3);
    auto it = values_.find(key);
    return it == values_.end() ? 0 : it->second;
  }

private:
  void load(int n) {
    for (int i = 0; i < n; ++i)
      values_["k" + std::to_string(i)] = i;
  }
  std::once_flag loaded_;
  std::map<std::string, int> values_;
};

// Both branches pass the call_once before the read.
class Limits {
public:
  std::size_t forUser(bool premium) {
    if (premium) {
      std::call_once(once_, [this] { limits_["rps"] = 100; });
      return limits_.count("rps");
    }
    std::call_once(once_, [this] { limits_["rps"] = 100; });
    return limits_.size();
  }

private:
  std::once_flag once_;
  std::map<std::string, int> limits_;
};

std::map<int, int> g_defaults;
std::once_flag g_defaults_once;

void fillDefaults(std::map<int, int> &m, int n) { m[n] = n; }
void fillMore(std::map<int, int> *m) { (*m)[7] = 7; }

std::size_t defaults() {
  std::call_once(g_defaults_once, fillDefaults, std::ref(g_defaults), 1);
  std::call_once(g_defaults_once, fillMore, &g_defaults);
  return g_defaults.size();
}

#ifndef SAFE_ONLY
class Peekable {
public:
  std::size_t size() {
    std::call_once(once_, [this] { names_[1] = "first"; });
    // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: write to shared map 'names_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+33]]:31: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+31]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+30]]:18: note: 'names_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+29]]:69: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE+4]]:31: note: conflicting read of 'names_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+7]]:30: note: 'names_' declared here
    return names_.size();
  }
  std::size_t peek() { return names_.size(); }

private:
  std::once_flag once_;
  std::map<int, std::string> names_;
};
#endif

int main() {
  Registry registry;
  Config config;
  Limits limits;
  auto work = [&](bool premium) {
    consume(registry.size());
    consume(registry.find(2));
    consume(static_cast<std::size_t>(config.get("k1")));
    consume(limits.forUser(premium));
    consume(defaults());
  };
  std::thread a(work, true), b(work, false);
  a.join();
  b.join();
#ifndef SAFE_ONLY
  Peekable peekable;
  std::thread c([&] { consume(peekable.size()); }), d([&] { consume(peekable.peek()); });
  c.join();
  d.join();
#endif
}
