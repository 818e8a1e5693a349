// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Lock types from other libraries, used correctly on both sides: Abseil's
// MutexLock / WriterMutexLock / ReaderMutexLock and annotated Lock()/Unlock(),
// Boost.Thread's guards, POSIX mutexes and read-write locks, and a user mutex
// whose functions carry Clang's ACQUIRE/RELEASE annotations. Only the positive
// control at the end is reported, and ThreadSanitizer stays silent.

#include <map>
#include <mutex>
#include <pthread.h>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/absl/synchronization/mutex.h"
#include "Inputs/boost/thread/mutex.hpp"
#include "../Inputs/program.h"
#include "../Inputs/thread_annotations.h"

void absl_mutex_lock_on_both_sides() {
  std::map<int, int> jobs;
  absl::Mutex mu;
  std::thread t([&] {
    absl::MutexLock lock(&mu);
    jobs[1] = 1;
  });
  {
    absl::MutexLock lock(&mu);
    jobs.erase(1);
  }
  t.join();
}

void absl_writer_lock_for_writes_reader_lock_for_reads() {
  std::unordered_map<std::string, int> flags{{"beta", 0}};
  absl::Mutex mu;
  std::thread t([&] {
    absl::ReaderMutexLock lock(&mu);
    consume(flags.count("beta"));
  });
  {
    absl::WriterMutexLock lock(&mu);
    flags["beta"] = 1;
    flags["gamma"] = 1;
  }
  t.join();
}

void absl_annotated_lock_and_unlock_calls() {
  std::map<int, int> jobs;
  absl::Mutex mu;
  std::thread t([&] {
    mu.Lock();
    jobs[1] = 1;
    mu.Unlock();
  });
  mu.Lock();
  jobs[2] = 2;
  mu.Unlock();
  t.join();
}

void boost_lock_guard_and_unique_lock() {
  std::map<int, int> jobs;
  boost::mutex mu;
  std::thread t([&] {
    boost::lock_guard<boost::mutex> lock(mu);
    jobs[1] = 1;
  });
  {
    boost::unique_lock<boost::mutex> lock(mu);
    jobs[2] = 2;
  }
  t.join();
}

void boost_shared_lock_for_reads_unique_lock_for_writes() {
  std::unordered_map<int, int> cache{{1, 1}};
  boost::shared_mutex mu;
  std::thread t([&] {
    boost::shared_lock<boost::shared_mutex> lock(mu);
    consume(cache.size());
  });
  {
    boost::unique_lock<boost::shared_mutex> lock(mu);
    cache[2] = 2;
  }
  t.join();
}

void pthread_mutex_lock_and_unlock() {
  std::map<int, int> jobs;
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  std::thread t([&] {
    pthread_mutex_lock(&mu);
    jobs[1] = 1;
    pthread_mutex_unlock(&mu);
  });
  pthread_mutex_lock(&mu);
  jobs.erase(1);
  pthread_mutex_unlock(&mu);
  t.join();
}

void pthread_rwlock_reader_and_writer() {
  std::unordered_map<int, int> routes{{1, 1}};
  pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
  std::thread t([&] {
    pthread_rwlock_rdlock(&rw);
    consume(routes.count(1));
    pthread_rwlock_unlock(&rw);
  });
  pthread_rwlock_wrlock(&rw);
  routes[2] = 2;
  pthread_rwlock_unlock(&rw);
  t.join();
}

class CAPABILITY("mutex") SpinMutex {
public:
  void acquire() ACQUIRE() { mu_.lock(); }
  void release() RELEASE() { mu_.unlock(); }

private:
  std::mutex mu_;
};

class Table {
public:
  void lock_table() ACQUIRE(mu_) { mu_.acquire(); }
  void unlock_table() RELEASE(mu_) { mu_.release(); }
  std::map<int, int> rows;

private:
  SpinMutex mu_;
};

void acquire_and_release_annotated_functions() {
  Table table;
  std::thread t([&table] {
    table.lock_table();
    table.rows[1] = 1;
    table.unlock_table();
  });
  table.lock_table();
  table.rows[2] = 2;
  table.unlock_table();
  t.join();
}

// Positive control (the check must report it): absl_mutex_lock_on_both_sides
// with the launcher's MutexLock missing. Not called from main(), so the
// ThreadSanitizer run covers the safe cases only.
void absl_mutex_lock_on_one_side_only() {
  std::map<int, int> jobs;
  absl::Mutex mu;
  std::thread t([&] {
    absl::MutexLock lock(&mu);
    jobs[1] = 1;
  });
  jobs.erase(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'jobs' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-7]]:18: note: 'jobs' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: conflicting write of 'jobs' here, holding 'mu'
  // CHECK-MESSAGES: :[[@LINE-11]]:22: note: 'jobs' declared here
  t.join();
}

int main() {
  absl_mutex_lock_on_both_sides();
  absl_writer_lock_for_writes_reader_lock_for_reads();
  absl_annotated_lock_and_unlock_calls();
  boost_lock_guard_and_unique_lock();
  boost_shared_lock_for_reads_unique_lock_for_writes();
  pthread_mutex_lock_and_unlock();
  pthread_rwlock_reader_and_writer();
  acquire_and_release_annotated_functions();
}
