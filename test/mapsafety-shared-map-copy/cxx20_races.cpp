// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++20
// RUN: %tsan_run --expect=race %s -- -std=c++20

// std::jthread (C++20): it copies its by-value arguments like std::thread, and
// it joins only when it goes out of scope, so the launcher's copies before
// that run concurrently with it.

#include <map>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

static std::size_t count_entries(std::map<std::string, int> table) { return table.size(); }

void jthread_copies_its_by_value_argument() {
  std::map<std::string, int> scores{{"alice", 1}};
  std::jthread writer([&scores] { scores["bob"] = 2; });
  std::jthread reader(count_entries, scores);
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: copy of shared map 'scores' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:16: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:24: note: 'scores' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:35: note: conflicting write of 'scores' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:30: note: 'scores' declared here
}

void copy_before_the_jthread_leaves_its_scope() {
  std::unordered_map<int, std::string> names{{1, "one"}};
  std::unordered_map<int, std::string> copy;
  {
    std::jthread t([&names] { names.erase(1); });
    copy = names;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: copy of shared map 'names' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:18: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:21: note: 'names' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE-5]]:31: note: conflicting write of 'names' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-9]]:40: note: 'names' declared here
  }
  consume(copy.size());
}

void jthread_with_a_stop_token_copies_while_the_launcher_writes() {
  std::map<int, int> jobs{{1, 1}};
  std::jthread t([&jobs](std::stop_token stop) {
    auto pending = jobs;
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: copy of shared map 'jobs' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:16: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:19: note: 'jobs' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+5]]:3: note: conflicting write of 'jobs' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-7]]:22: note: 'jobs' declared here
    if (!stop.stop_requested())
      consume(pending.size());
  });
  jobs[2] = 2;
}

int main() {
  jthread_copies_its_by_value_argument();
  copy_before_the_jthread_leaves_its_scope();
  jthread_with_a_stop_token_copies_while_the_launcher_writes();
}
