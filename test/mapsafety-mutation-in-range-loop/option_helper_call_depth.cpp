// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -config="{CheckOptions: [{key: mapsafety-mutation-in-range-loop.HelperCallDepth, value: 1}]}" -- -std=c++17

// HelperCallDepth=1: only helpers called directly from the loop body are
// read; a mutation two calls down is not seen.

#include <map>

static void forget(std::map<int, int>& m, int k) { m.erase(k); }
static void expire(std::map<int, int>& m, int k) { forget(m, k); }

void one_level_is_followed(std::map<int, int>& ttl) {
  for (auto& [k, v] : ttl)
    if (v == 0) forget(ttl, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: erasing from 'ttl' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-7]]:52: note: 'forget' mutates 'm' here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'ttl' starts here
}

void two_levels_are_not(std::map<int, int>& ttl) {
  for (auto& [k, v] : ttl)
    if (v == 0) expire(ttl, k);
}
