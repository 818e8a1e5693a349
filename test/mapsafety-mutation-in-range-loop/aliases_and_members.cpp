// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// The same container reached through references, pointers, std::ref and
// class members. The warning spells the container as written at the
// mutation ('(*p)', 'ref.get()', 'this->sessions_', 'reg->subs'; the one
// exception: a pointer used as 'p->erase()' is shown as '*p'); the loop note
// spells it as written in the loop.

#include <functional>
#include <map>
#include <string>
#include <unordered_map>

struct Session {
  bool expired;
  int owner;
};

using SessionMap = std::map<int, Session>;

void loop_over_reference_alias_erase_through_original(SessionMap& sessions) {
  auto& view = sessions;
  for (auto& kv : view)
    if (kv.second.expired) sessions.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'view' starts here
}

void loop_over_original_erase_through_reference_alias(SessionMap& sessions) {
  SessionMap& table = sessions;
  for (auto& kv : sessions)
    if (kv.second.expired) table.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'table' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void loop_over_const_reference_alias_erase_through_original(SessionMap& sessions) {
  const SessionMap& readonly = sessions;
  for (const auto& kv : readonly)
    if (kv.second.expired) sessions.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'readonly' starts here
}

void loop_over_dereferenced_pointer_erase_through_arrow(SessionMap& sessions) {
  auto* p = &sessions;
  for (auto& kv : *p)
    if (kv.second.expired) p->erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from '*p' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over '*p' starts here
}

void loop_over_original_erase_through_parenthesized_deref(SessionMap* p) {
  SessionMap& sessions = *p;
  for (auto& kv : sessions)
    if (kv.second.expired) (*p).erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from '(*p)' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void erase_through_std_ref_wrapper(SessionMap& sessions) {
  auto ref = std::ref(sessions);
  for (auto& kv : sessions)
    if (kv.second.expired) ref.get().erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'ref.get()' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void loop_over_std_ref_wrapper_erase_through_original(SessionMap& sessions) {
  std::reference_wrapper<SessionMap> ref = std::ref(sessions);
  for (auto& kv : ref.get())
    if (kv.second.expired) sessions.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'ref.get()' starts here
}

struct Registry {
  std::unordered_map<int, std::string> subs;
};

void erase_through_object_member(Registry& reg) {
  for (auto& [id, topic] : reg.subs)
    if (topic.empty()) reg.subs.erase(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: erasing from 'reg.subs' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'reg.subs' starts here
}

void erase_through_pointer_member(Registry* reg) {
  for (auto& [id, topic] : reg->subs)
    if (topic.empty()) reg->subs.erase(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: erasing from 'reg->subs' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'reg->subs' starts here
}

class SessionManager {
public:
  void erase_member_through_implicit_this() {
    for (auto& kv : sessions_)
      if (kv.second.expired) sessions_.erase(kv.first);
    // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: erasing from 'sessions_' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'sessions_' starts here
  }

  void clear_member_through_explicit_this() {
    for (auto& kv : sessions_)
      if (kv.second.owner < 0) this->sessions_.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: clearing 'this->sessions_' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'sessions_' starts here
  }

  // ---- not flagged ----

  void erase_member_of_by_value_peer(SessionManager peer) {
    for (auto& kv : sessions_)
      if (kv.second.expired) peer.sessions_.erase(kv.first);
  }

private:
  SessionMap sessions_;
};

// ---- not flagged ----

void erase_from_same_member_of_distinct_objects(int victim) {
  Registry primary;
  Registry replica;
  for (auto& [id, topic] : primary.subs)
    if (id == victim) replica.subs.erase(id);
}

void erase_from_copy_not_alias(SessionMap& sessions) {
  auto copy = sessions;
  for (auto& kv : sessions)
    if (kv.second.expired) copy.erase(kv.first);
}

void erase_through_pointer_to_other_map(const SessionMap& sessions, SessionMap* archive) {
  for (auto& kv : sessions)
    if (kv.second.expired) archive->erase(kv.first);
}
