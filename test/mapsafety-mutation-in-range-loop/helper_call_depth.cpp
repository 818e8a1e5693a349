// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Helper calls are followed HelperCallDepth levels down (default 3), never
// into a function already on the chain, so recursion ends. The warning is at
// the call in the loop, with a note per call on the way to the mutation.

#include <map>
#include <string>
#include <vector>

struct Route {
  int hops;
  bool dead;
};

class RouteTable {
public:
  void prune_dead() {
    for (auto& [dest, r] : routes_)
      if (r.dead) withdraw(dest);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: erasing from 'routes_' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE+11]]:44: note: 'withdraw' calls 'announce_loss' here
    // CHECK-MESSAGES: :[[@LINE+13]]:5: note: 'announce_loss' calls 'forget' here
    // CHECK-MESSAGES: :[[@LINE+14]]:42: note: 'forget' mutates 'routes_' here
    // CHECK-MESSAGES: :[[@LINE-6]]:5: note: loop iterating over 'routes_' starts here
  }

  void prune_four_levels_down_is_beyond_the_default_depth() {
    for (auto& [dest, r] : routes_)
      if (r.dead) relay(dest);
  }

  void withdraw(const std::string& dest) { announce_loss(dest); }
  void announce_loss(const std::string& dest) {
    ++losses_;
    forget(dest);
  }
  void forget(const std::string& dest) { routes_.erase(dest); }
  void relay(const std::string& dest) { withdraw(dest); }

private:
  std::map<std::string, Route> routes_;
  int losses_ = 0;
};

// Mutual recursion: followed once per chain, and the mutation two levels down
// is found.
static void visit_b(std::vector<int>& q, int n);
static void visit_a(std::vector<int>& q, int n) {
  if (n > 0)
    visit_b(q, n - 1);
}
static void visit_b(std::vector<int>& q, int n) {
  if (n % 2)
    q.push_back(n);
  visit_a(q, n - 1);
}

void walk(std::vector<int>& queue) {
  for (int n : queue)
    visit_a(queue, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'queue' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-12]]:5: note: 'visit_a' calls 'visit_b' here
  // CHECK-MESSAGES: :[[@LINE-9]]:5: note: 'visit_b' mutates 'q' here
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'queue' starts here
}

// ---- quiet: a helper that mutates its parameter is fine on its own ----

static void drain(std::vector<int>& q) {
  q.clear();
}

void call_helper_outside_any_loop(std::vector<int>& q) {
  drain(q);
}

void call_helper_on_another_container(std::vector<int>& in, std::vector<int>& scratch) {
  for (int x : in)
    if (x < 0) drain(scratch);
}

static void recurse_forever(std::vector<int>& q, int n) {
  recurse_forever(q, n + 1);
}

void recursion_without_mutation(std::vector<int>& q) {
  for (int x : q)
    recurse_forever(q, x);
}
