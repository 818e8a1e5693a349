// RUN: %check_mapsafety %s mapsafety-shared-map-copy -config="{CheckOptions: [{key: mapsafety-shared-map-copy.CallDepth, value: 1}]}" -- -std=c++17

// CallDepth = 1 (shared with mapsafety-unguarded-thread-write): calls are
// followed one level from the thread's callable and from the launcher; a copy
// two calls deep is not seen (the default, 3, is exercised in
// call_hops_races.cpp).
// No %tsan_run: the races are those of call_hops_races.cpp.

#include <map>
#include <thread>

std::map<int, int> g_one{{0, 0}};
std::map<int, int> g_two{{0, 0}};

static std::size_t copy_one() {
  auto copy = g_one;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: copy of shared map 'g_one' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE+9]]:34: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+8]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+8]]:3: note: conflicting write of 'g_one' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-9]]:20: note: 'g_one' declared here
  return copy.size();
}
static void consume_one(std::size_t) {}

void one_call_deep_is_followed() {
  std::thread t([] { consume_one(copy_one()); });
  g_one[1] = 1;
  t.join();
}

static std::size_t copy_two() {
  auto copy = g_two;
  return copy.size();
}
static std::size_t helper() { return copy_two(); }

void two_calls_deep_is_beyond_the_depth() {
  std::thread t([] { consume_one(helper()); });
  g_two[1] = 1;
  t.join();
}
