// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// The access is not in the thread's callable itself but in what it calls
// (functions defined in this file, up to CallDepth = 3 calls deep), and the
// other side may reach its access through calls too. Each call on the way is a
// note: "reached through this call" on the warned side, "the other access is
// reached through this call" on the other side. A helper that accesses a map
// it is handed by reference is not blamed itself: the access is the call's
// that hands the map over (callee_effects_races.cpp).

#include <map>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

class Crawler {
public:
  void crawl_while_resetting() {
    std::thread t(&Crawler::run, this);
    visited_.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'visited_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:17: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:17: note: 'visited_' is shared with it through 'this', which the thread runs on
    // CHECK-MESSAGES: :[[@LINE+8]]:16: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE+8]]:40: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE+8]]:43: note: conflicting write of 'visited_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+15]]:41: note: 'visited_' declared here
    t.join();
  }

private:
  void run() { fetch("https://example.org/"); }
  void fetch(const std::string &url) { remember(url); }
  void remember(const std::string &url) { visited_[url] = true; }
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: write to shared map 'visited_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-4]]:16: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE-4]]:40: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE-19]]:17: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-20]]:17: note: 'visited_' is shared with it through 'this', which the thread runs on
  // CHECK-MESSAGES: :[[@LINE-20]]:5: note: conflicting write of 'visited_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+1]]:41: note: 'visited_' declared here
  std::unordered_map<std::string, bool> visited_{{"seed", true}};
};

void two_calls_deep_through_member_functions() { Crawler().crawl_while_resetting(); }

std::map<int, int> g_pipeline{{0, 0}};

static void stage_three(int item) { g_pipeline[item] = item; }
// CHECK-MESSAGES: :[[@LINE-1]]:37: warning: write to shared map 'g_pipeline' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
// CHECK-MESSAGES: :[[@LINE+10]]:22: note: reached through this call
// CHECK-MESSAGES: :[[@LINE+6]]:35: note: reached through this call
// CHECK-MESSAGES: :[[@LINE+4]]:35: note: reached through this call
// CHECK-MESSAGES: :[[@LINE+7]]:15: note: thread started here
// CHECK-MESSAGES: :[[@LINE+7]]:3: note: conflicting write of 'g_pipeline' here, with no lock held
// CHECK-MESSAGES: :[[@LINE-9]]:20: note: 'g_pipeline' declared here
static void stage_two(int item) { stage_three(item + 1); }
static void stage_one(int item) { stage_two(item + 1); }

void three_calls_deep_the_default_call_depth() {
  std::thread t([] { stage_one(1); });
  g_pipeline.erase(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'g_pipeline' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:22: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE-8]]:35: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE-10]]:35: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE-19]]:37: note: conflicting write of 'g_pipeline' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-22]]:20: note: 'g_pipeline' declared here
  t.join();
}

static std::size_t summarize(const std::unordered_map<int, int> &table) { return table.size(); }
static void report(const std::unordered_map<int, int> &table) { consume(summarize(table)); }

void other_access_reached_through_two_calls() {
  std::unordered_map<int, int> load;
  std::thread t([&load] { load[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: write to shared map 'load' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'load' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+4]]:3: note: conflicting read of 'load' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-9]]:73: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE-11]]:82: note: 'load' is read here through parameter 'table'
  // CHECK-MESSAGES: :[[@LINE-8]]:32: note: 'load' declared here
  report(load);
  t.join();
}

// The helper writes the map it is handed: the write is the call's.
static void add_defaults(std::map<std::string, int> &table) { table["timeout"] = 30; }

void helper_receives_the_captured_map_by_reference() {
  std::map<std::string, int> settings;
  std::thread t([&settings] { add_defaults(settings); });
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: write to shared map 'settings' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:63: note: 'settings' is written here through parameter 'table'
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'settings' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'settings' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:30: note: 'settings' declared here
  settings["retries"] = 3;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'settings' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-9]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-10]]:18: note: 'settings' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-11]]:31: note: conflicting write of 'settings' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-16]]:63: note: 'settings' is written here through parameter 'table'
  // CHECK-MESSAGES: :[[@LINE-14]]:30: note: 'settings' declared here
  t.join();
}

class Registry {
public:
  void add(const std::string &name) { items_[name] = 1; }
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: write to shared map 'items_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+21]]:26: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+20]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+19]]:18: note: 'items_' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+19]]:3: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE+2]]:42: note: conflicting write of 'items_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+11]]:30: note: 'items_' declared here
  void remove(const std::string &name) { items_.erase(name); }
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: write to shared map 'items_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+14]]:3: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+12]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+11]]:18: note: 'items_' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+10]]:26: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE-14]]:39: note: conflicting write of 'items_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+3]]:30: note: 'items_' declared here

private:
  std::map<std::string, int> items_{{"old", 0}};
};

void member_calls_on_a_captured_object() {
  Registry reg;
  std::thread t([&reg] { reg.add("new"); });
  reg.remove("old");
  t.join();
}

static void index_word(std::unordered_map<std::string, int> &index, const std::string &word) {
  index[word]++;
}

// The thread's callable hands its parameter on: the write is that call's.
static void ingest(std::unordered_map<std::string, int> &index) { index_word(index, "hello"); }
// CHECK-MESSAGES: :[[@LINE-1]]:67: warning: write to shared map 'index' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
// CHECK-MESSAGES: :[[@LINE-6]]:3: note: 'index' is written here through parameter 'index'
// CHECK-MESSAGES: :[[@LINE+7]]:15: note: thread started here
// CHECK-MESSAGES: :[[@LINE+6]]:25: note: 'words' is shared with it by reference through this argument
// CHECK-MESSAGES: :[[@LINE+7]]:3: note: conflicting iteration of 'words' here, with no lock held
// CHECK-MESSAGES: :[[@LINE+3]]:40: note: 'words' declared here

void function_entry_calls_a_helper_with_its_std_ref_argument() {
  std::unordered_map<std::string, int> words{{"a", 1}};
  std::thread t(ingest, std::ref(words));
  std::size_t total = 0;
  for (const auto &kv : words)
    total += kv.second;
  consume(total);
  t.join();
}

int main() {
  two_calls_deep_through_member_functions();
  three_calls_deep_the_default_call_depth();
  other_access_reached_through_two_calls();
  helper_receives_the_captured_map_by_reference();
  member_calls_on_a_captured_object();
  function_entry_calls_a_helper_with_its_std_ref_argument();
}
