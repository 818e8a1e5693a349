// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Every way of copying a map (copy construction, copy assignment, passing by
// value, by-value and init captures, the copies std::thread, std::async and
// std::bind make of by-value arguments, copies of a struct that contains the
// map, directly or nested), each while another thread writes the same map
// without a mutex in common with the copy. Copying a map reads every node of
// it: a concurrent insert or erase can hand the copy a half-linked tree.
// main() runs every case, so ThreadSanitizer confirms each race.

#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "../Inputs/program.h"

static std::size_t count_entries(std::map<std::string, int> table) { return table.size(); }

void copy_construction_while_a_thread_inserts() {
  std::map<int, int> hits{{0, 0}};
  std::thread t([&hits] { hits[1] = 2; });
  auto snapshot = hits;
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: copy of shared map 'hits' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'hits' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:27: note: conflicting write of 'hits' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:22: note: 'hits' declared here
  t.join();
  consume(snapshot.size());
}

void copy_assignment_while_a_thread_erases() {
  std::unordered_map<int, std::string> sessions{{1, "alice"}, {2, "bob"}};
  std::unordered_map<int, std::string> backup;
  std::thread t([&] { sessions.erase(1); });
  backup = sessions;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: copy of shared map 'sessions' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'sessions' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-5]]:23: note: conflicting write of 'sessions' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-8]]:40: note: 'sessions' declared here
  t.join();
  consume(backup.size());
}

void pass_by_value_while_a_thread_writes() {
  std::map<std::string, int> scores{{"alice", 1}};
  std::thread t([&scores] { scores.emplace("bob", 2); });
  consume(count_entries(scores));
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: copy of shared map 'scores' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'scores' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:29: note: conflicting write of 'scores' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:30: note: 'scores' declared here
  t.join();
}

void by_value_capture_while_a_thread_writes() {
  std::map<int, double> prices{{1, 1.5}};
  std::thread writer([&prices] { prices[2] = 2.5; });
  auto report = [prices] { return prices.size(); };
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: copy of shared map 'prices' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'prices' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:34: note: conflicting write of 'prices' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:25: note: 'prices' declared here
  writer.join();
  consume(report());
}

void init_capture_while_a_thread_writes() {
  std::unordered_map<std::string, int> table{{"/", 0}};
  std::thread writer([&table] { table["/health"] = 1; });
  auto route_count = [routes = table] { return routes.size(); };
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: copy of shared map 'table' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'table' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:33: note: conflicting write of 'table' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:40: note: 'table' declared here
  writer.join();
  consume(route_count());
}

void std_thread_copies_its_by_value_argument() {
  std::map<std::string, int> scores{{"alice", 1}};
  std::thread writer([&scores] { scores["bob"] = 2; });
  std::thread reader(count_entries, scores);
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: copy of shared map 'scores' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'scores' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:34: note: conflicting write of 'scores' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:30: note: 'scores' declared here
  writer.join();
  reader.join();
}

void std_async_copies_its_by_value_argument() {
  std::map<std::string, int> scores{{"alice", 1}};
  auto writer = std::async(std::launch::async, [&scores] { scores.erase("alice"); });
  auto total = std::async(std::launch::async, count_entries, scores);
  // CHECK-MESSAGES: :[[@LINE-1]]:62: warning: copy of shared map 'scores' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:17: note: asynchronous task started here
  // CHECK-MESSAGES: :[[@LINE-4]]:49: note: 'scores' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:60: note: conflicting write of 'scores' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:30: note: 'scores' declared here
  writer.wait();
  consume(total.get());
}

void std_bind_copies_its_bound_argument() {
  std::map<std::string, int> scores{{"alice", 1}};
  std::thread writer([&scores] { scores.clear(); });
  auto job = std::bind(count_entries, scores);
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: copy of shared map 'scores' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'scores' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:34: note: conflicting write of 'scores' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:30: note: 'scores' declared here
  writer.join();
  consume(job());
}

void copy_while_the_writer_holds_a_mutex() {
  std::map<int, long> totals{{1, 10}};
  std::mutex mu;
  std::thread t([&] {
    std::lock_guard<std::mutex> lock(mu);
    totals[2] = 20;
  });
  std::map<int, long> copy(totals);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: copy of shared map 'totals' without holding 'mu', which the concurrent write holds [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-6]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-7]]:18: note: 'totals' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: conflicting write of 'totals' here, holding 'mu'
  // CHECK-MESSAGES: :[[@LINE-11]]:23: note: 'totals' declared here
  t.join();
  consume(copy.size());
}

void copy_holding_a_different_mutex() {
  std::map<int, long> totals{{1, 10}};
  std::mutex writers_mu;
  std::mutex readers_mu;
  std::thread t([&] {
    std::lock_guard<std::mutex> lock(writers_mu);
    totals.erase(1);
  });
  std::map<int, long> copy;
  {
    std::lock_guard<std::mutex> lock(readers_mu);
    copy = totals;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: copy of shared map 'totals' without holding 'writers_mu', which the concurrent write holds [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-9]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-10]]:18: note: 'totals' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE-9]]:5: note: conflicting write of 'totals' here, holding 'writers_mu'
    // CHECK-MESSAGES: :[[@LINE-15]]:23: note: 'totals' declared here
  }
  t.join();
  consume(copy.size());
}

static std::size_t snapshot_size(const std::map<int, int> *table) {
  std::map<int, int> copy = *table;
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: copy of shared map '*table' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE+9]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+8]]:32: note: 'counts' is shared with it by pointer through this argument
  // CHECK-MESSAGES: :[[@LINE+8]]:3: note: conflicting write of 'counts' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+5]]:22: note: 'counts' declared here
  return copy.size();
}

void copy_through_a_pointer_in_the_thread() {
  std::map<int, int> counts{{1, 1}};
  std::thread t(snapshot_size, &counts);
  counts[2] = 2;
  t.join();
}

static void archive(const std::unordered_map<int, std::string> &orders) {
  auto archived = orders;
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: copy of shared map 'orders' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE+9]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+8]]:26: note: 'open' is shared with it by reference through this argument
  // CHECK-MESSAGES: :[[@LINE+8]]:3: note: conflicting write of 'open' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+5]]:40: note: 'open' declared here
  consume(archived.size());
}

void copy_in_the_thread_while_the_launcher_writes() {
  std::unordered_map<int, std::string> open{{1, "new"}};
  std::thread t(archive, std::ref(open));
  open.emplace(2, "paid");
  t.join();
}

struct RouteConfig {
  std::map<std::string, int> routes{{"/", 0}};
  int version = 0;
};

struct ServerState {
  RouteConfig cfg;
  long epoch = 0;
};

void copy_of_an_enclosing_struct() {
  RouteConfig cfg;
  std::thread t([&cfg] { cfg.routes["/health"] = 1; });
  RouteConfig copy = cfg;
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: copy of shared map 'cfg.routes' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'routes' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:26: note: conflicting write of 'cfg.routes' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-17]]:30: note: 'routes' declared here
  t.join();
  consume(copy.routes.size());
}

void copy_assignment_of_an_enclosing_struct() {
  RouteConfig cfg;
  RouteConfig current;
  std::thread t([&cfg] { cfg.routes.erase("/"); });
  current = cfg;
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: copy of shared map 'cfg.routes' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'routes' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:26: note: conflicting write of 'cfg.routes' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-31]]:30: note: 'routes' declared here
  t.join();
  consume(current.routes.size());
}

void copy_of_a_struct_nesting_the_map_two_levels_deep() {
  ServerState state;
  std::thread t([&state] { state.cfg.routes["/metrics"] = 2; });
  ServerState saved = state;
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: copy of shared map 'state.cfg.routes' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'routes' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:28: note: conflicting write of 'state.cfg.routes' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-44]]:30: note: 'routes' declared here
  t.join();
  consume(saved.cfg.routes.size());
}

void copy_of_the_member_struct_of_a_shared_object() {
  ServerState state;
  std::thread t([&state] { state.cfg.routes.clear(); });
  RouteConfig cfg = state.cfg;
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: copy of shared map 'state.cfg.routes' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'routes' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:28: note: conflicting write of 'state.cfg.routes' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-57]]:30: note: 'routes' declared here
  t.join();
  consume(cfg.routes.size());
}

std::map<std::string, bool> g_feature_flags{{"dark_mode", false}};

static void enable_flag() { g_feature_flags["beta"] = true; }

void global_map_copied_while_a_thread_writes() {
  std::thread t(enable_flag);
  auto flags = g_feature_flags;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: copy of shared map 'g_feature_flags' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-7]]:29: note: conflicting write of 'g_feature_flags' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-10]]:29: note: 'g_feature_flags' declared here
  t.join();
  consume(flags.size());
}

void threads_in_a_loop_copy_while_the_others_write() {
  std::map<int, int> table{{0, 0}};
  std::vector<std::thread> workers;
  for (int i = 1; i <= 2; ++i)
    workers.emplace_back([&table, i] {
      auto local = table;
      // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: copy of shared map 'table' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
      // CHECK-MESSAGES: :[[@LINE-3]]:5: note: thread started here
      // CHECK-MESSAGES: :[[@LINE-4]]:27: note: 'table' is shared with it by reference capture here
      // CHECK-MESSAGES: :[[@LINE+3]]:7: note: conflicting write of 'table' here, with no lock held
      // CHECK-MESSAGES: :[[@LINE-9]]:22: note: 'table' declared here
      consume(local.size());
      table[i] = i;
    });
  for (std::thread &w : workers)
    w.join();
}

void async_task_returns_the_captured_map_by_value() {
  std::map<int, int> results{{1, 1}};
  auto copied = std::async(std::launch::async, [&results] { return results; });
  // CHECK-MESSAGES: :[[@LINE-1]]:68: warning: copy of shared map 'results' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-2]]:17: note: asynchronous task started here
  // CHECK-MESSAGES: :[[@LINE-3]]:49: note: 'results' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'results' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:22: note: 'results' declared here
  results[2] = 2;
  consume(copied.get().size());
}

void copy_through_a_reference_alias() {
  std::unordered_map<std::string, int> table{{"/", 0}};
  std::thread t([&table] { table["/health"] = 1; });
  const auto &view = table;
  auto copy = view;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: copy of shared map 'view' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-5]]:18: note: 'table' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-6]]:28: note: conflicting write of 'table' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-8]]:40: note: 'table' declared here
  t.join();
  consume(copy.size());
}

static std::size_t summarize(RouteConfig cfg) { return cfg.routes.size(); }

void std_thread_copies_a_struct_argument_holding_the_map() {
  RouteConfig cfg;
  std::thread writer([&cfg] { cfg.routes["/login"] = 3; });
  std::thread reader(summarize, cfg);
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: copy of shared map 'cfg.routes' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'routes' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:31: note: conflicting write of 'cfg.routes' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-131]]:30: note: 'routes' declared here
  writer.join();
  reader.join();
}

void lambda_stored_in_a_variable_before_the_launch() {
  std::map<int, int> totals{{1, 1}};
  auto work = [&totals] {
    auto copy = totals;
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: copy of shared map 'totals' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE+6]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:16: note: 'totals' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+5]]:3: note: conflicting write of 'totals' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-7]]:22: note: 'totals' declared here
    consume(copy.size());
  };
  std::thread t(work);
  totals[2] = 2;
  t.join();
}

static void snapshot_into(const std::map<std::string, int> &table, std::size_t *out) {
  std::map<std::string, int> copy(table);
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: copy of shared map 'table' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE+10]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+9]]:42: note: 'limits' is shared with it by reference through this argument
  // CHECK-MESSAGES: :[[@LINE+9]]:3: note: conflicting write of 'limits' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+5]]:30: note: 'limits' declared here
  *out = copy.size();
}

void std_bind_with_std_ref_copies_in_the_thread() {
  std::map<std::string, int> limits{{"cpu", 4}, {"mem", 16}};
  std::size_t n = 0;
  std::thread t(std::bind(snapshot_into, std::ref(limits), &n));
  limits.erase("cpu");
  t.join();
  consume(n);
}

int main() {
  copy_construction_while_a_thread_inserts();
  copy_assignment_while_a_thread_erases();
  pass_by_value_while_a_thread_writes();
  by_value_capture_while_a_thread_writes();
  init_capture_while_a_thread_writes();
  std_thread_copies_its_by_value_argument();
  std_async_copies_its_by_value_argument();
  std_bind_copies_its_bound_argument();
  copy_while_the_writer_holds_a_mutex();
  copy_holding_a_different_mutex();
  copy_through_a_pointer_in_the_thread();
  copy_in_the_thread_while_the_launcher_writes();
  copy_of_an_enclosing_struct();
  copy_assignment_of_an_enclosing_struct();
  copy_of_a_struct_nesting_the_map_two_levels_deep();
  copy_of_the_member_struct_of_a_shared_object();
  global_map_copied_while_a_thread_writes();
  threads_in_a_loop_copy_while_the_others_write();
  async_task_returns_the_captured_map_by_value();
  copy_through_a_reference_alias();
  std_thread_copies_a_struct_argument_holding_the_map();
  lambda_stored_in_a_variable_before_the_launch();
  std_bind_with_std_ref_copies_in_the_thread();
}
