// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -config="{CheckOptions: [{key: mapsafety-unguarded-thread-write.ExtraGuardTypes, value: 'sync::Holder;sync::ReadHolder=shared'}]}" -- -std=c++17

// ExtraGuardTypes: user RAII guards that lock the mutex given as their first
// constructor argument (a reference or a pointer) until their destructor;
// `=shared` marks a reader guard.

#include <map>
#include <shared_mutex>
#include <string>
#include <thread>

namespace sync {
class Holder {
public:
  explicit Holder(std::shared_mutex &mu) : mu_(mu) { mu_.lock(); }
  ~Holder() { mu_.unlock(); }

private:
  std::shared_mutex &mu_;
};

class ReadHolder {
public:
  explicit ReadHolder(std::shared_mutex *mu) : mu_(mu) { mu_->lock_shared(); }
  ~ReadHolder() { mu_->unlock_shared(); }

private:
  std::shared_mutex *mu_;
};
} // namespace sync

void listed_guard_on_both_sides() {
  std::map<int, int> jobs;
  std::shared_mutex mu;
  std::thread t([&] {
    sync::Holder hold(mu);
    jobs[1] = 1;
  });
  {
    sync::Holder hold(mu);
    jobs.erase(1);
  }
  t.join();
}

void listed_reader_guard_for_reads_and_writer_guard_for_writes() {
  std::map<std::string, int> flags{{"beta", 1}};
  std::shared_mutex mu;
  std::thread t([&] {
    sync::ReadHolder hold(&mu);
    (void)flags.count("beta");
  });
  {
    sync::Holder hold(mu);
    flags["gamma"] = 1;
  }
  t.join();
}

void write_under_the_listed_reader_guard() {
  std::map<std::string, int> flags{{"beta", 1}};
  std::shared_mutex mu;
  std::thread t([&] {
    sync::ReadHolder hold(&mu);
    flags["gamma"] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'flags' under a shared lock on 'mu'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:18: note: 'flags' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+5]]:11: note: conflicting read of 'flags' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-9]]:30: note: 'flags' declared here
  });
  {
    sync::ReadHolder hold(&mu);
    (void)flags.count("beta");
  }
  t.join();
}

void thread_skips_the_listed_guard() {
  std::map<int, int> jobs;
  std::shared_mutex mu;
  std::thread t([&] { jobs.erase(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: write to shared map 'jobs' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'jobs' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+4]]:5: note: conflicting write of 'jobs' here, holding 'mu'
  // CHECK-MESSAGES: :[[@LINE-7]]:22: note: 'jobs' declared here
  {
    sync::Holder hold(mu);
    jobs[2] = 2;
  }
  t.join();
}
