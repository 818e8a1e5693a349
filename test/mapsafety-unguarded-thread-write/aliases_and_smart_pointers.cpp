// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Maps the thread reaches through something other than the map's own name: a
// shared_ptr captured by value (the copy points to the same map) and a
// reference variable captured instead of the map. The negatives at the end
// are shaped the same but do not race; they are race-free under TSan too
// (their main() calls them before the positives, which race).

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include "../Inputs/program.h"

void shared_ptr_captured_by_value() {
  auto cache = std::make_shared<std::map<int, int>>();
  Step written;
  std::thread t([cache, &written] { cache->emplace(1, 1); written.signal(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: write to shared map '*cache' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'cache' is shared with it through a copy of the pointer captured here
  // CHECK-MESSAGES: :[[@LINE+3]]:12: note: conflicting read of '*cache' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:8: note: 'cache' declared here
  written.await();
  auto n = cache->size();
  t.join();
  consume(n);
}

void shared_ptr_of_a_session_table_copied_into_a_worker() {
  auto sessions = std::make_shared<std::unordered_map<std::string, int>>();
  Step started;
  std::thread reaper([sessions, &started] {
    started.await();
    sessions->erase("idle");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map '*sessions' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:23: note: 'sessions' is shared with it through a copy of the pointer captured here
    // CHECK-MESSAGES: :[[@LINE+3]]:3: note: conflicting write of '(*sessions)' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-9]]:8: note: 'sessions' declared here
  });
  (*sessions)["new"] = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map '(*sessions)' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-11]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-12]]:23: note: 'sessions' is shared with it through a copy of the pointer captured here
  // CHECK-MESSAGES: :[[@LINE-11]]:5: note: conflicting write of '*sessions' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-16]]:8: note: 'sessions' declared here
  started.signal();
  reaper.join();
}

void reference_alias_captured_instead_of_the_map() {
  std::map<int, int> inventory;
  std::map<int, int> &stock = inventory;
  Step erased;
  std::thread t([&stock, &erased] { stock.erase(1); erased.signal(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: write to shared map 'stock' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'inventory' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+3]]:3: note: conflicting write of 'inventory' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-8]]:22: note: 'inventory' declared here
  erased.await();
  inventory[2] = 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'inventory' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-9]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-10]]:18: note: 'inventory' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-11]]:37: note: conflicting write of 'stock' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-15]]:22: note: 'inventory' declared here
  t.join();
}

// ---- negatives ------------------------------------------------------------

void shared_ptr_captured_by_value_both_sides_locked() {
  auto cache = std::make_shared<std::map<int, int>>();
  std::mutex mu;
  std::thread t([cache, &mu] {
    std::lock_guard<std::mutex> lock(mu);
    cache->emplace(1, 1);
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    consume(cache->size());
  }
  t.join();
}

void thread_makes_its_own_map_behind_a_shared_ptr() {
  auto cache = std::make_shared<std::map<int, int>>();
  std::thread t([] {
    auto mine = std::make_shared<std::map<int, int>>();
    mine->emplace(1, 1);
    consume(mine->size());
  });
  cache->emplace(2, 2);
  t.join();
}

void shared_ptr_read_only_after_the_join() {
  auto cache = std::make_shared<std::map<int, int>>();
  std::thread t([cache] { cache->emplace(1, 1); });
  t.join();
  consume(cache->size());
}

void reference_alias_used_only_after_the_join() {
  std::map<int, int> inventory;
  std::map<int, int> &stock = inventory;
  std::thread t([&stock] { stock.erase(1); });
  t.join();
  inventory[2] = 2;
}

int main() {
  shared_ptr_captured_by_value_both_sides_locked();
  thread_makes_its_own_map_behind_a_shared_ptr();
  shared_ptr_read_only_after_the_join();
  reference_alias_used_only_after_the_join();
  shared_ptr_captured_by_value();
  shared_ptr_of_a_session_table_copied_into_a_worker();
  reference_alias_captured_instead_of_the_map();
}
