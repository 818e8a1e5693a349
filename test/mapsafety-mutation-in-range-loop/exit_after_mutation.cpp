// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// A mutation is fine when every path after it leaves the loop (break, return,
// throw, goto). It is flagged when some path goes back to the loop: a
// conditional exit, 'continue', or a 'break' that only leaves a switch or an
// inner loop.

#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

struct Session {
  bool expired;
  int owner;
};

void erase_then_break(std::map<int, Session>& sessions, int owner) {
  for (auto& kv : sessions) {
    if (kv.second.owner == owner) {
      sessions.erase(kv.first);
      break;
    }
  }
}

bool erase_then_return(std::unordered_map<int, Session>& sessions, int owner) {
  for (auto& [id, s] : sessions) {
    if (s.owner == owner) {
      sessions.erase(id);
      return true;
    }
  }
  return false;
}

void erase_then_throw(std::map<int, Session>& sessions) {
  for (auto& kv : sessions) {
    if (kv.second.owner < 0) {
      sessions.erase(kv.first);
      throw std::logic_error("negative owner");
    }
  }
}

void erase_then_goto_past_loop(std::map<int, Session>& sessions, int owner) {
  for (auto& kv : sessions) {
    if (kv.second.owner == owner) {
      sessions.erase(kv.first);
      goto found;
    }
  }
  return;
found:
  sessions.emplace(owner, Session{false, owner});
}

int erase_then_return_from_both_branches(std::map<int, Session>& sessions, bool verbose) {
  for (auto& kv : sessions) {
    if (kv.second.expired) {
      sessions.erase(kv.first);
      if (verbose)
        return 2;
      else
        return 1;
    }
  }
  return 0;
}

void insert_then_break(std::unordered_map<std::string, int>& quotas) {
  for (auto& [user, quota] : quotas) {
    if (quota < 0) {
      quotas.emplace(user + ".reset", 0);
      break;
    }
  }
}

// ---- flagged ----

void erase_then_conditional_break(std::map<int, Session>& sessions, int& budget) {
  for (auto& kv : sessions) {
    if (kv.second.expired) {
      sessions.erase(kv.first);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
      if (--budget == 0)
        break;
    }
  }
}

void erase_then_continue(std::unordered_map<int, Session>& sessions, int& live) {
  for (auto& [id, s] : sessions) {
    if (s.expired) {
      sessions.erase(id);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'sessions' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
      continue;
    }
    ++live;
  }
}

void erase_then_break_out_of_switch_only(std::map<int, int>& states) {
  for (auto& [id, state] : states) {
    switch (state) {
    case 0:
      states.erase(id);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'states' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'states' starts here
      break;
    default:
      break;
    }
  }
}

void erase_then_break_out_of_inner_loop_only(std::map<int, Session>& sessions,
                                             const std::vector<int>& banned) {
  for (auto& kv : sessions) {
    for (int owner : banned) {
      if (kv.second.owner == owner) {
        sessions.erase(kv.first);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
        // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'sessions' starts here
        break;
      }
    }
  }
}

void erase_then_return_only_on_error(std::map<int, Session>& sessions, bool& failed) {
  for (auto& kv : sessions) {
    if (kv.second.expired) {
      sessions.erase(kv.first);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
      if (kv.second.owner < 0) {
        failed = true;
        return;
      }
    }
  }
}

// ---- not flagged: a call that never returns ends the path ----

[[noreturn]] void fatal_corrupt_table(int id);

void erase_then_noreturn_call(std::map<int, Session>& sessions) {
  for (auto& kv : sessions) {
    if (kv.second.owner < -1) {
      sessions.erase(kv.first);
      fatal_corrupt_table(kv.first);
    }
  }
}
