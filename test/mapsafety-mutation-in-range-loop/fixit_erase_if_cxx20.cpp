// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++20

// C++20 fix-it for std containers: a range-for whose body is exactly an 'if'
// whose only statement erases the current key (braces allowed) becomes
//   std::erase_if(C, [&](DECL) { return PRED; });
// Structured bindings are re-declared from a parameter named 'elem_'.

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

struct Session {
  bool expired;
  int owner;
};

void erase_if_fix_for_const_ref_pair_loop_variable(std::map<int, Session>& sessions) {
  for (const auto& kv : sessions)
    if (kv.second.expired) sessions.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-FIXES-NOT: {{^ *for \(|\.erase\(}}
  // CHECK-FIXES: {{^}}  std::erase_if(sessions, [&](const auto& kv) { return kv.second.expired; });{{$}}
}

void erase_if_fix_for_structured_binding_on_one_line(std::map<int, Session>& sessions) {
  for (auto& [k, v] : sessions) if (v.expired) sessions.erase(k);
  // CHECK-MESSAGES: :[[@LINE-1]]:48: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-FIXES-NOT: {{^ *for \(|\.erase\(}}
  // CHECK-FIXES: {{^}}  std::erase_if(sessions, [&](auto& elem_) { auto& [k, v] = elem_; return v.expired; });{{$}}
}

void erase_if_fix_with_braces_around_if_and_erase(std::map<std::string, int>& refcounts) {
  for (auto& kv : refcounts) {
    if (kv.second == 0) {
      refcounts.erase(kv.first);
    }
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:7: warning: erasing from 'refcounts' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: loop iterating over 'refcounts' starts here
  // CHECK-FIXES-NOT: {{^ *for \(|\.erase\(}}
  // CHECK-FIXES: {{^}}  std::erase_if(refcounts, [&](auto& kv) { return kv.second == 0; });{{$}}
}

void erase_if_fix_with_braces_around_loop_body_only(std::unordered_map<int, int>& hits) {
  for (auto& kv : hits) {
    if (kv.second < 2) hits.erase(kv.first);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:24: warning: erasing from 'hits' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'hits' starts here
  // CHECK-FIXES-NOT: {{^ *for \(|\.erase\(}}
  // CHECK-FIXES: {{^}}  std::erase_if(hits, [&](auto& kv) { return kv.second < 2; });{{$}}
}

void erase_if_fix_for_set_with_value_loop_variable(std::set<int>& fds) {
  for (int fd : fds)
    if (fd < 0) fds.erase(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: erasing from 'fds' inside a loop over it: std::set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'fds' starts here
  // CHECK-FIXES-NOT: {{^ *for \(|\.erase\(}}
  // CHECK-FIXES: {{^}}  std::erase_if(fds, [&](int fd) { return fd < 0; });{{$}}
}

void erase_if_fix_for_const_structured_binding_over_unordered_map(
    std::unordered_map<std::string, Session>& by_name) {
  for (const auto& [name, s] : by_name)
    if (s.expired) by_name.erase(name);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: erasing from 'by_name' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'by_name' starts here
  // CHECK-FIXES-NOT: {{^ *for \(|\.erase\(}}
  // CHECK-FIXES: {{^}}  std::erase_if(by_name, [&](const auto& elem_) { const auto& [name, s] = elem_; return s.expired; });{{$}}
}

void erase_if_fix_keeps_compound_predicate_text(std::map<int, Session>& sessions, int owner) {
  for (auto& [id, s] : sessions)
    if (s.owner == owner && (s.expired || id < 0)) sessions.erase(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:52: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-FIXES-NOT: {{^ *for \(|\.erase\(}}
  // CHECK-FIXES: {{^}}  std::erase_if(sessions, [&](auto& elem_) { auto& [id, s] = elem_; return s.owner == owner && (s.expired || id < 0); });{{$}}
}

void erase_if_fix_for_unordered_set_of_strings(std::unordered_set<std::string>& names) {
  for (const std::string& name : names)
    if (name.empty()) names.erase(name);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: erasing from 'names' inside a loop over it: std::unordered_set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'names' starts here
  // CHECK-FIXES-NOT: {{^ *for \(|\.erase\(}}
  // CHECK-FIXES: {{^}}  std::erase_if(names, [&](const std::string& name) { return name.empty(); });{{$}}
}

class SessionStore {
public:
  void erase_if_fix_for_member_container() {
    for (auto& [id, s] : sessions_)
      if (s.expired) sessions_.erase(id);
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: erasing from 'sessions_' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'sessions_' starts here
    // CHECK-FIXES-NOT: {{^ *for \(|\.erase\(}}
    // CHECK-FIXES: {{^}}    std::erase_if(sessions_, [&](auto& elem_) { auto& [id, s] = elem_; return s.expired; });{{$}}
  }

private:
  std::map<int, Session> sessions_;
};

// CHECK-FIXES-NOT: {{^ *for \(|\.erase\(}}
// CHECK-FIXES: {{^}}// ---- not flagged ----{{$}}
// ---- not flagged ----

void std_erase_if_outside_any_loop(std::map<int, Session>& sessions) {
  std::erase_if(sessions, [](const auto& kv) { return kv.second.expired; });
}

int std_erase_if_after_read_only_loop(std::unordered_map<int, Session>& sessions, int owner) {
  int owned = 0;
  for (const auto& kv : sessions)
    owned += kv.second.owner == owner ? 1 : 0;
  std::erase_if(sessions, [owner](const auto& kv) { return kv.second.owner == owner; });
  return owned;
}
