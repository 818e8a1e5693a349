// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s -- -DSAFE_ONLY

// One-time initialisation orders the reads that follow it after the writes
// that filled the map: double-checked initialisation with an atomic flag
// (an acquire or seq_cst load proves it set, a load under the mutex of the
// initialising writes too, and the writes happen before the release store),
// std::call_once, and a function-local static initialised by its
// initializer. The last case, not run as a program, is the positive control:
// a fast path with a relaxed load proves nothing.

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "../Inputs/program.h"

class Catalog {
public:
  std::size_t lookup(int id) {
    if (!ready_.load(std::memory_order_acquire)) {
      std::lock_guard<std::mutex> lock(mu_);
      if (!ready_.load(std::memory_order_relaxed)) {
        items_[1] = "one";
        items_[2] = "two";
        ready_.store(true, std::memory_order_release);
      }
    }
    return items_.count(id);
  }

private:
  std::map<int, std::string> items_;
  std::atomic<bool> ready_{false};
  std::mutex mu_;
};

// Seq_cst by default, a global flag, and an early return on the fast path.
std::map<std::string, int> g_limits;
std::atomic<bool> g_limits_loaded{false};
std::mutex g_limits_mu;

int limitFor(const std::string &key) {
  if (g_limits_loaded)
    return g_limits.count(key) ? g_limits.at(key) : 0;
  std::lock_guard<std::mutex> lock(g_limits_mu);
  if (!g_limits_loaded) {
    g_limits["rps"] = 100;
    g_limits_loaded = true;
  }
  return g_limits.count(key) ? g_limits.at(key) : 0;
}

class Registry {
public:
  std::size_t size() {
    std::call_once(once_, [this] { names_[1] = "first"; });
    return names_.size();
  }

private:
  std::once_flag once_;
  std::map<int, std::string> names_;
};

const std::map<int, std::string> &statusNames() {
  static const std::map<int, std::string> names = {{200, "OK"}, {404, "Not Found"}};
  return names;
}

std::size_t knownStatus(int code) { return statusNames().count(code); }

#ifndef SAFE_ONLY
class RelaxedCatalog {
public:
  std::size_t lookup(int id) {
    if (!ready_.load(std::memory_order_relaxed)) {
      std::lock_guard<std::mutex> lock(mu_);
      if (!ready_.load(std::memory_order_relaxed)) {
        items_[1] = "one";
        ready_.store(true, std::memory_order_release);
      }
    }
    return items_.count(id);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: read of 'items_' without holding 'mu_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-6]]:9: note: 'items_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+4]]:30: note: 'items_' declared here
  }

private:
  std::map<int, std::string> items_;
  std::atomic<bool> ready_{false};
  std::mutex mu_;
};
#endif

int main() {
  Catalog catalog;
  Registry registry;
  auto work = [&] {
    consume(catalog.lookup(1));
    consume(limitFor("rps"));
    consume(registry.size());
    consume(knownStatus(404));
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
}
