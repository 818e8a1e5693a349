// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Threads stored in members or detached, written correctly: every member
// function locks, the constructor and destructor run before the thread starts
// and after it is joined, or the thread touches nothing the rest of the class
// uses. Only the positive control at the end is reported, and ThreadSanitizer
// stays silent.

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

class LockedJobQueue {
public:
  void start() { worker_ = std::thread(&LockedJobQueue::drain, this); }
  void submit(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_[id] = "queued";
  }
  void stop() { worker_.join(); }

private:
  void drain() {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.erase(1);
  }
  std::thread worker_;
  std::mutex mu_;
  std::map<int, std::string> jobs_;
};

void member_thread_and_members_all_lock() {
  LockedJobQueue q;
  q.start();
  q.submit(2);
  q.stop();
}

class Poller {
public:
  Poller() { peers_[1] = "10.0.0.1"; }
  ~Poller() {
    if (poller_.joinable())
      poller_.join();
    peers_.clear();
  }
  void start() { poller_ = std::thread([this] { poll(); }); }
  void remove(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    peers_.erase(id);
  }

private:
  void poll() {
    std::lock_guard<std::mutex> lock(mu_);
    peers_[7] = "10.0.0.7";
  }
  std::thread poller_;
  std::mutex mu_;
  std::unordered_map<int, std::string> peers_;
};

void constructor_and_destructor_run_outside_the_thread() {
  Poller p;
  p.start();
  p.remove(1);
}

class Compactor {
public:
  void start() { worker_ = std::thread(&Compactor::compact, this); }
  void add(int key) { live_[key] = key; }
  void stop() { worker_.join(); }

private:
  void compact() {
    scratch_[0] = 0;
    scratch_.clear();
  }
  std::thread worker_;
  std::map<int, int> scratch_;
  std::map<int, int> live_;
};

void member_thread_touches_only_its_own_map() {
  Compactor c;
  c.start();
  c.add(1);
  c.stop();
}

Step g_report_done;

void start_reporter(std::map<std::string, int> snapshot) {
  std::thread([snapshot]() mutable {
    snapshot["reported"] = 1;
    consume(snapshot.size());
    g_report_done.signal();
  }).detach();
}

void detached_thread_with_its_own_copy() {
  std::map<std::string, int> stats{{"requests", 3}};
  start_reporter(stats);
  stats["requests"] = 4;
  g_report_done.await();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

class Index {
public:
  void rebuild() {
    std::thread builder(&Index::build, this);
    builder.join();
    consume(terms_.size());
  }

private:
  void build() { terms_["term"] = 1; }
  std::unordered_map<std::string, int> terms_;
};

void member_thread_joined_in_the_function_that_starts_it() { Index().rebuild(); }

std::map<int, int> g_outbox;
std::mutex g_outbox_mu;
Step g_sent;

void start_sender() {
  std::thread([] {
    std::lock_guard<std::mutex> lock(g_outbox_mu);
    g_outbox.erase(1);
    g_sent.signal();
  }).detach();
}

void post_message(int id) {
  std::lock_guard<std::mutex> lock(g_outbox_mu);
  g_outbox[id] = id;
}

void detached_thread_and_every_user_lock_the_global() {
  start_sender();
  post_message(2);
  g_sent.await();
  std::lock_guard<std::mutex> lock(g_outbox_mu);
}

// Positive control (the check must report it): LockedJobQueue with submit()
// skipping the mutex while the member thread drains under it. Not called
// from main(), so the ThreadSanitizer run covers the safe cases only.
class HalfLockedJobQueue {
public:
  void start() { worker_ = std::thread(&HalfLockedJobQueue::drain, this); }
  void submit(int id) { jobs_[id] = "queued"; }
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: write to shared map 'jobs_' without holding 'mu_', which the concurrent access holds [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:28: note: 'jobs_' is shared with it through 'this', which the thread runs on
  // CHECK-MESSAGES: :[[@LINE+7]]:5: note: conflicting write of 'jobs_' here, holding 'mu_'
  // CHECK-MESSAGES: :[[@LINE+10]]:30: note: 'jobs_' declared here
  void stop() { worker_.join(); }

private:
  void drain() {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.erase(1);
  }
  std::thread worker_;
  std::mutex mu_;
  std::map<int, std::string> jobs_;
};

int main() {
  member_thread_and_members_all_lock();
  constructor_and_destructor_run_outside_the_thread();
  member_thread_touches_only_its_own_map();
  detached_thread_with_its_own_copy();
  member_thread_joined_in_the_function_that_starts_it();
  detached_thread_and_every_user_lock_the_global();
}
