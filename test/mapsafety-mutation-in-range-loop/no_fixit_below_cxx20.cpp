// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// The std::erase_if fix-it needs C++20: below it, the same loops are
// reported but left untouched by --fix.

#include <map>
#include <set>
#include <string>
#include <unordered_map>

struct Session {
  bool expired;
  int owner;
};

void no_erase_if_fix_in_cxx17_for_map(std::map<int, Session>& sessions) {
  for (const auto& kv : sessions)
    if (kv.second.expired) sessions.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-FIXES: {{^}}  for (const auto& kv : sessions){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (kv.second.expired) sessions.erase(kv.first);{{$}}
}

void no_erase_if_fix_in_cxx17_for_structured_binding(std::unordered_map<std::string, Session>& by_name) {
  for (auto& [name, s] : by_name) if (s.expired) by_name.erase(name);
  // CHECK-MESSAGES: :[[@LINE-1]]:50: warning: erasing from 'by_name' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: loop iterating over 'by_name' starts here
  // CHECK-FIXES: {{^}}  for (auto& [name, s] : by_name) if (s.expired) by_name.erase(name);{{$}}
}

void no_erase_if_fix_in_cxx17_for_set(std::set<int>& fds) {
  for (int fd : fds) {
    if (fd < 0) {
      fds.erase(fd);
    }
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:7: warning: erasing from 'fds' inside a loop over it: std::set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: loop iterating over 'fds' starts here
  // CHECK-FIXES: {{^}}  for (int fd : fds) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (fd < 0) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}      fds.erase(fd);{{$}}
}

// ---- not flagged ----

void collect_then_erase_in_cxx17(std::map<int, Session>& sessions) {
  std::set<int> dead;
  for (const auto& kv : sessions)
    if (kv.second.expired) dead.insert(kv.first);
  for (int id : dead)
    sessions.erase(id);
}
