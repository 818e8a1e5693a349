// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Iterator loops: an erase is flagged when the loop's iterator variable is
// used afterwards (increment, dereference, comparison) without being
// reassigned. The third note points at that first later use, found along the
// control flow (the increment, the while condition after a 'continue', or
// 'it->first' right after the erase). A key derived from 'it' includes a local
// copy ('const int id = it->first; m.erase(id);').

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

struct Session {
  bool expired;
  int owner;
};

struct Conn {
  bool closed;
};

void log_expired(int id);

void erase_iterator_then_increment_in_for_loop(std::map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it) {
    if (it->second.expired)
      sessions.erase(it);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
    // CHECK-MESSAGES: :[[@LINE-5]]:60: note: invalidated iterator 'it' is used here
    // CHECK-FIXES: {{^}}  for (auto it = sessions.begin(); it != sessions.end(); ) {{[{]$}}
    // CHECK-FIXES-NEXT: {{^}}    if (it->second.expired){{$}}
    // CHECK-FIXES-NEXT: {{^}}      it = sessions.erase(it); else ++it;{{$}}
  }
}

void erase_iterator_then_increment_in_while_loop(std::unordered_map<int, Conn>& conns) {
  auto it = conns.begin();
  while (it != conns.end()) {
    if (it->second.closed) conns.erase(it);
    ++it;
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:28: warning: erasing from 'conns' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'conns' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  while (it != conns.end()) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->second.closed) it = conns.erase(it); else ++it;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  }{{$}}
}

void erase_current_key_through_iterator_in_for_loop(std::map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it)
    if (it->second.expired) sessions.erase(it->first);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:60: note: invalidated iterator 'it' is used here
}

void erase_then_read_erased_element_through_iterator(std::map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it) {
    if (it->second.expired) {
      sessions.erase(it);
      log_expired(it->first);
    }
  }
  // CHECK-MESSAGES: :[[@LINE-4]]:7: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-5]]:19: note: invalidated iterator 'it' is used here
}

void erase_then_continue_to_condition_in_while_loop(std::map<int, Session>& sessions) {
  auto it = sessions.begin();
  while (it != sessions.end()) {
    if (it->second.expired) {
      sessions.erase(it);
      continue;
    }
    ++it;
  }
  // CHECK-MESSAGES: :[[@LINE-5]]:7: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-9]]:10: note: invalidated iterator 'it' is used here
}

void erase_dereferenced_iterator_from_set(std::set<std::string>& names) {
  for (auto it = names.begin(); it != names.end(); ++it)
    if (it->empty()) names.erase(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: erasing from 'names' inside a loop over it: std::set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'names' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:54: note: invalidated iterator 'it' is used here
}

void erase_iterator_with_postfix_increment_in_header(std::map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); it++)
    if (it->second.expired) sessions.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:58: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = sessions.begin(); it != sessions.end(); ){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->second.expired) it = sessions.erase(it); else it++;{{$}}
}

void erase_key_copied_from_iterator(std::map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it) {
    const int id = it->first;
    if (it->second.expired) sessions.erase(id);
    // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
    // CHECK-MESSAGES: :[[@LINE-5]]:60: note: invalidated iterator 'it' is used here
  }
}

void extract_node_through_iterator_in_for_loop(std::map<int, Session>& live,
                                               std::map<int, Session>& archive) {
  for (auto it = live.begin(); it != live.end(); ++it) {
    if (it->second.expired) {
      auto node = live.extract(it);
      archive.insert(std::move(node));
    }
  }
  // CHECK-MESSAGES: :[[@LINE-4]]:19: warning: extracting from 'live' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: loop iterating over 'live' starts here
  // CHECK-MESSAGES: :[[@LINE-8]]:52: note: invalidated iterator 'it' is used here
}

void erase_iterator_in_for_loop_over_unordered_set(std::unordered_set<std::string>& tags) {
  for (auto it = tags.begin(); it != tags.end(); ++it)
    if (it->empty()) tags.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: erasing from 'tags' inside a loop over it: std::unordered_set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'tags' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:52: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = tags.begin(); it != tags.end(); ){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->empty()) it = tags.erase(it); else ++it;{{$}}
}

void erase_all_equal_keys_in_iterator_loop_over_multimap(std::multimap<int, Session>& by_owner) {
  for (auto it = by_owner.begin(); it != by_owner.end(); ++it)
    if (it->second.expired) by_owner.erase(it->first);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: erasing from 'by_owner' inside a loop over it: std::multimap invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'by_owner' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:60: note: invalidated iterator 'it' is used here
}
