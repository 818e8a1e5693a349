// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++20
// RUN: %tsan_run --expect=clean %s -- -std=c++20

// std::jthread (C++20) joins in its destructor: accesses after the jthread has
// gone out of scope, or after an explicit join(), are ordered with it. Only the
// positive control at the end is reported, and ThreadSanitizer stays silent.

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "../Inputs/program.h"

void read_after_the_jthread_left_its_scope() {
  std::unordered_map<int, int> hits;
  {
    std::jthread t([&hits] { hits[1] = 1; });
  }
  consume(hits.size());
}

void write_after_an_explicit_join() {
  std::map<int, int> jobs;
  std::jthread t([&jobs] { jobs[1] = 1; });
  t.join();
  jobs.erase(1);
}

void jthreads_in_a_vector_destroyed_before_the_merge() {
  std::map<int, int> squares;
  std::mutex mu;
  {
    std::vector<std::jthread> workers;
    for (int i = 0; i < 3; ++i)
      workers.emplace_back([&, i] {
        std::lock_guard<std::mutex> lock(mu);
        squares[i] = i * i;
      });
  }
  squares.clear();
}

void jthread_and_launcher_under_one_mutex() {
  std::map<std::string, int> state;
  std::mutex mu;
  std::jthread t([&] {
    std::lock_guard<std::mutex> lock(mu);
    state["busy"] = 1;
  });
  std::lock_guard<std::mutex> lock(mu);
  state.erase("idle");
}

// Positive control (the check must report it): the read comes while the
// jthread is still in scope, so it is not joined yet. Not called from main(),
// so the ThreadSanitizer run covers the safe cases only.
void read_while_the_jthread_is_still_in_scope() {
  std::unordered_map<int, int> hits;
  std::jthread t([&hits] { hits[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: write to shared map 'hits' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:16: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:19: note: 'hits' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:11: note: conflicting read of 'hits' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:32: note: 'hits' declared here
  consume(hits.size());
}

int main() {
  read_after_the_jthread_left_its_scope();
  write_after_an_explicit_join();
  jthreads_in_a_vector_destroyed_before_the_merge();
  jthread_and_launcher_under_one_mutex();
}
