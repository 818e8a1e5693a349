// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -config="{CheckOptions: [{key: mapsafety-mutation-in-range-loop.ReportEraseOfUnrelatedKey, value: true}]}" -- -std=c++20 -I%S/Inputs
// ReportEraseOfUnrelatedKey is on: some cases here erase a key that may be another loop's current one (the default, off, is in option_report_erase_of_unrelated_key_off.cpp).
// Warnings without a fix-it: the loop does not have one of the exact shapes,
// the container is a multi-container or not a std container (std::erase_if),
// or erase(iterator) returns void (iterator loops). The fix checks below
// assert that the code is left untouched by --fix.

#include "absl/container/flat_hash_map.h"
#include "llvm/ADT/DenseMap.h"

#include <map>
#include <set>
#include <string>
#include <unordered_map>

struct Session {
  bool expired;
  int owner;
};

void log_expired(int id);

void no_erase_if_fix_for_multimap(std::multimap<int, Session>& by_owner) {
  for (auto& kv : by_owner)
    if (kv.second.expired) by_owner.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'by_owner' inside a loop over it: std::multimap invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'by_owner' starts here
  // CHECK-FIXES: {{^}}  for (auto& kv : by_owner){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (kv.second.expired) by_owner.erase(kv.first);{{$}}
}

void no_erase_if_fix_for_multiset(std::multiset<int>& scores) {
  for (int score : scores)
    if (score < 0) scores.erase(score);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: erasing from 'scores' inside a loop over it: std::multiset invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'scores' starts here
  // CHECK-FIXES: {{^}}  for (int score : scores){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (score < 0) scores.erase(score);{{$}}
}

void no_erase_if_fix_when_body_has_extra_statement(std::map<int, Session>& sessions) {
  for (auto& kv : sessions) {
    log_expired(kv.first);
    if (kv.second.expired) sessions.erase(kv.first);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-FIXES: {{^}}  for (auto& kv : sessions) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    log_expired(kv.first);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (kv.second.expired) sessions.erase(kv.first);{{$}}
}

void no_erase_if_fix_when_if_has_else(std::map<int, Session>& sessions, int& alive) {
  for (auto& kv : sessions)
    if (kv.second.expired) sessions.erase(kv.first); else ++alive;
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-FIXES: {{^}}  for (auto& kv : sessions){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (kv.second.expired) sessions.erase(kv.first); else ++alive;{{$}}
}

void no_erase_if_fix_when_erasing_another_key(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) sessions.erase(kv.second.owner);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-FIXES: {{^}}  for (auto& kv : sessions){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (kv.second.expired) sessions.erase(kv.second.owner);{{$}}
}

void no_erase_if_fix_when_erasing_by_iterator(std::unordered_map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) sessions.erase(sessions.find(kv.first));
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-FIXES: {{^}}  for (auto& kv : sessions){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (kv.second.expired) sessions.erase(sessions.find(kv.first));{{$}}
}

void no_erase_if_fix_without_if(std::set<std::string>& scratch) {
  for (const std::string& name : scratch)
    scratch.erase(name);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: erasing from 'scratch' inside a loop over it: std::set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'scratch' starts here
  // CHECK-FIXES: {{^}}  for (const std::string& name : scratch){{$}}
  // CHECK-FIXES-NEXT: {{^}}    scratch.erase(name);{{$}}
}

void no_erase_if_fix_for_absl_flat_hash_map(absl::flat_hash_map<int, int>& refs) {
  for (auto& [id, count] : refs)
    if (count == 0) refs.erase(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: erasing from 'refs' inside a loop over it: absl::flat_hash_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'refs' starts here
  // CHECK-FIXES: {{^}}  for (auto& [id, count] : refs){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (count == 0) refs.erase(id);{{$}}
}

void no_iterator_fix_when_erase_returns_void(absl::flat_hash_map<int, int>& refs) {
  for (auto it = refs.begin(); it != refs.end(); ++it) {
    if (it->second == 0) refs.erase(it);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:26: warning: erasing from 'refs' inside a loop over it: absl::flat_hash_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'refs' starts here
  // CHECK-MESSAGES: :[[@LINE-5]]:52: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = refs.begin(); it != refs.end(); ++it) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->second == 0) refs.erase(it);{{$}}
}

void no_iterator_fix_for_llvm_densemap(llvm::DenseMap<unsigned, int>& use_count) {
  for (auto it = use_count.begin(); it != use_count.end(); ++it) {
    if (it->second == 0) use_count.erase(it);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:26: warning: erasing from 'use_count' inside a loop over it: llvm::DenseMap invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'use_count' starts here
  // CHECK-MESSAGES: :[[@LINE-5]]:62: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = use_count.begin(); it != use_count.end(); ++it) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->second == 0) use_count.erase(it);{{$}}
}

void no_iterator_fix_when_body_has_extra_statement(std::map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it) {
    if (it->second.expired) sessions.erase(it);
    log_expired(it->first);
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:29: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:17: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = sessions.begin(); it != sessions.end(); ++it) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->second.expired) sessions.erase(it);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    log_expired(it->first);{{$}}
}

void no_iterator_fix_when_erase_is_unconditional(std::map<int, Session>& scratch) {
  for (auto it = scratch.begin(); it != scratch.end(); ++it) {
    scratch.erase(it);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: erasing from 'scratch' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'scratch' starts here
  // CHECK-MESSAGES: :[[@LINE-5]]:58: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = scratch.begin(); it != scratch.end(); ++it) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    scratch.erase(it);{{$}}
}
