// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++20
// RUN: %tsan_run --expect=race %s -- -std=c++20

// std::jthread (C++20) joins in its destructor: the launcher's accesses before
// the jthread goes out of scope run concurrently with it.

#include <map>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "../Inputs/program.h"

void jthread_writes_while_the_launcher_reads() {
  std::unordered_map<int, int> hits;
  std::jthread t([&hits] { hits[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: write to shared map 'hits' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:16: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:19: note: 'hits' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:11: note: conflicting read of 'hits' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:32: note: 'hits' declared here
  consume(hits.size());
}

void jthreads_emplaced_in_a_loop() {
  std::map<int, int> squares;
  std::vector<std::jthread> workers;
  for (int i = 0; i < 3; ++i)
    workers.emplace_back([&squares, i] { squares[i] = i * i; });
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: write to shared map 'squares' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:5: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:27: note: 'squares' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-4]]:42: note: the same write runs on another thread at the same time
  // CHECK-MESSAGES: :[[@LINE-8]]:22: note: 'squares' declared here
}

void jthread_with_a_stop_token() {
  std::map<std::string, int> state{{"idle", 1}};
  std::jthread t([&state](std::stop_token stop) {
    state.erase("idle");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'state' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:16: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:19: note: 'state' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+5]]:3: note: conflicting write of 'state' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-7]]:30: note: 'state' declared here
    while (!stop.stop_requested())
      std::this_thread::yield();
  });
  state["busy"] = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'state' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-12]]:16: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-13]]:19: note: 'state' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-13]]:5: note: conflicting write of 'state' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-16]]:30: note: 'state' declared here
}

int main() {
  jthread_writes_while_the_launcher_reads();
  jthreads_emplaced_in_a_loop();
  jthread_with_a_stop_token();
}
