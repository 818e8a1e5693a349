// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Moving the iterated container away inside the loop: into a local, or into a
// by-value / rvalue-reference parameter. The warning is at the std::move call.
// std::move(C) bound to a const& parameter moves nothing and is not reported.

#include <map>
#include <unordered_map>
#include <utility>

struct Session {
  bool expired;
  int owner;
};

void archive_snapshot(std::map<int, Session> snapshot);
void adopt_table(std::unordered_map<int, Session>&& table);
void audit_table(const std::map<int, Session>& table);

void move_construct_local_from_iterated_map(std::map<int, Session>& sessions) {
  for (auto& kv : sessions) {
    if (kv.second.owner < 0) {
      auto taken = std::move(sessions);
      // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: moving from 'sessions' inside a loop over it: moving from it leaves the loop's iterators without a container [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
      archive_snapshot(taken);
    }
  }
}

void move_assign_iterated_map_into_another(std::unordered_map<int, Session>& sessions,
                                           std::unordered_map<int, Session>& retired) {
  for (auto& kv : sessions)
    if (kv.second.owner < 0) retired = std::move(sessions);
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: moving from 'sessions' inside a loop over it: moving from it leaves the loop's iterators without a container [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void pass_moved_map_to_by_value_parameter(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.owner < 0) archive_snapshot(std::move(sessions));
  // CHECK-MESSAGES: :[[@LINE-1]]:47: warning: moving from 'sessions' inside a loop over it: moving from it leaves the loop's iterators without a container [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void pass_moved_map_to_rvalue_reference_parameter(std::unordered_map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.owner < 0) adopt_table(std::move(sessions));
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: moving from 'sessions' inside a loop over it: moving from it leaves the loop's iterators without a container [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

// ---- not flagged ----

void pass_moved_map_to_const_reference_parameter(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.owner < 0) audit_table(std::move(sessions));
}

void move_mapped_value_out_in_range_for(std::map<int, Session>& sessions,
                                        std::map<int, Session>& graveyard) {
  for (auto& kv : sessions)
    if (kv.second.expired) graveyard[kv.first] = std::move(kv.second);
}

void move_other_map_inside_loop(const std::map<int, Session>& sessions,
                                std::map<int, Session>& staging) {
  for (auto& kv : sessions)
    if (kv.second.owner < 0) archive_snapshot(std::move(staging));
}

void move_iterated_map_after_loop(std::map<int, Session>& sessions) {
  bool corrupt = false;
  for (auto& kv : sessions)
    corrupt = corrupt || kv.second.owner < 0;
  if (corrupt)
    archive_snapshot(std::move(sessions));
}
