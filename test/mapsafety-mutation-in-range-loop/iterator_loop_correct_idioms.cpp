// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Iterator loops written correctly: the iterator is reassigned (or the loop
// is left) before it is used again, or the mutation cannot invalidate it.
// The last function is a positive control.

#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>

struct Session {
  bool expired;
  int owner;
};

void assign_erase_result_in_for_loop(std::map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end();) {
    if (it->second.expired)
      it = sessions.erase(it);
    else
      ++it;
  }
}

void assign_erase_result_in_while_loop(std::unordered_map<int, Session>& sessions) {
  auto it = sessions.begin();
  while (it != sessions.end()) {
    if (it->second.expired)
      it = sessions.erase(it);
    else
      ++it;
  }
}

void erase_with_postfix_increment_argument(std::map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end();) {
    if (it->second.expired)
      sessions.erase(it++);
    else
      ++it;
  }
}

void erase_then_break_out_of_iterator_loop(std::map<int, Session>& sessions, int owner) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it) {
    if (it->second.owner == owner) {
      sessions.erase(it);
      break;
    }
  }
}

bool erase_then_return_from_iterator_loop(std::unordered_map<int, Session>& sessions, int owner) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it) {
    if (it->second.owner == owner) {
      sessions.erase(it);
      return true;
    }
  }
  return false;
}

void erase_then_throw_from_iterator_loop(std::map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it) {
    if (it->second.owner < 0) {
      sessions.erase(it);
      throw std::runtime_error("corrupt session table");
    }
  }
}

void erase_then_goto_past_iterator_loop(std::map<int, Session>& sessions, int owner) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it) {
    if (it->second.owner == owner) {
      sessions.erase(it);
      goto done;
    }
  }
done:
  return;
}

void save_next_before_erase(std::map<int, Session>& sessions) {
  auto it = sessions.begin();
  while (it != sessions.end()) {
    auto next = std::next(it);
    if (it->second.expired)
      sessions.erase(it);
    it = next;
  }
}

void erase_then_restart_from_begin(std::map<int, Session>& sessions) {
  auto it = sessions.begin();
  while (it != sessions.end()) {
    if (it->second.expired) {
      sessions.erase(it);
      it = sessions.begin();
    } else {
      ++it;
    }
  }
}

void erase_unrelated_key_in_iterator_loop_over_map(std::map<int, Session>& sessions,
                                                   int victim) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it)
    if (it->first != victim && it->second.owner == victim) sessions.erase(victim);
}

void erase_unrelated_key_in_iterator_loop_over_unordered_map(
    std::unordered_map<std::string, Session>& sessions, const std::string& victim) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it)
    if (it->first != victim && it->second.expired) sessions.erase(victim);
}

void emplace_into_std_map_in_iterator_loop(std::map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it)
    if (it->second.owner > 0) sessions.emplace(-it->first, Session{false, 0});
}

void mapped_value_write_through_iterator(std::unordered_map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it)
    it->second.expired = it->second.owner == 0;
}

void erase_from_other_map_in_iterator_loop(const std::map<int, Session>& sessions,
                                           std::map<int, int>& owners) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it)
    if (it->second.expired) owners.erase(it->second.owner);
}

void control_erase_iterator_without_reassignment(std::map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it)
    if (it->second.owner == 0) sessions.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:60: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = sessions.begin(); it != sessions.end(); ){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->second.owner == 0) it = sessions.erase(it); else ++it;{{$}}
}
