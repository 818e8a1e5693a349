// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Whole-container mutations inside a loop over the container: clear, swap
// (member or std::swap, either side) and assignment (copy, move,
// initializer list, '= {}'). When the iterated container is the argument
// ('standby.swap(sessions)', 'std::swap(sessions, standby)') the warning names
// it and sits at the start of the whole call.

#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

struct Session {
  bool expired;
  int owner;
};

void clear_in_range_for(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.owner < 0) sessions.clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: clearing 'sessions' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void clear_in_iterator_loop(std::unordered_map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it)
    if (it->second.owner < 0) sessions.clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: clearing 'sessions' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:60: note: invalidated iterator 'it' is used here
}

void member_swap_in_range_for(std::map<int, Session>& sessions) {
  std::map<int, Session> fresh;
  for (auto& kv : sessions)
    if (kv.second.owner < 0) sessions.swap(fresh);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: swapping 'sessions' inside a loop over it: swap leaves the loop's iterators pointing into the other container [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void std_swap_in_range_for(std::unordered_map<int, Session>& sessions,
                           std::unordered_map<int, Session>& standby) {
  for (auto& kv : sessions)
    if (kv.second.owner < 0) std::swap(sessions, standby);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: swapping 'sessions' inside a loop over it: swap leaves the loop's iterators pointing into the other container [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void swap_called_on_the_other_container(std::map<int, Session>& sessions,
                                        std::map<int, Session>& standby) {
  for (auto& kv : sessions)
    if (kv.second.owner < 0) standby.swap(sessions);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: swapping 'sessions' inside a loop over it: swap leaves the loop's iterators pointing into the other container [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void copy_assignment_in_range_for(std::map<std::string, int>& limits,
                                  const std::map<std::string, int>& defaults) {
  for (auto& [name, limit] : limits)
    if (limit < 0) limits = defaults;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: assigning to 'limits' inside a loop over it: assignment destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'limits' starts here
}

void initializer_list_assignment_in_range_for(std::map<std::string, int>& limits) {
  for (auto& [name, limit] : limits)
    if (limit < 0) limits = {{"default", 10}};
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: assigning to 'limits' inside a loop over it: assignment destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'limits' starts here
}

void empty_braces_assignment_in_range_for(std::unordered_map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.owner < 0) sessions = {};
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: assigning to 'sessions' inside a loop over it: assignment destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void move_assignment_in_range_for(std::map<int, Session>& sessions,
                                  std::map<int, Session>& reloaded) {
  for (auto& kv : sessions)
    if (kv.second.owner < 0) sessions = std::move(reloaded);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: assigning to 'sessions' inside a loop over it: assignment destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

// ---- not flagged ----

void clear_then_break(std::map<int, Session>& sessions) {
  for (auto& kv : sessions) {
    if (kv.second.owner < 0) {
      sessions.clear();
      break;
    }
  }
}

void clear_mapped_vector_in_range_for(std::map<int, std::vector<int>>& pending_acks) {
  for (auto& [peer, acks] : pending_acks)
    if (peer < 0) acks.clear();
}

void swap_two_other_maps_in_range_for(const std::map<int, Session>& sessions,
                                      std::map<int, int>& front,
                                      std::map<int, int>& back) {
  for (auto& kv : sessions)
    if (kv.second.expired) front.swap(back);
}

void assign_mapped_value_in_range_for(std::map<std::string, int>& limits) {
  for (auto& [name, limit] : limits)
    if (limit < 0) limit = {};
}
