// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Reader/writer locking done right: reads under a shared lock, writes under the
// exclusive lock of the same mutex. Only the positive control at the end is
// reported, and ThreadSanitizer stays silent.

#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

void reader_shared_writer_unique_lock() {
  std::unordered_map<std::string, int> hits{{"home", 1}};
  std::shared_mutex mu;
  std::thread t([&hits, &mu] {
    std::shared_lock<std::shared_mutex> lock(mu);
    consume(hits.count("home"));
  });
  {
    std::unique_lock<std::shared_mutex> lock(mu);
    hits["about"] = 1;
  }
  t.join();
}

void writer_lock_guard_on_shared_mutex() {
  std::map<int, int> jobs;
  std::shared_mutex mu;
  std::thread t([&] {
    std::lock_guard<std::shared_mutex> lock(mu);
    jobs[1] = 1;
  });
  {
    std::shared_lock<std::shared_mutex> lock(mu);
    consume(jobs.size());
  }
  t.join();
}

void explicit_lock_shared_for_reads_and_lock_for_writes() {
  std::unordered_map<int, int> sessions{{1, 1}};
  std::shared_mutex mu;
  std::thread t([&] {
    mu.lock_shared();
    consume(sessions.at(1));
    mu.unlock_shared();
  });
  mu.lock();
  sessions.erase(2);
  mu.unlock();
  t.join();
}

void shared_timed_mutex_reader_and_writer() {
  std::map<std::string, std::string> env{{"HOME", "/root"}};
  std::shared_timed_mutex mu;
  std::thread t([&] {
    std::unique_lock<std::shared_timed_mutex> lock(mu);
    env["PATH"] = "/bin";
  });
  {
    std::shared_lock<std::shared_timed_mutex> lock(mu);
    consume(env.count("HOME"));
  }
  t.join();
}

void two_readers_under_shared_lock_no_writer() {
  std::unordered_map<int, int> limits{{1, 2}, {3, 4}};
  std::shared_mutex mu;
  std::thread t([&] {
    std::shared_lock<std::shared_mutex> lock(mu);
    std::size_t sum = 0;
    for (const auto &kv : limits)
      sum += kv.second;
    consume(sum);
  });
  {
    std::shared_lock<std::shared_mutex> lock(mu);
    consume(limits.size());
  }
  t.join();
}

void shared_lock_released_then_exclusive_for_the_insert() {
  std::unordered_map<std::string, int> cache{{"a", 1}};
  std::shared_mutex mu;
  std::thread t([&] {
    bool hit;
    {
      std::shared_lock<std::shared_mutex> lock(mu);
      hit = cache.count("b") != 0;
    }
    if (!hit) {
      std::unique_lock<std::shared_mutex> lock(mu);
      cache["b"] = 2;
    }
  });
  {
    std::shared_lock<std::shared_mutex> lock(mu);
    consume(cache.count("a"));
  }
  t.join();
}

void deferred_shared_lock_locked_before_the_read() {
  std::map<int, int> load{{1, 5}};
  std::shared_mutex mu;
  std::thread t([&] {
    std::shared_lock<std::shared_mutex> lock(mu, std::defer_lock);
    lock.lock();
    consume(load.size());
  });
  {
    std::unique_lock<std::shared_mutex> lock(mu);
    load.erase(1);
  }
  t.join();
}

// Exclusive excludes shared: a write under the reader lock beside an exclusive
// writer, and no other reader, cannot overlap it (nor can the exclusive one).
void shared_writer_beside_an_exclusive_writer_only() {
  std::map<int, int> slots;
  std::shared_mutex mu;
  std::thread t([&] {
    std::unique_lock<std::shared_mutex> lock(mu);
    slots[1] = 1;
  });
  {
    std::shared_lock<std::shared_mutex> lock(mu);
    slots[2] = 2;
  }
  t.join();
}

// A read under the exclusive lock beside a write under the reader lock.
void exclusive_reader_beside_a_shared_writer() {
  std::unordered_map<int, int> slots{{1, 1}};
  std::shared_mutex mu;
  std::thread t([&] {
    std::unique_lock<std::shared_mutex> lock(mu);
    consume(slots.size());
  });
  mu.lock_shared();
  slots.erase(1);
  mu.unlock_shared();
  t.join();
}

// Positive control (the check must report it): the writer takes the shared
// lock, so the reader holding the same shared lock runs beside the insert.
// Not called from main(), so the ThreadSanitizer run covers the safe cases
// only.
void writer_under_the_shared_lock() {
  std::unordered_map<std::string, int> hits{{"home", 1}};
  std::shared_mutex mu;
  std::thread t([&hits, &mu] {
    std::shared_lock<std::shared_mutex> lock(mu);
    consume(hits.count("home"));
  });
  {
    std::shared_lock<std::shared_mutex> lock(mu);
    hits["about"] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'hits' under a shared lock on 'mu'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-8]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-9]]:18: note: 'hits' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE-8]]:13: note: conflicting read of 'hits' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-13]]:40: note: 'hits' declared here
  }
  t.join();
}

int main() {
  reader_shared_writer_unique_lock();
  writer_lock_guard_on_shared_mutex();
  explicit_lock_shared_for_reads_and_lock_for_writes();
  shared_timed_mutex_reader_and_writer();
  two_readers_under_shared_lock_no_writer();
  shared_lock_released_then_exclusive_for_the_insert();
  deferred_shared_lock_locked_before_the_read();
  shared_writer_beside_an_exclusive_writer_only();
  exclusive_reader_beside_a_shared_writer();
}
