// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// ReportEraseOfUnrelatedKey (default false): in a range-for over an associative
// container whose erase invalidates only the erased element, erasing the
// current element's key is reported; erasing a key or position from elsewhere,
// which may or may not be the current one, is not. Predicate sweeps, clear,
// sequences and other containers are not concerned by the option (see
// option_report_erase_of_unrelated_key.cpp for the option on).

#include <algorithm>
#include <list>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

struct Route {
  int parent;
  bool stale;
};

// The current element's key (structured binding, `.first`, a copy of it):
// reported whatever the option says.
void drop_stale_routes(std::map<int, Route>& routes) {
  for (auto& [id, r] : routes)
    if (r.stale)
      routes.erase(id);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'routes' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'routes' starts here
}

void drop_stale_by_copy(std::unordered_map<int, Route>& routes) {
  for (const auto& kv : routes) {
    const int key = kv.first;
    if (kv.second.stale)
      routes.erase(key);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'routes' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'routes' starts here
  }
}

void forget_current_host(std::set<std::string>& hosts) {
  for (const std::string& h : hosts)
    if (h.empty())
      hosts.erase(h);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'hosts' inside a loop over it: std::set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'hosts' starts here
}

// A key from elsewhere that the branch has just tested equal to the current
// key is the current key (an `&&` chain too); tested unequal, it is not.
void drop_dependency(std::map<std::string, int>& graph, const std::string& dep) {
  for (const auto& kv : graph)
    if (dep == kv.first)
      graph.erase(dep);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'graph' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'graph' starts here
}

void drop_dependency_if_unused(std::map<int, Route>& routes, int dep) {
  for (auto& [id, r] : routes) {
    if (r.stale && id == dep) {
      routes.erase(dep);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'routes' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'routes' starts here
    }
  }
}

void drop_other_dependency(std::map<std::string, int>& graph, const std::string& dep) {
  for (const auto& kv : graph)
    if (dep != kv.first)
      graph.erase(dep);
}

void drop_dependency_elsewhere(std::map<std::string, int>& graph, const std::string& dep) {
  for (const auto& kv : graph) {
    if (dep == kv.first)
      continue;
    graph.erase(dep); // only reached when dep is not the current key
  }
}

// A helper, or a callable a helper runs, given the element: its `.first` is
// the current key. Given the element's mapped value, it is another key.
void forget_route(std::map<int, Route>& routes, const std::pair<const int, Route>& entry) {
  routes.erase(entry.first);
}

void forget_parent(std::map<int, Route>& routes, const std::pair<const int, Route>& entry) {
  routes.erase(entry.second.parent);
}

void forget_stale_routes(std::map<int, Route>& routes) {
  for (const auto& entry : routes)
    if (entry.second.stale)
      forget_route(routes, entry);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'routes' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-12]]:3: note: 'forget_route' mutates 'routes' here
      // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'routes' starts here
  for (const auto& entry : routes)
    if (entry.second.stale)
      forget_parent(routes, entry);
}

template <class Fn> void for_each_route(std::map<int, Route>& routes, Fn visit) {
  for (auto& entry : routes)
    visit(entry, routes);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: erasing from 'routes' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE+5]]:55: note: the lambda mutates 'all' here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'routes' starts here
}

void drop_visited(std::map<int, Route>& routes) {
  for_each_route(routes, [](auto& entry, auto& all) { all.erase(entry.first); });
}

// A key or position from elsewhere: it may be the current element's (a route
// whose parent is itself), or not.
void drop_parents(std::map<int, Route>& routes) {
  for (auto& [id, r] : routes)
    if (r.stale)
      routes.erase(r.parent);
}

void drop_found_parent(std::unordered_map<int, Route>& routes) {
  for (auto& kv : routes)
    if (kv.second.stale)
      routes.erase(routes.find(kv.second.parent));
}

void drop_listed(std::set<int>& live, const std::vector<int>& dead) {
  for (int id : live)
    if (id < 0)
      live.erase(dead.front());
}

// Not concerned by the option: a predicate sweep, clearing, a sequence, and
// another container.
void sweep_all(std::map<int, Route>& routes) {
  for (auto& kv : routes)
    if (kv.second.stale)
      routes.clear();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: clearing 'routes' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'routes' starts here
}

void drop_other_slot(std::vector<int>& slots) {
  for (int s : slots)
    if (s < 0)
      slots.erase(slots.begin());
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'slots' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'slots' starts here
}

void drop_from_index(std::map<int, Route>& routes, std::map<int, int>& index) {
  for (auto& [id, r] : routes)
    if (r.stale)
      index.erase(r.parent);
}

// Ranges: erase(first, last) leaves `last`; only a range that starts at the
// current element is known to erase it.
void compact_before_checkpoint(std::map<long, bool>& journal) {
  for (auto& [seq, is_checkpoint] : journal)
    if (is_checkpoint)
      journal.erase(journal.begin(), journal.find(seq));
}

void truncate_from_checkpoint(std::map<long, bool>& journal) {
  for (auto& [seq, is_checkpoint] : journal)
    if (is_checkpoint)
      journal.erase(journal.find(seq), journal.end());
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'journal' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'journal' starts here
}

// Nested loops over one map: the inner loop's current key is another key for
// the outer loop (here provably: the guard keeps them apart).
void dedupe_owners(std::map<int, Route>& routes) {
  for (auto& a : routes)
    for (auto& b : routes)
      if (a.first != b.first && a.second.parent == b.second.parent)
        routes.erase(b.first);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: erasing from 'routes' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
        // CHECK-MESSAGES: :[[@LINE-4]]:5: note: loop iterating over 'routes' starts here
}
