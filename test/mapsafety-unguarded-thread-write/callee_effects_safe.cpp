// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Helpers handed a map by reference or pointer, called correctly: every call
// holds the map's mutex, the helper takes the caller's mutex itself, the map
// handed over is the thread's own (a local, a by-value copy), or both sides
// only read. Nothing is reported but the positive control at the end (a
// helper called without the lock its other caller holds, reported at the call
// and not inside the helper), and ThreadSanitizer stays silent.

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

using Table = std::map<std::string, int>;

static void expire(Table &table) { table.erase("stale"); }
static std::size_t count_live(const Table &table) { return table.size(); }

class SessionStore {
public:
  void sweep_in_background() {
    std::thread sweeper([this] {
      std::lock_guard<std::mutex> lock(mu_);
      expire(sessions_);
    });
    {
      std::lock_guard<std::mutex> lock(mu_);
      consume(count_live(sessions_));
    }
    sweeper.join();
  }

private:
  std::mutex mu_;
  Table sessions_{{"stale", 1}, {"live", 2}};
};

void every_call_holds_the_mutex() { SessionStore().sweep_in_background(); }

static void add_route(std::unordered_map<int, int> *routes, std::mutex *mu, int port) {
  std::lock_guard<std::mutex> lock(*mu);
  routes->emplace(port, 1);
}

class Router {
public:
  void reload() {
    std::thread loader([this] { add_route(&routes_, &mu_, 8080); });
    add_route(&routes_, &mu_, 9090);
    loader.join();
  }

private:
  std::mutex mu_;
  std::unordered_map<int, int> routes_;
};

void the_helper_takes_the_callers_mutex() { Router().reload(); }

static void bump(Table &counters, const std::string &key) { counters[key] += 1; }
static Table with_defaults(Table table) {
  bump(table, "/default");
  return table;
}

void the_helper_is_handed_the_threads_own_map() {
  Table shared{{"/", 0}};
  std::thread worker([&shared] {
    Table mine;
    bump(mine, "/worker");
    consume(with_defaults(shared).size());
  });
  consume(shared.size());
  worker.join();
}

static std::size_t total_of(const Table &index) {
  std::size_t total = 0;
  for (const auto &kv : index)
    total += kv.second;
  return total;
}

class Indexer {
public:
  void report() {
    std::thread t([this] { consume(total_of(words_)); });
    consume(total_of(words_) + count_live(words_));
    t.join();
  }

private:
  Table words_{{"a", 1}};
};

void both_sides_only_read_through_helpers() { Indexer().report(); }

class Registry {
public:
  void add(const std::string &name) {
    std::lock_guard<std::mutex> lock(mu_);
    bump(items_, name);
  }
  void add_unlocked(const std::string &name) { bump(items_, name); }
  // CHECK-MESSAGES: :[[@LINE-1]]:48: warning: write to 'items_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-46]]:61: note: 'items_' is written here through parameter 'counters'
  // CHECK-MESSAGES: :[[@LINE-5]]:5: note: 'items_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+4]]:9: note: 'items_' declared here

private:
  std::mutex mu_;
  Table items_;
};

int main() {
  every_call_holds_the_mutex();
  the_helper_takes_the_callers_mutex();
  the_helper_is_handed_the_threads_own_map();
  both_sides_only_read_through_helpers();
  Registry().add("x");
}
