// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Library executors used correctly: handlers posted to one Boost.Asio strand
// (post, dispatch, bind_executor, in a loop) never overlap with each other,
// so they need no mutex between them; BS::thread_pool and QThreadPool are
// waited for before the submitter touches the map. Only the positive control
// at the end is reported, and ThreadSanitizer stays silent.

#include <map>
#include <string>

#include "../Inputs/program.h"
#include "Inputs/BS/BS_thread_pool.hpp"
#include "Inputs/QtConcurrent/QtConcurrent"
#include "Inputs/boost/asio/strand.hpp"

void handlers_on_one_strand() {
  std::map<int, int> sessions;
  boost::asio::thread_pool pool(2);
  auto strand = boost::asio::make_strand(pool);
  boost::asio::post(strand, [&sessions] { sessions[1] = 1; });
  boost::asio::dispatch(strand, [&sessions] { sessions.erase(1); });
  boost::asio::post(pool, boost::asio::bind_executor(strand, [&sessions] { sessions[2] = 2; }));
  pool.join();
  consume(sessions.size());
}

void strand_handlers_posted_in_a_loop() {
  std::map<std::string, int> counts;
  boost::asio::thread_pool pool(4);
  auto strand = boost::asio::make_strand(pool);
  for (int i = 0; i < 4; ++i)
    boost::asio::post(strand, [&counts] { counts["requests"] += 1; });
  pool.join();
}

void bs_pool_waited_before_the_read() {
  std::map<int, std::string> results;
  BS::thread_pool pool(2);
  pool.detach_task([&results] { results[1] = "one"; });
  pool.wait();
  consume(results.size());
}

void qthreadpool_waited_before_the_write() {
  std::map<std::string, int> thumbnails;
  QThreadPool pool;
  pool.start([&thumbnails] { thumbnails["a.png"] = 1; });
  pool.waitForDone();
  thumbnails.erase("a.png");
}

// Positive control (the check must report it): handlers_on_one_strand with
// one more write made by the submitter, off the strand. Not called from
// main(), so the ThreadSanitizer run covers the safe cases only.
void submitter_writes_off_the_strand() {
  std::map<int, int> sessions;
  boost::asio::thread_pool pool(2);
  auto strand = boost::asio::make_strand(pool);
  boost::asio::post(strand, [&sessions] { sessions[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: write to shared map 'sessions' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 'sessions' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'sessions' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-8]]:22: note: 'sessions' declared here
  sessions[3] = 3;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'sessions' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-9]]:30: note: 'sessions' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-10]]:43: note: conflicting write of 'sessions' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-14]]:22: note: 'sessions' declared here
  pool.join();
}

int main() {
  handlers_on_one_strand();
  strand_handlers_posted_in_a_loop();
  bs_pool_waited_before_the_read();
  qthreadpool_waited_before_the_write();
}
