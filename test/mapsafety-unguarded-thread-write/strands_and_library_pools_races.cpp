// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Library executors not covered by pools_and_executors_races.cpp: a handler
// on a Boost.Asio strand races with code that is not on the strand (the
// submitter, a handler posted to the pool itself, a handler of another
// strand), BS::thread_pool's detach_task/submit_task/push_task, and
// QThreadPool::start. (The Steps only make the accesses overlap in time for
// ThreadSanitizer; they synchronise nothing.)

#include <map>
#include <string>
#include <unordered_map>

#include "../Inputs/program.h"
#include "Inputs/BS/BS_thread_pool.hpp"
#include "Inputs/QtConcurrent/QtConcurrent"
#include "Inputs/boost/asio/strand.hpp"

void strand_handler_races_with_the_submitter() {
  std::map<int, int> sessions;
  Step ran;
  boost::asio::thread_pool pool(2);
  auto strand = boost::asio::make_strand(pool);
  boost::asio::post(strand, [&sessions, &ran] {
    sessions[1] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'sessions' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-4]]:30: note: 'sessions' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+4]]:3: note: conflicting write of 'sessions' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-10]]:22: note: 'sessions' declared here
    ran.signal();
  });
  sessions.erase(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'sessions' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-11]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-12]]:30: note: 'sessions' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-12]]:5: note: conflicting write of 'sessions' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-18]]:22: note: 'sessions' declared here
  ran.await();
  pool.join();
}

void strand_handler_races_with_a_pool_handler() {
  std::unordered_map<std::string, int> routes;
  Step ran;
  boost::asio::thread_pool pool(2);
  auto strand = boost::asio::make_strand(pool);
  boost::asio::dispatch(strand, [&routes, &ran] {
    routes["/a"] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'routes' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-4]]:34: note: 'routes' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+6]]:5: note: conflicting write of 'routes' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-10]]:40: note: 'routes' declared here
    ran.signal();
  });
  boost::asio::post(pool, [&routes, &ran] {
    ran.await();
    routes["/b"] = 2;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'routes' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-5]]:28: note: 'routes' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE-14]]:5: note: conflicting write of 'routes' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-20]]:40: note: 'routes' declared here
  });
  pool.join();
}

void handlers_of_two_strands_race() {
  std::map<int, int> totals;
  Step ran;
  boost::asio::thread_pool pool(2);
  auto reads = boost::asio::make_strand(pool);
  auto writes = boost::asio::make_strand(pool);
  boost::asio::post(reads, [&totals, &ran] {
    totals[1] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'totals' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-4]]:29: note: 'totals' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+6]]:5: note: conflicting write of 'totals' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-11]]:22: note: 'totals' declared here
    ran.signal();
  });
  boost::asio::post(writes, [&totals, &ran] {
    ran.await();
    totals[2] = 2;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'totals' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-5]]:30: note: 'totals' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE-14]]:5: note: conflicting write of 'totals' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-21]]:22: note: 'totals' declared here
  });
  pool.join();
}

void bs_thread_pool_detach_task() {
  std::map<int, std::string> results;
  Step ran;
  BS::thread_pool pool(2);
  pool.detach_task([&results, &ran] {
    results[1] = "one";
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'results' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-4]]:21: note: 'results' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+4]]:11: note: conflicting read of 'results' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-9]]:30: note: 'results' declared here
    ran.signal();
  });
  consume(results.size());
  ran.await();
  pool.wait();
}

void bs_thread_pool_submit_task_and_push_task() {
  std::unordered_map<int, int> hits;
  Step ran;
  BS::thread_pool pool(2);
  pool.push_task([&hits, &ran] {
    hits[1] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'hits' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-4]]:19: note: 'hits' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+6]]:5: note: conflicting write of 'hits' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-9]]:32: note: 'hits' declared here
    ran.signal();
  });
  std::future<void> done = pool.submit_task([&hits, &ran] {
    ran.await();
    hits[2] = 2;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'hits' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:28: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-5]]:46: note: 'hits' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE-14]]:5: note: conflicting write of 'hits' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-19]]:32: note: 'hits' declared here
  });
  pool.wait();
}

void qthreadpool_start() {
  std::map<std::string, int> thumbnails;
  Step ran;
  QThreadPool pool;
  pool.start([&thumbnails, &ran] {
    thumbnails["a.png"] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'thumbnails' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: 'thumbnails' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+4]]:3: note: conflicting write of 'thumbnails' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE-9]]:30: note: 'thumbnails' declared here
    ran.signal();
  });
  thumbnails.erase("b.png");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'thumbnails' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-11]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-12]]:15: note: 'thumbnails' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-12]]:5: note: conflicting write of 'thumbnails' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-17]]:30: note: 'thumbnails' declared here
  ran.await();
  pool.waitForDone();
}

int main() {
  strand_handler_races_with_the_submitter();
  strand_handler_races_with_a_pool_handler();
  handlers_of_two_strands_race();
  bs_thread_pool_detach_task();
  bs_thread_pool_submit_task_and_push_task();
  qthreadpool_start();
}
