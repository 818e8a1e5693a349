// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Loops over an accessor: a function defined in this file that returns a
// reference (or pointer) from a single `return E;` denotes what E denotes:
// a member (`entries()`), `*this` (`self().items_`), a static registry
// (`registry()`), or a parameter's object. get(), operator* and operator->
// of std::unique_ptr/std::shared_ptr name their pointee. An accessor that
// returns by value hands out a copy, and one whose body is not in the
// translation unit is unknown: both are quiet.

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

struct Session {
  bool expired;
  int owner;
};

class SessionTable {
public:
  std::map<int, Session>& entries() { return entries_; }
  const std::map<int, Session>& entries() const { return entries_; }

  void sweep() {
    for (auto& [id, s] : entries())
      if (s.expired) entries_.erase(id);
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: erasing from 'entries_' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'entries()' starts here
  }

  void sweep_through_the_accessor_twice() {
    for (auto& kv : entries())
      if (kv.second.owner < 0) entries().clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: clearing 'entries()' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'entries()' starts here
  }

  // Returns by value: the loop runs over a copy.
  std::map<int, Session> snapshot() const { return entries_; }
  void sweep_a_snapshot() {
    for (auto& [id, s] : snapshot())
      if (s.expired) entries_.erase(id);
  }

  // Declared only: what it returns is unknown.
  std::map<int, Session>& shard(int n);
  void sweep_an_unknown_shard() {
    for (auto& [id, s] : shard(0))
      if (s.expired) entries_.erase(id);
  }

  // Two returns: which member is unknown.
  std::map<int, Session>& pick(bool primary) {
    if (primary)
      return entries_;
    return standby_;
  }
  void sweep_a_picked_table() {
    for (auto& [id, s] : pick(true))
      if (s.expired) entries_.erase(id);
  }

private:
  std::map<int, Session> entries_;
  std::map<int, Session> standby_;
};

// *this-returning chains (CRTP-style self()).
template <typename Derived> struct PoolBase {
  Derived& self() { return static_cast<Derived&>(*this); }
};

struct TaskPool : PoolBase<TaskPool> {
  std::vector<int> items_;
  TaskPool& me() { return *this; }

  void grow() {
    for (int x : me().items_)
      if (x > 0) items_.push_back(x - 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: inserting into 'items_' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'me().items_' starts here
  }

  void drain() {
    for (int x : self().items_)
      if (x == 0) items_.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: clearing 'items_' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'self().items_' starts here
  }
};

// A registry reached through a function returning a static local.
struct Router {
  std::unordered_map<std::string, int> routes_;
  std::unordered_map<std::string, int>& routes() { return routes_; }
};

Router& registry() {
  static Router r;
  return r;
}

void drop_dead_routes() {
  for (auto& [path, port] : registry().routes())
    if (port == 0) registry().routes().erase(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: erasing from 'registry().routes()' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'registry().routes()' starts here
}

// An accessor that returns what its reference parameter names.
std::map<int, Session>& table_of(std::map<int, Session>& t) { return t; }

void erase_through_a_parameter_accessor(std::map<int, Session>& sessions) {
  for (auto& kv : table_of(sessions))
    if (kv.second.expired) sessions.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'table_of(sessions)' starts here
}

// Smart pointers: *p, p->, p.get()->.
void erase_through_unique_ptr(std::unique_ptr<std::map<int, Session>>& p) {
  for (auto& kv : *p)
    if (kv.second.expired) p->erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from '*p' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over '*p' starts here
}

struct Shard {
  std::unordered_map<int, Session> m;
};

void insert_through_shared_ptr_get(std::shared_ptr<Shard> shard) {
  for (auto& kv : shard.get()->m)
    if (kv.second.owner < 0) shard->m.emplace(-kv.first, kv.second);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: inserting into 'shard->m' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'shard.get()->m' starts here
}

// Not reported: another shared_ptr (even a copy of this one may be reset
// to point elsewhere; which object it names is unknown).
void erase_through_another_pointer(std::shared_ptr<Shard> shard, std::shared_ptr<Shard> other) {
  for (auto& kv : shard->m)
    if (kv.second.expired) other->m.erase(kv.first);
}
