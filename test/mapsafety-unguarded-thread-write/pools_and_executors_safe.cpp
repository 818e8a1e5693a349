// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Pool and executor submissions written correctly: the map is locked on both
// sides, copied into the task, local to it, or only touched after the pool is
// joined (thread_pool::join(), task_group::wait(), pthread_join). Only the
// positive control at the end is reported, and ThreadSanitizer stays silent.

#include <map>
#include <mutex>
#include <pthread.h>
#include <string>
#include <unordered_map>

#include "../Inputs/boost/asio.hpp"
#include "Inputs/folly/executors/CPUThreadPoolExecutor.h"
#include "../Inputs/program.h"
#include "Inputs/tbb/task_group.h"

void asio_post_both_sides_locked() {
  std::unordered_map<int, int> hits;
  std::mutex mu;
  boost::asio::thread_pool pool(2);
  boost::asio::post(pool, [&] {
    std::lock_guard<std::mutex> lock(mu);
    hits[1] = 1;
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    hits[2] = 2;
  }
  pool.join();
}

void asio_pool_joined_before_the_read() {
  std::map<int, int> results;
  boost::asio::thread_pool pool(1);
  boost::asio::post(pool, [&results] { results[1] = 1; });
  pool.join();
  consume(results.size());
}

void folly_task_gets_a_copy() {
  std::map<std::string, int> snapshot{{"a", 1}};
  folly::CPUThreadPoolExecutor executor(1);
  executor.add([snapshot]() mutable {
    snapshot["b"] = 2;
    consume(snapshot.size());
  });
  snapshot.erase("a");
  executor.join();
}

void tbb_tasks_fill_local_maps_and_merge_under_a_lock() {
  std::map<std::string, int> totals;
  std::mutex mu;
  tbb::task_group group;
  for (int i = 0; i < 2; ++i)
    group.run([&totals, &mu] {
      std::map<std::string, int> local{{"rows", 10}};
      std::lock_guard<std::mutex> lock(mu);
      for (const auto &kv : local)
        totals[kv.first] += kv.second;
    });
  group.wait();
}

void tbb_task_group_waited_before_the_write() {
  std::unordered_map<int, int> partial;
  tbb::task_group group;
  group.run([&partial] { partial[1] = 1; });
  group.wait();
  partial.erase(1);
}

static void *pthread_count(void *arg) {
  auto *table = static_cast<std::map<int, int> *>(arg);
  table->emplace(1, 1);
  return nullptr;
}

void pthread_joined_before_the_write() {
  std::map<int, int> counts;
  pthread_t worker;
  pthread_create(&worker, nullptr, pthread_count, &counts);
  pthread_join(worker, nullptr);
  counts.emplace(2, 2);
}

struct LockedTable {
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  std::map<int, int> rows;
};

static void *pthread_insert_locked(void *arg) {
  auto *table = static_cast<LockedTable *>(arg);
  pthread_mutex_lock(&table->mu);
  table->rows[1] = 1;
  pthread_mutex_unlock(&table->mu);
  return nullptr;
}

void pthread_mutex_on_both_sides() {
  LockedTable table;
  pthread_t worker;
  pthread_create(&worker, nullptr, pthread_insert_locked, &table);
  pthread_mutex_lock(&table.mu);
  table.rows[2] = 2;
  pthread_mutex_unlock(&table.mu);
  pthread_join(worker, nullptr);
}

// Positive control (the check must report it): asio_post_both_sides_locked
// with the submitter's lock missing. Not called from main(), so the
// ThreadSanitizer run covers the safe cases only.
void asio_post_only_the_task_locked() {
  std::unordered_map<int, int> hits;
  std::mutex mu;
  boost::asio::thread_pool pool(2);
  boost::asio::post(pool, [&] {
    std::lock_guard<std::mutex> lock(mu);
    hits[1] = 1;
  });
  hits[2] = 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'hits' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-7]]:28: note: 'hits' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: conflicting write of 'hits' here, holding 'mu'
  // CHECK-MESSAGES: :[[@LINE-12]]:32: note: 'hits' declared here
  pool.join();
}

int main() {
  asio_post_both_sides_locked();
  asio_pool_joined_before_the_read();
  folly_task_gets_a_copy();
  tbb_tasks_fill_local_maps_and_merge_under_a_lock();
  tbb_task_group_waited_before_the_write();
  pthread_joined_before_the_write();
  pthread_mutex_on_both_sides();
}
