// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17 -I%S/Inputs

// Fix-it for iterator loops of the exact shape
//   for (auto it = C.begin(); it != C.end(); ++it) { if (p) C.erase(it); }
//   while (it != C.end()) { if (p) C.erase(it); ++it; }
// when erase(iterator) returns an iterator: the increment moves into an else
// branch and the erase result is assigned back to the iterator. It applies to
// std::multimap and to non-std containers whose erase(iterator) returns an
// iterator (boost::container::flat_map, tsl::robin_map). In the while shape the
// '++it;' statement must be gone; a removed line and a blank one both pass.

#include "boost/container/flat_map.hpp"
#include "tsl/robin_map.h"

#include <map>
#include <set>
#include <string>
#include <unordered_map>

struct Session {
  bool expired;
  int owner;
};

void fix_for_loop_erase_over_map(std::map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it) {
    if (it->second.expired) sessions.erase(it);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:29: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-5]]:60: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = sessions.begin(); it != sessions.end(); ) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->second.expired) it = sessions.erase(it); else ++it;{{$}}
}

void fix_for_loop_erase_over_unordered_map(std::unordered_map<std::string, int>& refcounts) {
  for (auto it = refcounts.begin(); it != refcounts.end(); ++it) {
    if (it->second == 0 && it->first.size() > 1) refcounts.erase(it);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:50: warning: erasing from 'refcounts' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'refcounts' starts here
  // CHECK-MESSAGES: :[[@LINE-5]]:62: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = refcounts.begin(); it != refcounts.end(); ) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->second == 0 && it->first.size() > 1) it = refcounts.erase(it); else ++it;{{$}}
}

void fix_for_loop_erase_over_set(std::set<std::string>& names) {
  for (auto it = names.begin(); it != names.end(); ++it) {
    if (it->empty()) names.erase(it);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:22: warning: erasing from 'names' inside a loop over it: std::set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'names' starts here
  // CHECK-MESSAGES: :[[@LINE-5]]:54: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = names.begin(); it != names.end(); ) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->empty()) it = names.erase(it); else ++it;{{$}}
}

void fix_for_loop_erase_over_multimap(std::multimap<int, Session>& by_owner) {
  for (auto it = by_owner.begin(); it != by_owner.end(); ++it) {
    if (it->second.expired) by_owner.erase(it);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:29: warning: erasing from 'by_owner' inside a loop over it: std::multimap invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'by_owner' starts here
  // CHECK-MESSAGES: :[[@LINE-5]]:60: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = by_owner.begin(); it != by_owner.end(); ) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->second.expired) it = by_owner.erase(it); else ++it;{{$}}
}

void fix_while_loop_erase_over_map(std::map<int, Session>& sessions) {
  auto it = sessions.begin();
  while (it != sessions.end()) {
    if (it->second.expired) sessions.erase(it);
    ++it;
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:29: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  while (it != sessions.end()) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->second.expired) it = sessions.erase(it); else ++it;{{$}}
  // CHECK-FIXES-NOT: {{^ *\+\+it;$}}
}

void fix_while_loop_erase_over_unordered_map(std::unordered_map<int, Session>& conns) {
  auto it = conns.begin();
  while (it != conns.end()) {
    if (it->second.owner < 0) conns.erase(it);
    ++it;
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:31: warning: erasing from 'conns' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'conns' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  while (it != conns.end()) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->second.owner < 0) it = conns.erase(it); else ++it;{{$}}
  // CHECK-FIXES-NOT: {{^ *\+\+it;$}}
}

void fix_for_loop_erase_over_boost_flat_map(boost::container::flat_map<int, int>& prices) {
  for (auto it = prices.begin(); it != prices.end(); ++it) {
    if (it->second <= 0) prices.erase(it);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:26: warning: erasing from 'prices' inside a loop over it: boost::container::flat_map erase invalidates every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'prices' starts here
  // CHECK-MESSAGES: :[[@LINE-5]]:56: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = prices.begin(); it != prices.end(); ) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->second <= 0) it = prices.erase(it); else ++it;{{$}}
}

void fix_for_loop_erase_over_tsl_robin_map(tsl::robin_map<int, int>& slots) {
  for (auto it = slots.begin(); it != slots.end(); ++it) {
    if (it->second < 0) slots.erase(it);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:25: warning: erasing from 'slots' inside a loop over it: tsl::robin_map erase invalidates every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'slots' starts here
  // CHECK-MESSAGES: :[[@LINE-5]]:54: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = slots.begin(); it != slots.end(); ) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->second < 0) it = slots.erase(it); else ++it;{{$}}
}

// ---- not flagged: already the fixed form ----

void already_fixed_for_loop(std::map<int, Session>& live_sessions) {
  for (auto it = live_sessions.begin(); it != live_sessions.end(); ) {
    if (it->second.expired) it = live_sessions.erase(it); else ++it;
  }
}

void already_fixed_while_loop(std::unordered_map<int, Session>& open_conns) {
  auto it = open_conns.begin();
  while (it != open_conns.end()) {
    if (it->second.owner < 0) it = open_conns.erase(it); else ++it;
  }
}
