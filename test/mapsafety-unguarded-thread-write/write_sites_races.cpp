// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Every unsynchronised write gets its own warning: when two writes race and
// neither holds a lock the other holds, each is reported (with a note to the
// other), so that each site can be fixed or suppressed on its own. A write
// that holds the mutex the other side skips is not blamed: the warning goes
// to the side that skips it. A write beside a read is reported at the write,
// and at the read when only the write locks (as before).

#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "../Inputs/program.h"

void two_unlocked_writers() {
  std::map<std::string, int> hits;
  std::thread counter([&] { hits["/index"] += 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: write to shared map 'hits' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:24: note: 'hits' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'hits' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:30: note: 'hits' declared here
  hits["/health"] = 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'hits' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-9]]:24: note: 'hits' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-10]]:29: note: conflicting write of 'hits' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-12]]:30: note: 'hits' declared here
  counter.join();
}

void writers_under_different_mutexes() {
  std::map<int, int> sessions;
  std::mutex login_mu, logout_mu;
  std::thread logout([&] {
    std::lock_guard<std::mutex> lock(logout_mu);
    sessions.erase(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'sessions' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:23: note: 'sessions' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+5]]:5: note: conflicting write of 'sessions' here, holding 'login_mu'
    // CHECK-MESSAGES: :[[@LINE-9]]:22: note: 'sessions' declared here
  });
  {
    std::lock_guard<std::mutex> lock(login_mu);
    sessions[2] = 2;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'sessions' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-13]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-14]]:23: note: 'sessions' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE-13]]:5: note: conflicting write of 'sessions' here, holding 'logout_mu'
    // CHECK-MESSAGES: :[[@LINE-18]]:22: note: 'sessions' declared here
  }
  logout.join();
}

void one_writer_skips_the_mutex() {
  std::map<int, int> jobs;
  std::mutex mu;
  Step queued;
  std::thread producer([&] {
    jobs[1] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'jobs' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:25: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+7]]:5: note: conflicting write of 'jobs' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-9]]:22: note: 'jobs' declared here
    queued.signal();
  });
  queued.await();
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs.erase(1); // holds the mutex: the producer is the one to fix
  }
  producer.join();
}

void unlocked_reader_beside_a_locked_writer() {
  std::map<int, int> prices{{1, 10}};
  std::mutex mu;
  Step read;
  std::thread quoter([&] {
    consume(prices.count(1));
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: read of shared map 'prices' without holding 'mu' races with a concurrent write [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'prices' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+7]]:5: note: conflicting write of 'prices' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-9]]:22: note: 'prices' declared here
    read.signal();
  });
  read.await();
  {
    std::lock_guard<std::mutex> lock(mu);
    prices[1] = 11;
  }
  quoter.join();
}

int main() {
  two_unlocked_writers();
  writers_under_different_mutexes();
  one_writer_skips_the_mutex();
  unlocked_reader_beside_a_locked_writer();
}
