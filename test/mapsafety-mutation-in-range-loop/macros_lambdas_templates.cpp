// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++20

// Loops and mutations written through macros are reported with readable names
// and never rewritten; loops inside lambdas are analysed like any other body;
// a template shared by several container types is reported per type and never
// rewritten (the rewrite would have to be right for every instantiation).

#include <map>
#include <unordered_map>

#define FOR_EACH_SESSION(var, table) for (auto &var : table)
#define DROP(table, key) (table).erase(key)

void erase_inside_macro_loop(std::map<int, int>& sessions) {
  FOR_EACH_SESSION(kv, sessions)
    if (kv.second == 0) sessions.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :11:38: note: expanded from macro 'FOR_EACH_SESSION'
}
// CHECK-FIXES: {{^}}  FOR_EACH_SESSION(kv, sessions){{$}}
// CHECK-FIXES-NEXT: {{^}}    if (kv.second == 0) sessions.erase(kv.first);{{$}}

void erase_through_macro(std::map<int, int>& sessions) {
  for (auto& kv : sessions)
    if (kv.second == 1) DROP(sessions, kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :12:26: note: expanded from macro 'DROP'
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
}
// CHECK-FIXES: {{^}}  for (auto& kv : sessions){{$}}
// CHECK-FIXES-NEXT: {{^}}    if (kv.second == 1) DROP(sessions, kv.first);{{$}}

void loop_inside_lambda(std::map<int, int>& sessions) {
  auto sweep = [&] {
    for (auto& kv : sessions) if (kv.second == 2) sessions.erase(kv.first);
    // CHECK-MESSAGES: :[[@LINE-1]]:51: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: loop iterating over 'sessions' starts here
  };
  sweep();
}

template <class Map> void sweep_any(Map& m) {
  for (auto& kv : m) if (kv.second) m.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: erasing from 'm' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: loop iterating over 'm' starts here
  // CHECK-MESSAGES: :[[@LINE-3]]:37: warning: erasing from 'm' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'm' starts here
}
// CHECK-FIXES: {{^}}  for (auto& kv : m) if (kv.second) m.erase(kv.first);{{$}}
template void sweep_any(std::map<int, int>&);
template void sweep_any(std::unordered_map<int, int>&);

// ---- not flagged ----

// A template that is never instantiated: the container type is unknown.
template <class Map> void never_instantiated(Map& m) {
  for (auto& kv : m) m.erase(kv.first);
}

// A generic lambda that is never called.
void generic_lambda_never_called() {
  auto drop_all = [](auto& m) { for (auto& kv : m) m.erase(kv.first); };
  (void)drop_all;
}
