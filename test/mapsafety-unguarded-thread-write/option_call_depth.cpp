// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -config="{CheckOptions: [{key: mapsafety-unguarded-thread-write.CallDepth, value: 1}]}" -- -std=c++17

// CallDepth = 1: calls are followed one level from the thread's callable and
// from the launcher; an access two calls deep is not seen (the default, 3, is
// exercised in call_following_races.cpp).

#include <map>
#include <string>
#include <thread>

std::map<int, int> g_table;

static void write_one(int k) { g_table[k] = k; }
// CHECK-MESSAGES: :[[@LINE-1]]:32: warning: write to shared map 'g_table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
// CHECK-MESSAGES: :[[@LINE+6]]:22: note: reached through this call
// CHECK-MESSAGES: :[[@LINE+5]]:15: note: thread started here
// CHECK-MESSAGES: :[[@LINE+5]]:3: note: conflicting write of 'g_table' here, with no lock held
// CHECK-MESSAGES: :[[@LINE-7]]:20: note: 'g_table' declared here

void one_call_deep_is_followed() {
  std::thread t([] { write_one(1); });
  g_table.erase(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'g_table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:22: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE-13]]:32: note: conflicting write of 'g_table' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-16]]:20: note: 'g_table' declared here
  t.join();
}

std::map<std::string, int> g_names;

static void write_name(const std::string &n) { g_names[n] = 1; }
static void forward_name(const std::string &n) { write_name(n); }

void two_calls_deep_is_beyond_the_depth() {
  std::thread t([] { forward_name("a"); });
  g_names.erase("b");
  t.join();
}

std::map<int, int> g_counts;

static void bump(int k) { g_counts[k]++; }
static void bump_twice(int k) {
  bump(k);
  bump(k + 1);
}

void other_side_two_calls_deep_is_not_seen() {
  std::thread t([] { g_counts.clear(); });
  bump_twice(1);
  t.join();
}
