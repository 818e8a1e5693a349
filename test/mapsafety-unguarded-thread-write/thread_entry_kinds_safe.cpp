// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// The same thread entries as thread_entry_kinds_races.cpp, written correctly:
// the map is locked on every side, ordered by the launch and the join, or not
// shared at all (a copy, a local of the callable, a by-value parameter, a
// thread_local). Only the positive control at the end is reported, and
// ThreadSanitizer stays silent.

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

void both_sides_hold_the_same_lock_guard() {
  std::map<int, int> hits;
  std::mutex mu;
  std::thread t([&hits, &mu] {
    std::lock_guard<std::mutex> lock(mu);
    hits[1] = 2;
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    hits[2] = 3;
  }
  t.join();
}

void written_before_launch_and_after_join() {
  std::map<std::string, int> config;
  config["threads"] = 4;
  std::thread t([&config] { consume(config.count("threads")); });
  t.join();
  config.erase("threads");
}

void captured_by_value_is_a_copy() {
  std::map<int, int> defaults{{1, 1}};
  std::thread t([defaults]() mutable { defaults[2] = 2; });
  defaults[3] = 3;
  t.join();
}

void map_local_to_the_callable() {
  std::unordered_map<int, int> totals;
  std::thread t([] {
    std::unordered_map<int, int> scratch;
    scratch[1] = 1;
    consume(scratch.size());
  });
  totals[1] = 1;
  t.join();
}

static void rebuild_index(std::map<int, std::string> table) {
  table[0] = "rebuilt";
  consume(table.size());
}

static void scan_index(const std::map<int, std::string> &table) { consume(table.size()); }

void by_value_and_const_reference_parameters_get_copies() {
  std::map<int, std::string> index{{1, "a"}};
  std::thread a(rebuild_index, index);
  std::thread b(scan_index, index);
  index[2] = "b";
  a.join();
  b.join();
}

thread_local std::unordered_map<std::string, int> tl_memo;

static void memoize(const std::string &key) { tl_memo[key] = 1; }

void thread_local_map_is_per_thread() {
  std::thread t(memoize, "worker");
  memoize("main");
  t.join();
}

void both_sides_only_read() {
  std::unordered_map<std::string, int> limits{{"cpu", 2}, {"mem", 4}};
  std::thread t([&limits] { consume(limits.count("cpu") + limits.at("mem")); });
  consume(limits.size());
  t.join();
}

class LockedStatsWorker {
public:
  void member_function_entry_locked_everywhere() {
    std::thread t(&LockedStatsWorker::run, this);
    {
      std::lock_guard<std::mutex> lock(mu_);
      stats_.clear();
    }
    t.join();
  }

private:
  void run() { record(7); }
  void record(int key) {
    std::lock_guard<std::mutex> lock(mu_);
    stats_[key]++;
  }
  std::mutex mu_;
  std::map<int, long> stats_;
};

std::map<int, int> g_handlers;
std::mutex g_handlers_mu;

static void register_handler_locked() {
  std::lock_guard<std::mutex> lock(g_handlers_mu);
  g_handlers[1] = 100;
}

void global_map_locked_on_every_side() {
  std::thread t(register_handler_locked);
  {
    std::lock_guard<std::mutex> lock(g_handlers_mu);
    g_handlers.erase(2);
  }
  t.join();
}

static void fill_defaults(std::map<std::string, int> &table) { table["retries"] = 3; }

void std_ref_argument_joined_before_next_write() {
  std::map<std::string, int> settings;
  std::thread t(fill_defaults, std::ref(settings));
  t.join();
  settings.erase("retries");
}

const std::map<int, const char *> kStatusNames = {{200, "OK"}, {404, "Not Found"}};

void const_global_table_is_only_read() {
  std::thread t([] { consume(kStatusNames.count(200)); });
  consume(kStatusNames.at(404)[0]);
  t.join();
}

void thread_and_launcher_write_different_maps() {
  std::map<int, int> mine, theirs;
  std::thread t([&theirs] { theirs[1] = 1; });
  mine[1] = 1;
  t.join();
}

void joined_on_every_path_before_the_read(bool fast) {
  std::unordered_map<int, int> jobs;
  std::thread t([&jobs] { jobs[1] = 1; });
  if (fast) {
    t.join();
    consume(jobs.size());
    return;
  }
  t.join();
  consume(jobs.size());
}

// Positive control (the check must report it):
// both_sides_hold_the_same_lock_guard with the thread's lock missing. Not called
// from main(), so the ThreadSanitizer run covers the safe cases only.
void only_the_launcher_holds_the_lock() {
  std::map<int, int> hits;
  std::mutex mu;
  std::thread t([&hits] { hits[1] = 2; });
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: write to shared map 'hits' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'hits' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+4]]:5: note: conflicting write of 'hits' here, holding 'mu'
  // CHECK-MESSAGES: :[[@LINE-7]]:22: note: 'hits' declared here
  {
    std::lock_guard<std::mutex> lock(mu);
    hits[2] = 3;
  }
  t.join();
}

int main() {
  both_sides_hold_the_same_lock_guard();
  written_before_launch_and_after_join();
  captured_by_value_is_a_copy();
  map_local_to_the_callable();
  by_value_and_const_reference_parameters_get_copies();
  thread_local_map_is_per_thread();
  both_sides_only_read();
  LockedStatsWorker().member_function_entry_locked_everywhere();
  global_map_locked_on_every_side();
  std_ref_argument_joined_before_next_write();
  const_global_table_is_only_read();
  thread_and_launcher_write_different_maps();
  joined_on_every_path_before_the_read(true);
  joined_on_every_path_before_the_read(false);
}
