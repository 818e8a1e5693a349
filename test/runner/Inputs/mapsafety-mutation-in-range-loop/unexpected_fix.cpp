// A warning with a fix-it, expected by its CHECK-MESSAGES lines, and no line
// checking the fixed code: the runner must fail and show the fix
// (runner-checks.test).
#include <map>

void sweep(std::map<int, bool> &sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it)
    if (it->second) sessions.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:60: note: invalidated iterator 'it' is used here
}
