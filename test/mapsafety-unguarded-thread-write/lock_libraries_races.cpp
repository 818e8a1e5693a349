// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Lock types from other libraries used wrongly: a write under Abseil's
// ReaderMutexLock, Boost's shared_lock or a POSIX read lock; one side that
// skips the Abseil or POSIX mutex the other side holds.

#include <map>
#include <pthread.h>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/absl/synchronization/mutex.h"
#include "Inputs/boost/thread/mutex.hpp"
#include "../Inputs/program.h"

void absl_reader_lock_around_a_write() {
  std::unordered_map<std::string, int> flags{{"beta", 0}};
  absl::Mutex mu;
  std::thread t([&] {
    absl::ReaderMutexLock lock(&mu);
    flags["gamma"] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'flags' under a shared lock on 'mu'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:18: note: 'flags' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+5]]:13: note: conflicting read of 'flags' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-9]]:40: note: 'flags' declared here
  });
  {
    absl::ReaderMutexLock lock(&mu);
    consume(flags.count("beta"));
  }
  t.join();
}

void absl_mutex_lock_on_one_side_only() {
  std::map<int, int> jobs;
  absl::Mutex mu;
  std::thread t([&jobs, &mu] {
    absl::MutexLock lock(&mu);
    jobs[1] = 1;
  });
  consume(jobs.size());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: read of shared map 'jobs' without holding 'mu' races with a concurrent write [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-7]]:18: note: 'jobs' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: conflicting write of 'jobs' here, holding 'mu'
  // CHECK-MESSAGES: :[[@LINE-11]]:22: note: 'jobs' declared here
  t.join();
}

void boost_shared_lock_around_a_write() {
  std::map<int, int> cache{{1, 1}};
  boost::shared_mutex mu;
  std::thread t([&] {
    boost::shared_lock<boost::shared_mutex> lock(mu);
    cache.erase(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'cache' under a shared lock on 'mu'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:18: note: 'cache' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+5]]:13: note: conflicting read of 'cache' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-9]]:22: note: 'cache' declared here
  });
  {
    boost::shared_lock<boost::shared_mutex> lock(mu);
    consume(cache.size());
  }
  t.join();
}

void boost_guard_on_one_side_only() {
  std::map<int, int> jobs;
  boost::mutex mu;
  std::thread t([&] {
    jobs[1] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'jobs' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+5]]:5: note: conflicting write of 'jobs' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-8]]:22: note: 'jobs' declared here
  });
  {
    boost::lock_guard<boost::mutex> lock(mu);
    jobs[2] = 2;
  }
  t.join();
}

void pthread_read_lock_around_a_write() {
  std::unordered_map<int, int> routes{{1, 1}};
  pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
  std::thread t([&] {
    pthread_rwlock_rdlock(&rw);
    routes[2] = 2;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'routes' under a shared lock on 'rw'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:18: note: 'routes' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+5]]:11: note: conflicting read of 'routes' here, holding 'rw'
    // CHECK-MESSAGES: :[[@LINE-9]]:32: note: 'routes' declared here
    pthread_rwlock_unlock(&rw);
  });
  pthread_rwlock_rdlock(&rw);
  consume(routes.count(1));
  pthread_rwlock_unlock(&rw);
  t.join();
}

void pthread_mutex_skipped_by_the_thread() {
  std::map<int, int> jobs;
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  std::thread t([&] {
    jobs.erase(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'jobs' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+4]]:3: note: conflicting write of 'jobs' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-8]]:22: note: 'jobs' declared here
  });
  pthread_mutex_lock(&mu);
  jobs[2] = 2;
  pthread_mutex_unlock(&mu);
  t.join();
}

int main() {
  absl_reader_lock_around_a_write();
  absl_mutex_lock_on_one_side_only();
  boost_shared_lock_around_a_write();
  boost_guard_on_one_side_only();
  pthread_read_lock_around_a_write();
  pthread_mutex_skipped_by_the_thread();
}
