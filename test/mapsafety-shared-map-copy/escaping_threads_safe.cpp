// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// The services of escaping_threads_races.cpp written correctly: the getter
// takes the thread's mutex and returns a copy made under it (the snapshot
// idiom), copies are made in the constructor (before the thread starts) or in
// the destructor (after it is joined), or the thread writes a map the copying
// function does not touch. Only the positive control at the end is reported,
// and ThreadSanitizer stays silent.

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

class JobBoard {
public:
  void start() { worker_ = std::thread(&JobBoard::drain, this); }
  std::map<int, std::string> pending() const {
    std::lock_guard<std::mutex> lock(mu_);
    return jobs_;
  }
  void stop() { worker_.join(); }

private:
  void drain() {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.erase(1);
  }
  std::thread worker_;
  mutable std::mutex mu_;
  std::map<int, std::string> jobs_{{1, "first"}, {2, "second"}};
};

void getter_returns_a_copy_made_under_the_threads_mutex() {
  JobBoard board;
  board.start();
  consume(board.pending().size());
  board.stop();
}

class PeerTable {
public:
  explicit PeerTable(const std::unordered_map<int, std::string> &seed) : peers_(seed) { initial_ = peers_; }
  ~PeerTable() {
    stop();
    final_ = peers_;
    consume(final_.size() + initial_.size());
  }
  void start() { poller_ = std::thread([this] { poll(); }); }
  void stop() {
    if (poller_.joinable())
      poller_.join();
  }

private:
  void poll() { peers_[7] = "10.0.0.7"; }
  std::thread poller_;
  std::unordered_map<int, std::string> peers_;
  std::unordered_map<int, std::string> initial_;
  std::unordered_map<int, std::string> final_;
};

void copies_in_the_constructor_and_the_destructor() {
  PeerTable peers({{1, "10.0.0.1"}});
  peers.start();
}

class Crawler {
public:
  void start() { worker_ = std::thread([this] { visited_["https://example.org/"] = true; }); }
  std::map<std::string, int> seeds() const { return seeds_; }
  void stop() { worker_.join(); }

private:
  std::thread worker_;
  std::unordered_map<std::string, bool> visited_;
  std::map<std::string, int> seeds_{{"https://example.org/", 0}};
};

void member_thread_writes_a_map_the_getter_does_not_copy() {
  Crawler crawler;
  crawler.start();
  consume(crawler.seeds().size());
  crawler.stop();
}

class IndexBuilder {
public:
  void rebuild() {
    builder_ = std::thread([this] { index_["term"] = 1; });
    builder_.join();
  }
  std::map<std::string, int> index() const { return index_; }

private:
  std::thread builder_;
  std::map<std::string, int> index_{{"seed", 0}};
};

void member_thread_joined_in_the_function_that_starts_it() {
  IndexBuilder builder;
  builder.rebuild();
  consume(builder.index().size());
}

std::map<int, int> g_pending{{1, 1}, {2, 2}};
std::mutex g_pending_mu;
Step g_flushed;

void start_flusher() {
  std::thread([] {
    {
      std::lock_guard<std::mutex> lock(g_pending_mu);
      g_pending.clear();
    }
    g_flushed.signal();
  }).detach();
}

std::map<int, int> pending_copy() {
  std::lock_guard<std::mutex> lock(g_pending_mu);
  return g_pending;
}

void detached_thread_and_the_copy_of_the_global_lock() {
  start_flusher();
  consume(pending_copy().size());
  g_flushed.await();
  // The flusher unlocked before it signalled: locking here orders its clear()
  // before the global's destructor at exit.
  std::lock_guard<std::mutex> lock(g_pending_mu);
}

std::unordered_map<std::string, std::string> g_defaults{{"mode", "slow"}};

void start_reporter() {
  std::thread([defaults = g_defaults]() mutable {
    defaults["reported"] = "yes";
    consume(defaults.size());
  }).detach();
}

void detached_thread_gets_its_own_copy_made_before_it_starts() {
  start_reporter();
  auto copy = g_defaults;
  consume(copy.size());
}

// Positive control (the check must report it): JobBoard with a getter that
// returns its copy without taking the thread's mutex. Not called from main(),
// so the ThreadSanitizer run covers the safe cases only.
class UnlockedJobBoard {
public:
  void start() { worker_ = std::thread(&UnlockedJobBoard::drain, this); }
  std::map<int, std::string> pending() const { return jobs_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:55: warning: copy of shared map 'jobs_' without holding 'mu_', which the concurrent write holds [mapsafety-shared-map-copy]
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
  mutable std::mutex mu_;
  std::map<int, std::string> jobs_{{1, "first"}, {2, "second"}};
};

int main() {
  getter_returns_a_copy_made_under_the_threads_mutex();
  copies_in_the_constructor_and_the_destructor();
  member_thread_writes_a_map_the_getter_does_not_copy();
  member_thread_joined_in_the_function_that_starts_it();
  detached_thread_and_the_copy_of_the_global_lock();
  detached_thread_gets_its_own_copy_made_before_it_starts();
}
