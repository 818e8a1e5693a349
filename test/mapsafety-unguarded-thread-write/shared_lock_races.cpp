// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Reader locks and unlocked reads. A std::shared_lock lets every reader in at
// once, so a write under it (the `m[k] = v` that -Wthread-safety accepts as a
// read) races with the other readers; and a read or an iteration without the
// lock that the writer holds races with the write ("concurrent map iteration
// and map write").

#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "../Inputs/program.h"

void operator_brackets_under_shared_lock() {
  std::unordered_map<std::string, int> hits;
  std::shared_mutex mu;
  std::thread t([&hits, &mu] {
    std::shared_lock<std::shared_mutex> lock(mu);
    hits["home"] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'hits' under a shared lock on 'mu'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:18: note: 'hits' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+5]]:13: note: conflicting read of 'hits' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-9]]:40: note: 'hits' declared here
  });
  {
    std::shared_lock<std::shared_mutex> lock(mu);
    consume(hits.count("home"));
  }
  t.join();
}

void emplace_under_shared_lock_while_another_reader_iterates() {
  std::unordered_map<int, int> sessions{{1, 10}};
  std::shared_mutex mu;
  std::thread t([&] {
    std::shared_lock<std::shared_mutex> lock(mu);
    sessions.emplace(2, 20);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'sessions' under a shared lock on 'mu'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:18: note: 'sessions' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+6]]:5: note: conflicting iteration of 'sessions' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-9]]:32: note: 'sessions' declared here
  });
  std::size_t total = 0;
  {
    std::shared_lock<std::shared_mutex> lock(mu);
    for (const auto &kv : sessions)
      total += kv.second;
  }
  consume(total);
  t.join();
}

void erase_between_lock_shared_and_unlock_shared() {
  std::map<int, int> jobs{{1, 1}, {2, 2}};
  std::shared_mutex mu;
  std::thread t([&] {
    mu.lock_shared();
    jobs.erase(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'jobs' under a shared lock on 'mu'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:18: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+6]]:13: note: conflicting read of 'jobs' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-9]]:22: note: 'jobs' declared here
    mu.unlock_shared();
  });
  {
    std::shared_lock<std::shared_mutex> lock(mu);
    consume(jobs.size());
  }
  t.join();
}

void size_read_without_the_writers_lock() {
  std::map<int, int> jobs;
  std::shared_mutex mu;
  std::thread t([&] {
    std::unique_lock<std::shared_mutex> lock(mu);
    jobs[1] = 1;
  });
  consume(jobs.size());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: read of shared map 'jobs' without holding 'mu' races with a concurrent write [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-7]]:18: note: 'jobs' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: conflicting write of 'jobs' here, holding 'mu'
  // CHECK-MESSAGES: :[[@LINE-11]]:22: note: 'jobs' declared here
  t.join();
}

void find_without_the_writers_lock() {
  std::unordered_map<int, std::string> names{{3, "three"}};
  std::mutex mu;
  std::thread t([&names, &mu] {
    std::lock_guard<std::mutex> lock(mu);
    names.emplace(4, "four");
  });
  consume(names.find(3)->second.size());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: read of shared map 'names' without holding 'mu' races with a concurrent write [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-7]]:18: note: 'names' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: conflicting write of 'names' here, holding 'mu'
  // CHECK-MESSAGES: :[[@LINE-11]]:40: note: 'names' declared here
  t.join();
}

void at_without_the_writers_lock() {
  std::unordered_map<std::string, int> ports{{"http", 80}};
  std::mutex mu;
  std::thread t([&] {
    std::lock_guard<std::mutex> lock(mu);
    ports["https"] = 443;
  });
  consume(ports.at("http"));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: read of shared map 'ports' without holding 'mu' races with a concurrent write [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-7]]:18: note: 'ports' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: conflicting write of 'ports' here, holding 'mu'
  // CHECK-MESSAGES: :[[@LINE-11]]:40: note: 'ports' declared here
  t.join();
}

void range_for_without_the_writers_lock() {
  std::unordered_map<int, int> load{{1, 5}, {2, 7}};
  std::shared_mutex mu;
  std::thread t([&] {
    std::unique_lock<std::shared_mutex> lock(mu);
    load[3] = 9;
  });
  std::size_t total = 0;
  for (const auto &kv : load)
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: iteration of shared map 'load' without holding 'mu' races with a concurrent write [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-7]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-8]]:18: note: 'load' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE-7]]:5: note: conflicting write of 'load' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-12]]:32: note: 'load' declared here
    total += kv.second;
  consume(total);
  t.join();
}

void reader_thread_skips_the_lock_the_launcher_writes_under() {
  std::unordered_map<int, int> routes{{1, 1}};
  std::mutex mu;
  std::thread t([&] { consume(routes.count(1)); });
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: read of shared map 'routes' without holding 'mu' races with a concurrent write [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'routes' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+4]]:5: note: conflicting write of 'routes' here, holding 'mu'
  // CHECK-MESSAGES: :[[@LINE-7]]:32: note: 'routes' declared here
  {
    std::lock_guard<std::mutex> lock(mu);
    routes[2] = 2;
  }
  t.join();
}

// Exclusive excludes shared, shared does not exclude shared: two writes under
// the reader lock race with each other, and each is reported.
void two_writers_under_the_shared_lock() {
  std::map<int, int> totals;
  std::shared_mutex mu;
  std::thread t([&] {
    std::shared_lock<std::shared_mutex> lock(mu);
    totals[1] += 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'totals' under a shared lock on 'mu'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:18: note: 'totals' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+5]]:5: note: conflicting write of 'totals' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-9]]:22: note: 'totals' declared here
  });
  {
    std::shared_lock<std::shared_mutex> lock(mu);
    totals[2] += 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'totals' under a shared lock on 'mu'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-13]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-14]]:18: note: 'totals' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE-13]]:5: note: conflicting write of 'totals' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-18]]:22: note: 'totals' declared here
  }
  t.join();
}

// Three sides on one shared_mutex: the exclusive writer excludes both others
// and is not reported; the write under the reader lock races with the reader,
// and is where the warning goes (the reader holds the right lock for a read).
void shared_writer_blamed_not_the_exclusive_one() {
  std::unordered_map<int, int> load;
  std::shared_mutex mu;
  std::thread exclusive([&] {
    std::unique_lock<std::shared_mutex> lock(mu);
    load[1] = 1;
  });
  std::thread shared([&] {
    std::shared_lock<std::shared_mutex> lock(mu);
    load[2] = 2;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'load' under a shared lock on 'mu'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:23: note: 'load' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+5]]:13: note: conflicting read of 'load' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-13]]:32: note: 'load' declared here
  });
  {
    std::shared_lock<std::shared_mutex> lock(mu);
    consume(load.size());
  }
  exclusive.join();
  shared.join();
}

// A write under the reader lock in threads started in a loop races with itself.
void shared_writer_launched_in_a_loop() {
  std::map<int, int> seen;
  std::shared_mutex mu;
  std::vector<std::thread> workers;
  for (int i = 0; i < 2; ++i)
    workers.emplace_back([&seen, &mu, i] {
      std::shared_lock<std::shared_mutex> lock(mu);
      seen[i] = i;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to shared map 'seen' under a shared lock on 'mu'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-4]]:5: note: thread started here
      // CHECK-MESSAGES: :[[@LINE-5]]:27: note: 'seen' is shared with it by reference capture here
      // CHECK-MESSAGES: :[[@LINE-4]]:7: note: the same write runs on another thread at the same time
      // CHECK-MESSAGES: :[[@LINE-11]]:22: note: 'seen' declared here
    });
  for (auto &w : workers)
    w.join();
}

int main() {
  operator_brackets_under_shared_lock();
  emplace_under_shared_lock_while_another_reader_iterates();
  erase_between_lock_shared_and_unlock_shared();
  size_read_without_the_writers_lock();
  find_without_the_writers_lock();
  at_without_the_writers_lock();
  range_for_without_the_writers_lock();
  reader_thread_skips_the_lock_the_launcher_writes_under();
  two_writers_under_the_shared_lock();
  shared_writer_blamed_not_the_exclusive_one();
  shared_writer_launched_in_a_loop();
}
