// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -config="{CheckOptions: [{key: mapsafety-mutation-in-range-loop.ReportEraseOfUnrelatedKey, value: true}]}" -- -std=c++17
// ReportEraseOfUnrelatedKey is on: some cases here erase a key that may be another loop's current one (the default, off, is in option_report_erase_of_unrelated_key_off.cpp).
// Range-for loops: any erase form (key, iterator, range) or extract on the
// iterated container is flagged unless every path after it leaves the loop.

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

struct Session {
  bool expired;
  int owner;
};

void erase_by_key_in_range_for_over_map(std::map<int, Session>& sessions) {
  for (const auto& kv : sessions) {
    if (kv.second.expired)
      sessions.erase(kv.first);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
  }
}

void erase_by_structured_binding_key_in_range_for_over_unordered_map(
    std::unordered_map<std::string, Session>& sessions) {
  for (auto& [id, s] : sessions)
    if (s.expired) sessions.erase(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: erasing from 'sessions' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void erase_by_iterator_from_find_in_range_for(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) sessions.erase(sessions.find(kv.first));
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void erase_range_before_checkpoint_in_range_for(std::map<long, bool>& journal) {
  for (auto& [seq, is_checkpoint] : journal)
    if (is_checkpoint) journal.erase(journal.begin(), journal.find(seq));
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: erasing from 'journal' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'journal' starts here
}

void erase_other_key_in_range_for_over_map(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) sessions.erase(kv.second.owner);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void erase_value_in_range_for_over_set(std::set<int>& open_fds) {
  for (int fd : open_fds)
    if (fd < 0) open_fds.erase(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: erasing from 'open_fds' inside a loop over it: std::set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'open_fds' starts here
}

void erase_value_in_range_for_over_unordered_set(std::unordered_set<std::string>& names) {
  for (const std::string& name : names)
    if (name.empty()) names.erase(name);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: erasing from 'names' inside a loop over it: std::unordered_set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'names' starts here
}

void erase_by_key_in_range_for_over_multimap(std::multimap<int, std::string>& by_priority) {
  for (auto& [prio, task] : by_priority)
    if (task.empty()) by_priority.erase(prio);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: erasing from 'by_priority' inside a loop over it: std::multimap invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'by_priority' starts here
}

void erase_value_in_range_for_over_multiset(std::multiset<int>& scores) {
  for (int score : scores)
    if (score < 0) scores.erase(score);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: erasing from 'scores' inside a loop over it: std::multiset invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'scores' starts here
}

void extract_node_into_other_map_in_range_for(std::map<int, Session>& pending,
                                              std::map<int, Session>& done) {
  for (auto& kv : pending)
    if (kv.second.expired) done.insert(pending.extract(kv.first));
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: extracting from 'pending' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'pending' starts here
}

void erase_after_continue_guard_in_range_for(std::map<int, Session>& sessions) {
  for (auto& kv : sessions) {
    if (!kv.second.expired)
      continue;
    sessions.erase(kv.first);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'sessions' starts here
  }
}

void erase_in_else_branch_in_range_for(std::unordered_map<int, Session>& sessions,
                                       int& alive) {
  for (auto& kv : sessions) {
    if (!kv.second.expired)
      ++alive;
    else
      sessions.erase(kv.first);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'sessions' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-6]]:3: note: loop iterating over 'sessions' starts here
  }
}
