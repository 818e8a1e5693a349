// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -config="{CheckOptions: [{key: mapsafety-mutation-in-range-loop.ReportEraseOfUnrelatedKey, value: true}]}" -- -std=c++20 -I%S/Inputs
// ReportEraseOfUnrelatedKey is on: some cases here erase a key that may be another loop's current one (the default, off, is in option_report_erase_of_unrelated_key_off.cpp).
// Algorithms that call a function for every element of a container
// (std::for_each, std::transform, std::count_if, their std::ranges:: and
// absl::c_ forms) iterate it like a range-for: a lambda that mutates the
// container breaks the algorithm's own iterator. The warning is at the
// mutation inside the lambda (or at the helper call there), with a note at
// the algorithm call.

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/container/flat_hash_map.h"

struct Session {
  bool expired;
  int owner;
  std::vector<int> pending;
};

void for_each_lambda_erases(std::map<int, Session>& sessions) {
  std::for_each(sessions.begin(), sessions.end(), [&](auto& kv) {
    if (kv.second.expired) sessions.erase(kv.first);
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside 'std::for_each' over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'std::for_each' iterates over 'sessions' here and calls the lambda for each element
  });
}

static void drop_session(std::map<int, Session>& table, int id) {
  table.erase(id);
}

void for_each_lambda_calls_mutating_helper(std::map<int, Session>& sessions) {
  std::for_each(sessions.begin(), sessions.end(), [&](const std::pair<const int, Session>& kv) {
    if (kv.second.expired) drop_session(sessions, kv.first);
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside 'std::for_each' over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-7]]:3: note: 'drop_session' mutates 'table' here
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: 'std::for_each' iterates over 'sessions' here and calls the lambda for each element
  });
}

class Scheduler {
public:
  void reap() {
    std::ranges::for_each(tasks_, [this](int id) {
      if (id < 0) tasks_.push_back(-id);
      // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: inserting into 'tasks_' inside 'std::ranges::for_each' over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-3]]:5: note: 'std::ranges::for_each' iterates over 'tasks_' here and calls the lambda for each element
    });
  }

  void forget_all() {
    // A named lambda: its type says which body runs.
    auto forget = [&](const auto& kv) {
      if (kv.second.empty()) owners_.clear();
      // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: clearing 'owners_' inside 'absl::c_for_each' over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
    };
    absl::c_for_each(owners_, forget);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'absl::c_for_each' iterates over 'owners_' here and calls the lambda for each element
  }

private:
  std::vector<int> tasks_;
  absl::flat_hash_map<int, std::string> owners_;
};

std::vector<int> transform_lambda_grows_source(std::vector<int>& ids) {
  std::vector<int> out(ids.size());
  std::transform(ids.begin(), ids.end(), out.begin(), [&ids](int id) {
    ids.emplace_back(id + 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'ids' inside 'std::transform' over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'std::transform' iterates over 'ids' here and calls the lambda for each element
    return id * 2;
  });
  return out;
}

long count_if_predicate_erases(std::unordered_map<std::string, int>& refs) {
  return std::count_if(refs.begin(), refs.end(), [&](const auto& kv) {
    if (kv.second == 0) {
      refs.erase(kv.first);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'refs' inside 'std::count_if' over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:10: note: 'std::count_if' iterates over 'refs' here and calls the lambda for each element
      return true; // returning does not stop the algorithm
    }
    return false;
  });
}

// --- not reported -------------------------------------------------------

void lambda_mutates_another_container(std::map<int, Session>& sessions,
                                      std::map<int, Session>& graveyard) {
  std::for_each(sessions.begin(), sessions.end(), [&](auto& kv) {
    if (kv.second.expired) graveyard.insert(kv);
  });
}

void lambda_mutates_the_element_only(std::map<int, Session>& sessions) {
  std::for_each(sessions.begin(), sessions.end(), [&](auto& kv) {
    kv.second.pending.clear();
    kv.second.pending.push_back(kv.first);
  });
  absl::c_for_each(sessions, [](auto& kv) { kv.second.expired = true; });
}

void for_each_over_a_copy(std::map<int, Session>& sessions) {
  const std::map<int, Session> snapshot = sessions;
  std::for_each(snapshot.begin(), snapshot.end(), [&](const auto& kv) {
    if (kv.second.expired) sessions.erase(kv.first);
  });
}

void lambda_captures_the_container_by_copy(std::vector<int> ids) {
  std::for_each(ids.begin(), ids.end(), [ids](int id) mutable { ids.push_back(id); });
}

void lambda_leaves_by_throwing(std::map<int, Session>& sessions) {
  std::for_each(sessions.begin(), sessions.end(), [&](auto& kv) {
    if (kv.second.owner < 0) {
      sessions.clear();
      throw kv.first; // the algorithm never resumes
    }
  });
}

void lambda_not_run_by_the_algorithm(std::map<int, Session>& sessions) {
  // The mutating lambda is only stored: the algorithm runs the other one.
  auto reset = [&] { sessions.clear(); };
  std::for_each(sessions.begin(), sessions.end(), [](auto& kv) { kv.second.owner = 0; });
  reset();
}

// A loop whose body runs an algorithm: the algorithm's lambda is a helper
// the loop calls; the warning is at the algorithm call in the loop.
struct Node {
  std::vector<int> deps;
};

void erase_outer_from_an_inner_algorithm(std::map<int, Node>& graph) {
  for (auto& kv : graph)
    std::for_each(kv.second.deps.begin(), kv.second.deps.end(), [&](int dep) {
      if (dep == kv.first) graph.erase(dep);
    });
  // CHECK-MESSAGES: :[[@LINE-3]]:5: warning: erasing from 'graph' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: the lambda mutates 'graph' here
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: loop iterating over 'graph' starts here
}

// A lambda called directly in a loop, binding its own reference.
void erase_through_a_called_lambda(std::map<int, Session>& sessions) {
  auto drop = [&table = sessions](int id) { table.erase(id); };
  for (auto& kv : sessions)
    if (kv.second.expired) drop(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:45: note: the lambda mutates 'table' here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
}

void inner_algorithm_over_the_element_only(std::map<int, Node>& graph) {
  for (auto& kv : graph)
    std::for_each(kv.second.deps.begin(), kv.second.deps.end(), [&](int& dep) { dep += kv.first; });
}
