// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Every way of handing a callable to a std::thread, and every way of sharing
// the map with it, each with a real race: the thread and its launcher (or two
// threads) touch the map at the same time and at least one of them writes.
// main() runs every case, so ThreadSanitizer confirms each race.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

void lambda_explicit_reference_capture() {
  std::map<int, int> hits;
  std::thread t([&hits] { hits[1] = 2; });
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: write to shared map 'hits' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'hits' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:12: note: conflicting read of 'hits' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:22: note: 'hits' declared here
  auto n = hits.size();
  t.join();
  consume(n);
}

void lambda_reference_capture_default_both_write() {
  std::unordered_map<int, int> seen;
  std::thread t([&] { seen.emplace(1, 1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: write to shared map 'seen' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'seen' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'seen' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:32: note: 'seen' declared here
  seen.emplace(2, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'seen' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-9]]:18: note: 'seen' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-10]]:23: note: conflicting write of 'seen' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-12]]:32: note: 'seen' declared here
  t.join();
}

static void fill_scores(std::map<std::string, int> &table) {
  table["alice"] = 10;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+8]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+7]]:30: note: 'scores' is shared with it by reference through this argument
  // CHECK-MESSAGES: :[[@LINE+7]]:3: note: conflicting write of 'scores' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+4]]:30: note: 'scores' declared here
}

void function_entry_with_std_ref_argument() {
  std::map<std::string, int> scores;
  std::thread t(fill_scores, std::ref(scores));
  scores.erase("bob");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'scores' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:30: note: 'scores' is shared with it by reference through this argument
  // CHECK-MESSAGES: :[[@LINE-15]]:3: note: conflicting write of 'table' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:30: note: 'scores' declared here
  t.join();
}

static void count_word(std::unordered_map<std::string, int> *counts) {
  counts->emplace("word", 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map '*counts' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+8]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+7]]:29: note: 'words' is shared with it by pointer through this argument
  // CHECK-MESSAGES: :[[@LINE+7]]:3: note: conflicting write of 'words' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+4]]:40: note: 'words' declared here
}

void function_entry_with_pointer_argument() {
  std::unordered_map<std::string, int> words;
  std::thread t(count_word, &words);
  words.clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'words' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:29: note: 'words' is shared with it by pointer through this argument
  // CHECK-MESSAGES: :[[@LINE-15]]:3: note: conflicting write of '*counts' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:40: note: 'words' declared here
  t.join();
}

class StatsWorker {
public:
  void member_function_entry_on_this() {
    std::thread t(&StatsWorker::run, this);
    stats_.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'stats_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:17: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:17: note: 'stats_' is shared with it through 'this', which the thread runs on
    // CHECK-MESSAGES: :[[@LINE+7]]:16: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE+7]]:26: note: conflicting write of 'stats_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+13]]:23: note: 'stats_' declared here
    t.join();
  }

private:
  void run() { record(7); }
  void record(int key) { stats_[key]++; }
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: write to shared map 'stats_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:16: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE-16]]:17: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-17]]:17: note: 'stats_' is shared with it through 'this', which the thread runs on
  // CHECK-MESSAGES: :[[@LINE-17]]:5: note: conflicting write of 'stats_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+1]]:23: note: 'stats_' declared here
  std::map<int, long> stats_;
};

class PriceCache {
public:
  void lambda_capturing_this() {
    std::thread t([this] { entries_["eur"] = 1.1; });
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: write to shared map 'entries_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-2]]:17: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-3]]:20: note: 'entries_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE+2]]:18: note: conflicting read of 'entries_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+7]]:43: note: 'entries_' declared here
    auto known = entries_.count("usd");
    t.join();
    consume(known);
  }

private:
  std::unordered_map<std::string, double> entries_;
};

struct DedupFunctor {
  void operator()() { seen[42] = true; }
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: write to shared map 'seen' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+9]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+8]]:15: note: 'seen' is shared with it through 'dedup', the object the thread runs on
  // CHECK-MESSAGES: :[[@LINE+8]]:12: note: conflicting read of 'dedup.seen' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+1]]:23: note: 'seen' declared here
  std::map<int, bool> seen;
};

void functor_passed_by_std_ref() {
  DedupFunctor dedup;
  std::thread t(std::ref(dedup));
  auto n = dedup.seen.size();
  t.join();
  consume(n);
}

static void add_user(std::map<int, std::string> &table, int id) {
  table[id] = "user";
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+8]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+7]]:37: note: 'users' is shared with it by reference through this argument
  // CHECK-MESSAGES: :[[@LINE+7]]:3: note: conflicting write of 'users' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+4]]:30: note: 'users' declared here
}

void std_bind_with_std_ref_argument() {
  std::map<int, std::string> users;
  std::thread t(std::bind(add_user, std::ref(users), 5));
  users.erase(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'users' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:37: note: 'users' is shared with it by reference through this argument
  // CHECK-MESSAGES: :[[@LINE-15]]:3: note: conflicting write of 'table' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:30: note: 'users' declared here
  t.join();
}

std::map<int, int> g_registry;

static void register_handler() {
  g_registry[1] = 100;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'g_registry' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+6]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+6]]:3: note: conflicting write of 'g_registry' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:20: note: 'g_registry' declared here
}

void global_map_written_by_function_entry() {
  std::thread t(register_handler);
  g_registry.erase(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'g_registry' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-12]]:3: note: conflicting write of 'g_registry' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-16]]:20: note: 'g_registry' declared here
  t.join();
}

static void bump_local_static() {
  static std::map<int, int> calls;
  calls[1]++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'calls' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+6]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the same write runs on another thread at the same time
  // CHECK-MESSAGES: :[[@LINE-5]]:29: note: 'calls' declared here
}

void function_local_static_in_two_threads() {
  std::thread a(bump_local_static);
  std::thread b(bump_local_static);
  a.join();
  b.join();
}

void pointer_to_the_map_captured_by_value() {
  std::map<int, int> totals;
  std::map<int, int> *view = &totals;
  std::thread t([view] { view->emplace(1, 1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: write to shared map '*view' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'totals' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:22: note: 'totals' declared here
  totals.emplace(2, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'totals' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-7]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-8]]:26: note: conflicting write of '*view' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-11]]:22: note: 'totals' declared here
  t.join();
}

void lambda_stored_in_a_variable_before_the_launch() {
  std::unordered_map<int, int> totals;
  auto work = [&totals] { totals[1] = 1; };
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: write to shared map 'totals' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+4]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:16: note: 'totals' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+3]]:11: note: conflicting read of 'totals' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:32: note: 'totals' declared here
  std::thread t(work);
  consume(totals.size());
  t.join();
}

void read_on_the_path_that_does_not_join_first(bool fast) {
  std::unordered_map<int, int> jobs;
  std::thread t([&jobs] { jobs[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: write to shared map 'jobs' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'jobs' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+6]]:11: note: conflicting read of 'jobs' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:32: note: 'jobs' declared here
  if (fast) {
    t.join();
    return;
  }
  consume(jobs.size());
  t.join();
}

int main() {
  lambda_explicit_reference_capture();
  lambda_reference_capture_default_both_write();
  function_entry_with_std_ref_argument();
  function_entry_with_pointer_argument();
  StatsWorker().member_function_entry_on_this();
  PriceCache().lambda_capturing_this();
  functor_passed_by_std_ref();
  std_bind_with_std_ref_argument();
  global_map_written_by_function_entry();
  function_local_static_in_two_threads();
  pointer_to_the_map_captured_by_value();
  lambda_stored_in_a_variable_before_the_launch();
  read_on_the_path_that_does_not_join_first(false);
}
