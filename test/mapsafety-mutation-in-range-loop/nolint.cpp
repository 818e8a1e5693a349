// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// NOLINT, NOLINTNEXTLINE and NOLINTBEGIN/NOLINTEND naming this check (or no
// check, or a matching glob) suppress the warning at the mutation, or, for a
// mutation inside a helper, at the helper call in the loop (that finding
// only). A NOLINT naming another check, or placed on the loop or inside the
// helper instead of the warning's line, does not.

#include <map>
#include <unordered_map>

struct Session {
  bool expired;
  int owner;
};

void nolint_with_check_name(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) sessions.erase(kv.first); // NOLINT(mapsafety-mutation-in-range-loop)
}

void nolint_without_check_list(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) sessions.erase(kv.first); // NOLINT
}

void nolint_with_glob(std::unordered_map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) sessions.erase(kv.first); // NOLINT(mapsafety-*)
}

void nolintnextline_with_check_name(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    // NOLINTNEXTLINE(mapsafety-mutation-in-range-loop)
    if (kv.second.expired) sessions.erase(kv.first);
}

void nolintbegin_nolintend_region(std::map<int, Session>& sessions,
                                  std::unordered_map<int, int>& refs) {
  // NOLINTBEGIN(mapsafety-mutation-in-range-loop)
  for (auto& kv : sessions)
    if (kv.second.expired) sessions.erase(kv.first);
  for (auto& kv : refs)
    refs.emplace(-kv.first, 0);
  // NOLINTEND(mapsafety-mutation-in-range-loop)
}

static void drop_session(std::map<int, Session>& table, int id) {
  table.erase(id);
}

void nolint_at_helper_call(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) drop_session(sessions, kv.first); // NOLINT(mapsafety-mutation-in-range-loop)
}

// The same helper from another loop, without NOLINT, is still reported: the
// NOLINT above suppresses that one finding.
void same_helper_elsewhere_still_reported(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.owner < 0) drop_session(sessions, kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-14]]:3: note: 'drop_session' mutates 'table' here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
}

// ---- still flagged ----

void nolint_for_another_check_does_not_suppress(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) sessions.erase(kv.first); // NOLINT(bugprone-use-after-move)
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void nolintnextline_for_another_check_does_not_suppress(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    // NOLINTNEXTLINE(performance-inefficient-string-concatenation)
    if (kv.second.expired) sessions.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
}

// clang-tidy drops a note that lands on a NOLINT line for the same check, and
// every note after it, so only the warning itself remains here.
void nolint_on_loop_line_does_not_suppress(std::map<int, Session>& sessions) {
  for (auto& kv : sessions) // NOLINT(mapsafety-mutation-in-range-loop)
    if (kv.second.expired) sessions.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
}

static void forget_session(std::map<int, Session>& table, int id) {
  table.erase(id); // NOLINT(mapsafety-mutation-in-range-loop)
}

// The warning is at the call in the loop; a NOLINT at the mutation inside the
// helper only drops the notes (the helper's note on that line and every note
// after it).
void nolint_inside_helper_does_not_suppress(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) forget_session(sessions, kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
}
