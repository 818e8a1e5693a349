// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// What a helper does to a map it is handed by reference or pointer happens at
// the call that hands it over: the warning is at `expire(sessions_)`, naming
// the caller's map, with a note at the access inside the helper ("'sessions_'
// is written here through parameter 'table'"). A helper that writes its
// parameter is never blamed on its own (it cannot know which lock its callers
// use); each call that needs its own fix gets its own warning. The same holds
// for the other side of the race, for pointers, for a map inside an object
// passed on, and through several helpers, up to CallDepth calls.

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
    std::thread sweeper([this] { expire(sessions_); });
    // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: write to shared map 'sessions_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-8]]:36: note: 'sessions_' is written here through parameter 'table'
    // CHECK-MESSAGES: :[[@LINE-3]]:17: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:26: note: 'sessions_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE+3]]:13: note: conflicting read of 'sessions_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-11]]:60: note: 'sessions_' is read here through parameter 'table'
    // CHECK-MESSAGES: :[[@LINE+6]]:9: note: 'sessions_' declared here
    consume(count_live(sessions_));
    sweeper.join();
  }

private:
  Table sessions_{{"stale", 1}, {"live", 2}};
};

void helper_writes_what_the_thread_hands_it() { SessionStore().sweep_in_background(); }

static void add_route(std::unordered_map<int, int> *routes, int port) { routes->emplace(port, 1); }

class Router {
public:
  void reload() {
    Step added;
    std::thread loader([this, &added] {
      add_route(&routes_, 8080);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to shared map 'routes_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-9]]:73: note: 'routes_' is written here through parameter 'routes'
      // CHECK-MESSAGES: :[[@LINE-4]]:17: note: thread started here
      // CHECK-MESSAGES: :[[@LINE-5]]:25: note: 'routes_' is shared with it through 'this', captured here
      // CHECK-MESSAGES: :[[@LINE+5]]:13: note: conflicting read of 'routes_' here, with no lock held
      // CHECK-MESSAGES: :[[@LINE+9]]:32: note: 'routes_' declared here
      added.signal();
    });
    added.await();
    consume(routes_.count(80));
    loader.join();
  }

private:
  std::unordered_map<int, int> routes_{{80, 1}};
};

void helper_writes_through_a_pointer_parameter() { Router().reload(); }

static void bump(Table &counters, const std::string &key) { counters[key] += 1; }

void each_call_of_the_helper_is_its_own_finding() {
  Table hits;
  std::thread worker([&hits] { bump(hits, "/worker"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: write to shared map 'hits' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:61: note: 'hits' is written here through parameter 'counters'
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'hits' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'hits' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:9: note: 'hits' declared here
  bump(hits, "/main");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'hits' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-13]]:61: note: 'hits' is written here through parameter 'counters'
  // CHECK-MESSAGES: :[[@LINE-10]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-11]]:23: note: 'hits' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-12]]:32: note: conflicting write of 'hits' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-14]]:9: note: 'hits' declared here
  worker.join();
}

struct Config {
  std::map<int, std::string> names;
  int version = 0;
};

static void rename_all(Config &config) { config.names[1] = "one"; }

class ConfigService {
public:
  void refresh() {
    std::thread t([this] { rename_all(current_); });
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: write to shared map 'current_.names' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-7]]:42: note: 'current_.names' is written here through parameter 'config'
    // CHECK-MESSAGES: :[[@LINE-3]]:17: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:20: note: 'names' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE+3]]:5: note: conflicting iteration of 'current_.names' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-15]]:30: note: 'names' declared here
    std::size_t total = 0;
    for (const auto &entry : current_.names)
      total += entry.second.size();
    consume(total);
    t.join();
  }

private:
  Config current_;
};

void helper_writes_a_map_inside_the_object_it_is_given() { ConfigService().refresh(); }

static void index_word(Table &index, const std::string &word) { index[word] += 1; }
static void index_line(Table &index) { index_word(index, "hello"); }
static std::size_t total_of(const Table &index) {
  std::size_t total = 0;
  for (const auto &kv : index)
    total += kv.second;
  return total;
}

class Indexer {
public:
  void build() {
    std::thread t([this] { index_line(words_); });
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: write to shared map 'words_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-13]]:40: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE-15]]:65: note: 'words_' is written here through parameter 'index'
    // CHECK-MESSAGES: :[[@LINE-4]]:17: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:20: note: 'words_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE+3]]:13: note: conflicting iteration of 'words_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-15]]:3: note: 'words_' is iterated here through parameter 'index'
    // CHECK-MESSAGES: :[[@LINE+6]]:9: note: 'words_' declared here
    consume(total_of(words_));
    t.join();
  }

private:
  Table words_{{"a", 1}};
};

void the_map_is_passed_on_through_two_helpers() { Indexer().build(); }

int main() {
  helper_writes_what_the_thread_hands_it();
  helper_writes_through_a_pointer_parameter();
  each_call_of_the_helper_is_its_own_finding();
  helper_writes_a_map_inside_the_object_it_is_given();
  the_map_is_passed_on_through_two_helpers();
}
