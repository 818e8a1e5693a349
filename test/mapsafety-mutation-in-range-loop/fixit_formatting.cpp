// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// The iterator-loop fix-it lays out the else branch it adds as the code around it
// is laid out: a braced then-branch over several lines gets `} else {`, the
// increment on a line of its own indented as the erase (tabs stay tabs), and the
// closing brace under the then-branch's, instead of `} else { ++it; }` glued to
// the brace. (An if on one line keeps ` else ++it;` on that line:
// fixit_iterator_loop.cpp; an unbraced then-branch on its own line gets `else` and
// the increment on lines of their own: iterator_loop_erase.cpp.)

#include <map>
#include <set>
#include <string>

struct Session {
  bool expired;
  int owner;
};

void fix_for_loop_braced_then_on_three_lines(std::set<std::string>& names) {
  for (auto it = names.begin(); it != names.end(); ++it) {
    if (it->empty()) {
      names.erase(it);
    }
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:7: warning: erasing from 'names' inside a loop over it: std::set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: loop iterating over 'names' starts here
  // CHECK-MESSAGES: :[[@LINE-7]]:54: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = names.begin(); it != names.end(); ) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->empty()) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}      it = names.erase(it);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    } else {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}      ++it;{{$}}
  // CHECK-FIXES-NEXT: {{^}}    }{{$}}
  // CHECK-FIXES-NEXT: {{^}}  }{{$}}
}

void fix_while_loop_braced_then_tab_indented(std::map<int, Session>& sessions) {
	auto it = sessions.begin();
	while (it != sessions.end()) {
		if (it->second.expired) {
			sessions.erase(it);
		}
		++it;
	}
  // CHECK-MESSAGES: :[[@LINE-4]]:4: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-7]]:2: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}	while (it != sessions.end()) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}		if (it->second.expired) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}			it = sessions.erase(it);{{$}}
  // CHECK-FIXES-NEXT: {{^}}		} else {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}			++it;{{$}}
  // CHECK-FIXES-NEXT: {{^}}		}{{$}}
  // CHECK-FIXES-NEXT: {{^}}	}{{$}}
}

void fix_while_loop_braced_then_erase_on_the_brace_line(std::map<int, Session>& sessions) {
  auto it = sessions.begin();
  while (it != sessions.end()) {
    if (it->second.owner < 0) { sessions.erase(it);
    }
    ++it;
  }
  // CHECK-MESSAGES: :[[@LINE-4]]:33: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  while (it != sessions.end()) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->second.owner < 0) { it = sessions.erase(it);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    } else {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}      ++it;{{$}}
  // CHECK-FIXES-NEXT: {{^}}    }{{$}}
  // CHECK-FIXES-NEXT: {{^}}  }{{$}}
}
