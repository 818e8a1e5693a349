// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17
// The fix-its' layout is what these cases pin, and FileCheck reads a run of blanks
// as any run of blanks: the fixed copy once more, every space and tab counted.
// RUN: %filecheck %s --check-prefix=CHECK-FIXES --strict-whitespace --input-file=%t/iterator_loop_erase.cpp

// Iterator loops: an erase is flagged when the loop's iterator variable is
// used afterwards (increment, dereference, comparison) without being
// reassigned. The third note points at that first later use, found along the
// control flow (the increment, the while condition after a 'continue', or
// 'it->first' right after the erase). A key derived from 'it' includes a local
// copy ('const int id = it->first; m.erase(id);').
//
// The fix-it (for the one shape it rewrites) lays out the else branch holding the
// moved increment as the code around it is laid out; the cases at the end of the
// file pin each layout: an unbraced then-branch on its own line gets `else` on a
// line of its own at the if's indentation and the increment one level below it,
// one on the if's line gets ` else ++it;` there, and a braced one `} else {`.

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
    // CHECK-FIXES-NEXT: {{^}}      it = sessions.erase(it);{{$}}
    // CHECK-FIXES-NEXT: {{^}}    else{{$}}
    // CHECK-FIXES-NEXT: {{^}}      ++it;{{$}}
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

// The layout of the fix-it, one case per shape of the code around it.

void fix_unbraced_own_line_four_spaces(std::map<int, Session>& sessions) {
    for (auto it = sessions.begin(); it != sessions.end(); ++it) {
        if (it->second.expired)
            sessions.erase(it);
    }
    // CHECK-MESSAGES: :[[@LINE-2]]:13: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: loop iterating over 'sessions' starts here
    // CHECK-MESSAGES: :[[@LINE-6]]:62: note: invalidated iterator 'it' is used here
    // CHECK-FIXES: {{^}}    for (auto it = sessions.begin(); it != sessions.end(); ) {{[{]$}}
    // CHECK-FIXES-NEXT: {{^}}        if (it->second.expired){{$}}
    // CHECK-FIXES-NEXT: {{^}}            it = sessions.erase(it);{{$}}
    // CHECK-FIXES-NEXT: {{^}}        else{{$}}
    // CHECK-FIXES-NEXT: {{^}}            ++it;{{$}}
    // CHECK-FIXES-NEXT: {{^}}    }{{$}}
}

void fix_unbraced_own_line_tabs_with_comment(std::unordered_map<int, Conn>& conns) {
	auto it = conns.begin();
	while (it != conns.end()) {
		if (it->second.closed)
			conns.erase(it);  // closed by the peer
		++it;
	}
  // CHECK-MESSAGES: :[[@LINE-3]]:4: warning: erasing from 'conns' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-6]]:2: note: loop iterating over 'conns' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}	while (it != conns.end()) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}		if (it->second.closed){{$}}
  // CHECK-FIXES-NEXT: {{^}}			it = conns.erase(it);  // closed by the peer{{$}}
  // CHECK-FIXES-NEXT: {{^}}		else{{$}}
  // CHECK-FIXES-NEXT: {{^}}			++it;{{$}}
  // CHECK-FIXES-NEXT: {{^}}	}{{$}}
}

void fix_unbraced_own_line_nested_in_block(std::map<int, Session>& sessions, bool enabled) {
  if (enabled) {
    for (auto it = sessions.begin(); it != sessions.end(); ++it)
      if (it->second.expired)
        sessions.erase(it);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:9: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-5]]:5: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-6]]:62: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  if (enabled) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    for (auto it = sessions.begin(); it != sessions.end(); ){{$}}
  // CHECK-FIXES-NEXT: {{^}}      if (it->second.expired){{$}}
  // CHECK-FIXES-NEXT: {{^}}        it = sessions.erase(it);{{$}}
  // CHECK-FIXES-NEXT: {{^}}      else{{$}}
  // CHECK-FIXES-NEXT: {{^}}        ++it;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  }{{$}}
}

void fix_unbraced_same_line_four_spaces(std::set<std::string>& names) {
    for (auto it = names.begin(); it != names.end(); ++it) {
        if (it->empty()) names.erase(it);
    }
    // CHECK-MESSAGES: :[[@LINE-2]]:26: warning: erasing from 'names' inside a loop over it: std::set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-4]]:5: note: loop iterating over 'names' starts here
    // CHECK-MESSAGES: :[[@LINE-5]]:56: note: invalidated iterator 'it' is used here
    // CHECK-FIXES: {{^}}    for (auto it = names.begin(); it != names.end(); ) {{[{]$}}
    // CHECK-FIXES-NEXT: {{^}}        if (it->empty()) it = names.erase(it); else ++it;{{$}}
    // CHECK-FIXES-NEXT: {{^}}    }{{$}}
}

// An if that shares the loop's line has no indentation of its own to put the
// else at: the else stays on the erase's line.
void fix_if_on_the_loop_line(std::map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it) if (it->second.expired)
    sessions.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:60: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = sessions.begin(); it != sessions.end(); ) if (it->second.expired){{$}}
  // CHECK-FIXES-NEXT: {{^}}    it = sessions.erase(it); else ++it;{{$}}
}

void fix_braced_on_one_line(std::map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it) {
    if (it->second.expired) { sessions.erase(it); }
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:31: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-5]]:60: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = sessions.begin(); it != sessions.end(); ) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->second.expired) { it = sessions.erase(it); } else { ++it; }{{$}}
  // CHECK-FIXES-NEXT: {{^}}  }{{$}}
}

void fix_braced_four_spaces(std::unordered_map<int, Conn>& conns) {
    auto it = conns.begin();
    while (it != conns.end()) {
        if (it->second.closed) {
            conns.erase(it);
        }
        ++it;
    }
    // CHECK-MESSAGES: :[[@LINE-4]]:13: warning: erasing from 'conns' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-7]]:5: note: loop iterating over 'conns' starts here
    // CHECK-MESSAGES: :[[@LINE-4]]:11: note: invalidated iterator 'it' is used here
    // CHECK-FIXES: {{^}}    while (it != conns.end()) {{[{]$}}
    // CHECK-FIXES-NEXT: {{^}}        if (it->second.closed) {{[{]$}}
    // CHECK-FIXES-NEXT: {{^}}            it = conns.erase(it);{{$}}
    // CHECK-FIXES-NEXT: {{^}}        } else {{[{]$}}
    // CHECK-FIXES-NEXT: {{^}}            ++it;{{$}}
    // CHECK-FIXES-NEXT: {{^}}        }{{$}}
    // CHECK-FIXES-NEXT: {{^}}    }{{$}}
}

// The erase on the brace's line: the increment goes one level below the brace,
// a level being what the code uses (four spaces here, a tab below).
void fix_braced_erase_on_brace_line_four_spaces(std::set<std::string>& names) {
    for (auto it = names.begin(); it != names.end(); ++it) {
        if (it->empty()) { names.erase(it);
        }
    }
    // CHECK-MESSAGES: :[[@LINE-3]]:28: warning: erasing from 'names' inside a loop over it: std::set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: loop iterating over 'names' starts here
    // CHECK-MESSAGES: :[[@LINE-6]]:56: note: invalidated iterator 'it' is used here
    // CHECK-FIXES: {{^}}    for (auto it = names.begin(); it != names.end(); ) {{[{]$}}
    // CHECK-FIXES-NEXT: {{^}}        if (it->empty()) { it = names.erase(it);{{$}}
    // CHECK-FIXES-NEXT: {{^}}        } else {{[{]$}}
    // CHECK-FIXES-NEXT: {{^}}            ++it;{{$}}
    // CHECK-FIXES-NEXT: {{^}}        }{{$}}
    // CHECK-FIXES-NEXT: {{^}}    }{{$}}
}

void fix_braced_erase_on_brace_line_tabs(std::map<int, Session>& sessions) {
	auto it = sessions.begin();
	while (it != sessions.end()) {
		if (it->second.expired) { sessions.erase(it);
		}
		++it;
	}
  // CHECK-MESSAGES: :[[@LINE-4]]:29: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-6]]:2: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}	while (it != sessions.end()) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}		if (it->second.expired) { it = sessions.erase(it);{{$}}
  // CHECK-FIXES-NEXT: {{^}}		} else {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}			++it;{{$}}
  // CHECK-FIXES-NEXT: {{^}}		}{{$}}
  // CHECK-FIXES-NEXT: {{^}}	}{{$}}
}

// An if on the loop's line: no level to measure, so one tab in tab-indented code.
void fix_braced_erase_on_brace_line_if_on_the_loop_line(std::set<std::string>& names) {
	for (auto it = names.begin(); it != names.end(); ++it) if (it->empty()) { names.erase(it);
	}
  // CHECK-MESSAGES: :[[@LINE-2]]:76: warning: erasing from 'names' inside a loop over it: std::set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:2: note: loop iterating over 'names' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:53: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}	for (auto it = names.begin(); it != names.end(); ) if (it->empty()) { it = names.erase(it);{{$}}
  // CHECK-FIXES-NEXT: {{^}}	} else {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}		++it;{{$}}
  // CHECK-FIXES-NEXT: {{^}}	}{{$}}
}
