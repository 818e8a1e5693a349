// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Work handed to a thread pool or an executor runs on another thread while the
// submitter goes on: Boost.Asio post/dispatch/defer, folly executors' add,
// oneTBB's task_group::run, QtConcurrent::run and pthread_create. The stubs in
// Inputs/ have the real names and call shapes and really run the work on
// other threads.

#include <map>
#include <pthread.h>
#include <string>
#include <unordered_map>

#include "Inputs/QtConcurrent/QtConcurrent"
#include "../Inputs/boost/asio.hpp"
#include "Inputs/folly/executors/CPUThreadPoolExecutor.h"
#include "../Inputs/program.h"
#include "Inputs/tbb/task_group.h"

void asio_post_lambda_writes_while_submitter_reads() {
  std::unordered_map<int, int> hits;
  boost::asio::thread_pool pool(2);
  boost::asio::post(pool, [&hits] { hits[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: write to shared map 'hits' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: 'hits' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:11: note: conflicting read of 'hits' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:32: note: 'hits' declared here
  consume(hits.size());
  pool.join();
}

void asio_dispatch_both_write() {
  std::map<int, int> jobs;
  boost::asio::thread_pool pool(1);
  boost::asio::dispatch(pool, [&] { jobs[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: write to shared map 'jobs' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-3]]:32: note: 'jobs' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'jobs' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:22: note: 'jobs' declared here
  jobs[2] = 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'jobs' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-9]]:32: note: 'jobs' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-10]]:37: note: conflicting write of 'jobs' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-13]]:22: note: 'jobs' declared here
  pool.join();
}

void asio_defer_erases_while_submitter_inserts() {
  std::map<std::string, int> sessions{{"old", 1}};
  boost::asio::thread_pool pool(1);
  boost::asio::defer(pool, [&sessions] { sessions.erase("old"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: write to shared map 'sessions' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-3]]:29: note: 'sessions' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'sessions' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:30: note: 'sessions' declared here
  sessions["new"] = 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'sessions' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-9]]:29: note: 'sessions' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-10]]:42: note: conflicting write of 'sessions' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-13]]:30: note: 'sessions' declared here
  pool.join();
}

void asio_post_to_the_pools_executor() {
  std::unordered_map<int, std::string> names{{1, "one"}};
  boost::asio::thread_pool pool(2);
  boost::asio::post(pool.get_executor(), [&names] { names[2] = "two"; });
  // CHECK-MESSAGES: :[[@LINE-1]]:53: warning: write to shared map 'names' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-3]]:43: note: 'names' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:11: note: conflicting read of 'names' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:40: note: 'names' declared here
  consume(names.count(1));
  pool.join();
}

void folly_cpu_pool_add() {
  std::map<int, int> results;
  folly::CPUThreadPoolExecutor executor(2);
  executor.add([&results] { results[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: write to shared map 'results' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-3]]:17: note: 'results' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'results' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:22: note: 'results' declared here
  results.erase(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'results' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-9]]:17: note: 'results' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-10]]:29: note: conflicting write of 'results' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-13]]:22: note: 'results' declared here
  results[3] = 3;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'results' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-14]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-15]]:17: note: 'results' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-16]]:29: note: conflicting write of 'results' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-19]]:22: note: 'results' declared here
  executor.join();
}

class ConfigCache {
public:
  void refresh_async(folly::Executor &executor) {
    executor.add([this] { entries_["reloaded"] = "yes"; });
    // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: write to shared map 'entries_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: task submitted to another thread here
    // CHECK-MESSAGES: :[[@LINE-3]]:19: note: 'entries_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE+3]]:37: note: conflicting read of 'entries_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+5]]:48: note: 'entries_' declared here
  }
  std::size_t size() const { return entries_.size(); }

private:
  std::unordered_map<std::string, std::string> entries_;
};

void folly_executor_reference_task_outlives_the_submitter() {
  folly::CPUThreadPoolExecutor pool(1);
  ConfigCache cache;
  cache.refresh_async(pool);
  consume(cache.size());
  pool.join();
}

void tbb_task_group_run() {
  std::unordered_map<int, int> partial;
  tbb::task_group group;
  group.run([&] { partial[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: write to shared map 'partial' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-3]]:14: note: 'partial' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'partial' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:32: note: 'partial' declared here
  partial[2] = 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'partial' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-9]]:14: note: 'partial' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-10]]:19: note: conflicting write of 'partial' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-13]]:32: note: 'partial' declared here
  group.wait();
}

static void *pthread_worker(void *arg) {
  auto *table = static_cast<std::map<int, int> *>(arg);
  table->emplace(1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map '*table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+10]]:3: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+9]]:52: note: 'counts' is shared with it by pointer through this argument
  // CHECK-MESSAGES: :[[@LINE+9]]:3: note: conflicting write of 'counts' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+5]]:22: note: 'counts' declared here
  return nullptr;
}

void pthread_create_with_a_pointer_argument() {
  std::map<int, int> counts;
  pthread_t worker;
  pthread_create(&worker, nullptr, pthread_worker, &counts);
  counts.emplace(2, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'counts' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:52: note: 'counts' is shared with it by pointer through this argument
  // CHECK-MESSAGES: :[[@LINE-17]]:3: note: conflicting write of '*table' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-8]]:22: note: 'counts' declared here
  pthread_join(worker, nullptr);
}

void qt_concurrent_run() {
  std::unordered_map<int, int> thumbnails;
  QFuture<void> done = QtConcurrent::run([&thumbnails] { thumbnails[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:58: warning: write to shared map 'thumbnails' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:24: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-3]]:43: note: 'thumbnails' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:11: note: conflicting read of 'thumbnails' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:32: note: 'thumbnails' declared here
  consume(thumbnails.size());
  done.waitForFinished();
}

void qt_concurrent_run_on_a_thread_pool() {
  std::map<std::string, int> sizes;
  QFuture<void> done = QtConcurrent::run(QThreadPool::globalInstance(), [&] { sizes["a.png"] = 10; });
  // CHECK-MESSAGES: :[[@LINE-1]]:79: warning: write to shared map 'sizes' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:24: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-3]]:74: note: 'sizes' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'sizes' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:30: note: 'sizes' declared here
  sizes["b.png"] = 20;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'sizes' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:24: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-9]]:74: note: 'sizes' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-10]]:79: note: conflicting write of 'sizes' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-12]]:30: note: 'sizes' declared here
  done.waitForFinished();
}

int main() {
  asio_post_lambda_writes_while_submitter_reads();
  asio_dispatch_both_write();
  asio_defer_erases_while_submitter_inserts();
  asio_post_to_the_pools_executor();
  folly_cpu_pool_add();
  folly_executor_reference_task_outlives_the_submitter();
  tbb_task_group_run();
  pthread_create_with_a_pointer_argument();
  qt_concurrent_run();
  qt_concurrent_run_on_a_thread_pool();
}
