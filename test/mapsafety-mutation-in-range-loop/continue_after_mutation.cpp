// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// `continue` does not leave the loop: it jumps to the increment (for) or the
// condition (while), both of which use the invalidated iterator. Only
// reassigning the iterator before the `continue` makes it safe.

#include <list>
#include <map>
#include <string>
#include <vector>

struct Lease {
  int ttl;
};

void expire_leases(std::map<std::string, Lease>& leases) {
  for (auto it = leases.begin(); it != leases.end(); ++it) {
    if (it->second.ttl == 0) {
      leases.erase(it);
      continue;
    }
    --it->second.ttl;
  }
  // CHECK-MESSAGES: :[[@LINE-5]]:7: warning: erasing from 'leases' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: loop iterating over 'leases' starts here
  // CHECK-MESSAGES: :[[@LINE-9]]:56: note: invalidated iterator 'it' is used here
}

void drop_zero_weights(std::vector<int>& weights) {
  for (auto it = weights.begin(); it != weights.end(); ++it) {
    if (*it == 0) { weights.erase(it); continue; }
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:21: warning: erasing from 'weights' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'weights' starts here
  // CHECK-MESSAGES: :[[@LINE-5]]:58: note: invalidated iterator 'it' is used here
}

void range_for_erase_then_continue(std::map<int, Lease>& leases) {
  for (auto& [id, lease] : leases) {
    if (lease.ttl == 0) { leases.erase(id); continue; }
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:27: warning: erasing from 'leases' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'leases' starts here
}

void while_continue_reaches_condition(std::list<int>& fds) {
  auto it = fds.begin();
  while (it != fds.end()) {
    if (*it < 0) { fds.erase(it); continue; }
    ++it;
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:20: warning: erasing from 'fds' inside a loop over it: std::list invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'fds' starts here
  // CHECK-MESSAGES: :[[@LINE-6]]:10: note: invalidated iterator 'it' is used here
}

// ---- quiet: the iterator is reassigned before `continue` ----

void reassign_then_continue(std::map<std::string, Lease>& leases) {
  for (auto it = leases.begin(); it != leases.end();) {
    if (it->second.ttl == 0) {
      it = leases.erase(it);
      continue;
    }
    --it->second.ttl;
    ++it;
  }
}

void vector_reassign_then_continue(std::vector<int>& weights) {
  auto it = weights.begin();
  while (it != weights.end()) {
    if (*it == 0) { it = weights.erase(it); continue; }
    ++it;
  }
}

void continue_before_erase_of_other_map(std::map<int, Lease>& leases, std::map<int, Lease>& dead) {
  for (auto it = leases.begin(); it != leases.end(); ++it) {
    if (it->second.ttl > 0)
      continue;
    dead.erase(it->first);
  }
}
