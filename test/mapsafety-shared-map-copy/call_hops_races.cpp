// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17
// RUN: %tsan_run --expect=race %s

// The copy is not in the thread's callable itself but in what it calls
// (functions of this file, up to CallDepth = 3 calls deep), and the write it
// races with may be reached through calls too. Each call on the way is a note:
// "reached through this call" on the copy's side, "the other access is
// reached through this call" on the write's side. A helper that copies or
// writes a map it is handed by reference is not blamed itself: the access is
// the call's that hands the map over.

#include <map>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

class Catalog {
public:
  void export_while_adding() {
    std::thread t(&Catalog::run_export, this);
    items_[3] = "lamp";
    t.join();
  }

private:
  static void send(std::map<int, std::string> items) { consume(items.size()); }
  void run_export() { write_report(); }
  void write_report() { send(items_); }
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: copy of shared map 'items_' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:23: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE-11]]:17: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-12]]:17: note: 'items_' is shared with it through 'this', which the thread runs on
  // CHECK-MESSAGES: :[[@LINE-12]]:5: note: conflicting write of 'items_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+1]]:30: note: 'items_' declared here
  std::map<int, std::string> items_{{1, "desk"}};
};

void copy_one_call_below_a_member_function_entry() { Catalog().export_while_adding(); }

std::unordered_map<std::string, int> g_inventory{{"bolts", 100}};

static void stage_three() {
  auto counted = g_inventory;
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: copy of shared map 'g_inventory' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE+12]]:22: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+8]]:27: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+6]]:27: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+9]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+9]]:3: note: conflicting write of 'g_inventory' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-10]]:38: note: 'g_inventory' declared here
  consume(counted.size());
}
static void stage_two() { stage_three(); }
static void stage_one() { stage_two(); }

void copy_three_calls_deep_the_default_call_depth() {
  std::thread t([] { stage_one(); });
  g_inventory["nuts"] = 50;
  t.join();
}

static void reset(std::unordered_map<int, int> &table) { table.clear(); }
static void refresh(std::unordered_map<int, int> &table) { reset(table); }

void write_reached_through_two_calls() {
  std::unordered_map<int, int> load{{1, 1}};
  std::thread t([&load] {
    auto copy = load;
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: copy of shared map 'load' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'load' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+6]]:3: note: conflicting write of 'load' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-10]]:60: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-12]]:58: note: 'load' is written here through parameter 'table'
    // CHECK-MESSAGES: :[[@LINE-9]]:32: note: 'load' declared here
    consume(copy.size());
  });
  refresh(load);
  t.join();
}

static std::size_t count_by_value(std::map<std::string, int> table) { return table.size(); }
static void report(const std::map<std::string, int> &table) { consume(count_by_value(table)); }

// The helper copies the map it is handed: the copy is the call's, reported at
// the argument that hands the map over.
void launcher_copies_through_a_helper() {
  std::map<std::string, int> settings{{"timeout", 30}};
  std::thread t([&settings] { settings["retries"] = 3; });
  report(settings);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: copy of shared map 'settings' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-9]]:86: note: 'settings' is copied here through parameter 'table'
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-5]]:18: note: 'settings' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-6]]:31: note: conflicting write of 'settings' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-8]]:30: note: 'settings' declared here
  t.join();
}

class NameRegistry {
public:
  void add(const std::string &name) { names_[name] = 1; }
  std::map<std::string, int> snapshot() const { return names_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:56: warning: copy of shared map 'names_' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE+14]]:16: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+12]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+11]]:18: note: 'names_' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+10]]:26: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE-7]]:39: note: conflicting write of 'names_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+3]]:30: note: 'names_' declared here

private:
  std::map<std::string, int> names_{{"root", 0}};
};

void return_by_value_of_a_member_called_on_a_shared_object() {
  NameRegistry reg;
  std::thread t([&reg] { reg.add("guest"); });
  auto names = reg.snapshot();
  t.join();
  consume(names.size());
}

int main() {
  copy_one_call_below_a_member_function_entry();
  copy_three_calls_deep_the_default_call_depth();
  write_reached_through_two_calls();
  launcher_copies_through_a_helper();
  return_by_value_of_a_member_called_on_a_shared_object();
}
