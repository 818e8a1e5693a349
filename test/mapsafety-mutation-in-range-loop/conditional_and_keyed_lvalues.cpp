// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Conditional and computed lvalues. `(primary ? a : b).erase(k)` while
// iterating `a` erases from `a` whenever the condition holds: reported, with
// a note naming the branch. `m.at(k)` and `m[k]` name the element keyed k:
// a loop over `queues.at(name)` is broken by `queues.at(name).push_back(..)`
// when both keys are the same literal or the same variable, unmodified in
// its function; different keys may or may not be equal (unknown: quiet).

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

struct Session {
  bool expired;
  int owner;
};

void erase_from_a_conditional_true_branch(bool primary, std::map<int, Session>& active,
                                          std::map<int, Session>& standby) {
  for (auto& [id, s] : active)
    if (s.expired) (primary ? active : standby).erase(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: erasing from 'active' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-2]]:31: note: the conditional names 'active' when its condition is true
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'active' starts here
}

void clear_through_a_conditional_false_branch(bool primary, std::unordered_map<int, Session>& active,
                                              std::unordered_map<int, Session>& standby) {
  for (auto& kv : standby)
    if (kv.second.owner < 0) (primary ? &active : &standby)->clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: clearing 'standby' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-2]]:52: note: the conditional names 'standby' when its condition is false
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'standby' starts here
}

class Dispatcher {
public:
  void requeue_failed(const std::string& name) {
    for (int job : queues_.at(name))
      if (job < 0) queues_.at(name).push_back(-job);
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: inserting into 'queues_.at(name)' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'queues_.at(name)' starts here
  }

  void drop_default_jobs() {
    for (int job : queues_["default"])
      if (job == 0) queues_["default"].clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: clearing 'queues_["default"]' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'queues_["default"]' starts here
  }

  // Different keys: the same element only if they are equal (unknown).
  void move_jobs(const std::string& from, const std::string& to) {
    for (int job : queues_.at(from))
      queues_.at(to).push_back(job);
  }

  // The key changes between the loop and the mutation.
  void requeue_next(std::string name) {
    for (int job : queues_.at(name)) {
      name += "-retry";
      queues_.at(name).push_back(job);
    }
  }

private:
  std::map<std::string, std::vector<int>> queues_;
};

void erase_self_dependency(std::unordered_map<int, std::set<int>>& deps, int node) {
  for (int d : deps[node])
    if (d == node) deps[node].erase(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: erasing from 'deps[node]' inside a loop over it: std::set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'deps[node]' starts here
}

// --- not reported -------------------------------------------------------

void conditional_of_two_other_containers(bool primary, std::map<int, Session>& active,
                                         std::map<int, Session>& a, std::map<int, Session>& b) {
  for (auto& [id, s] : active)
    if (s.expired) (primary ? a : b).erase(id);
}

void another_row_of_a_grid(std::vector<std::vector<int>>& grid, size_t r) {
  for (int x : grid[r])
    grid[r + 1].push_back(x);
}

void element_of_another_map(std::map<std::string, std::vector<int>>& a,
                            std::map<std::string, std::vector<int>>& b, const std::string& k) {
  for (int x : a.at(k))
    b.at(k).push_back(x);
}

// An index loop over one row keeps a reference to a cell of that row.
void grow_a_row_while_holding_a_cell(std::vector<std::vector<int>>& grid, size_t r) {
  for (size_t c = 0; c < grid[r].size(); ++c) {
    int& cell = grid[r][c];
    if (cell < 0) grid[r].push_back(-cell);
    cell = 0;
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:19: warning: inserting into 'grid[r]' while 'cell' refers to one of its elements: std::vector may move its elements and leave 'cell' dangling [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-5]]:10: note: 'cell' is bound to an element of 'grid[r]' here
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: dangling reference 'cell' is used here
}

void grow_another_row_while_holding_a_cell(std::vector<std::vector<int>>& grid, size_t r,
                                           size_t s) {
  for (size_t c = 0; c < grid[r].size(); ++c) {
    int& cell = grid[r][c];
    if (cell < 0) grid[s].push_back(-cell);
    cell = 0;
  }
}
