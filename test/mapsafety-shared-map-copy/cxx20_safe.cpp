// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++20
// RUN: %tsan_run --expect=clean %s -- -std=c++20

// std::jthread (C++20) copies made correctly: the jthread copies its by-value
// argument when it is constructed, before the launcher writes the map, and a
// copy made after the jthread left its scope (joined) races with nothing. Only
// the positive control at the end is reported, and ThreadSanitizer stays
// silent.

#include <map>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

static std::size_t count_entries(std::map<std::string, int> table) { return table.size(); }

void jthread_copies_the_argument_before_the_launcher_writes() {
  std::map<std::string, int> scores{{"alice", 1}};
  std::jthread reader(count_entries, scores);
  scores["bob"] = 2;
}

void copy_after_the_jthread_left_its_scope() {
  std::unordered_map<int, std::string> names{{1, "one"}};
  {
    std::jthread t([&names] { names.erase(1); });
  }
  auto copy = names;
  consume(copy.size());
}

// Positive control (the check must report it): the copy is made while the
// jthread that erases is still in scope, so not joined yet. Not called from
// main(), so the ThreadSanitizer run covers the safe cases only.
void copy_while_the_jthread_is_still_in_scope() {
  std::unordered_map<int, std::string> names{{1, "one"}};
  std::jthread t([&names] { names.erase(1); });
  auto copy = names;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: copy of shared map 'names' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:16: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: 'names' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:29: note: conflicting write of 'names' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:40: note: 'names' declared here
  consume(copy.size());
}

int main() {
  jthread_copies_the_argument_before_the_launcher_writes();
  copy_after_the_jthread_left_its_scope();
}
