// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Lifecycle ordering is per thread and per path: a method that joins a member
// thread is ordered after that thread only, and only past a join on every
// path. Each case lets the thread write first (a Step, which does not
// synchronise), then runs the method while the thread is still joinable.

#include <map>
#include <string>
#include <thread>

#include "../Inputs/program.h"

// Clears before it joins.
class Flusher {
public:
  void start() {
    worker_ = std::thread([this] {
      buffered_[1] = "line";
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to shared map 'buffered_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
      // CHECK-MESSAGES: :[[@LINE-4]]:28: note: 'buffered_' is shared with it through 'this', captured here
      // CHECK-MESSAGES: :[[@LINE+7]]:5: note: conflicting write of 'buffered_' here, with no lock held
      // CHECK-MESSAGES: :[[@LINE+17]]:30: note: 'buffered_' declared here
      written_.signal();
    });
  }
  void stop() {
    written_.await();
    buffered_.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'buffered_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-14]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-15]]:28: note: 'buffered_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE-15]]:7: note: conflicting write of 'buffered_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+6]]:30: note: 'buffered_' declared here
    worker_.join();
  }

private:
  Step written_;
  std::map<int, std::string> buffered_;
  std::thread worker_;
};

// Joins the fetcher, but the indexer, another member thread, still runs.
class Crawler {
public:
  void start() {
    fetcher_ = std::thread([this] { fetched_.signal(); });
    indexer_ = std::thread([this] {
      pages_["/"] = 1;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to shared map 'pages_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-3]]:16: note: thread started here
      // CHECK-MESSAGES: :[[@LINE-4]]:29: note: 'pages_' is shared with it through 'this', captured here
      // CHECK-MESSAGES: :[[@LINE+8]]:5: note: conflicting write of 'pages_' here, with no lock held
      // CHECK-MESSAGES: :[[@LINE+18]]:30: note: 'pages_' declared here
      indexed_.signal();
    });
  }
  void stop() {
    indexed_.await();
    fetcher_.join();
    pages_.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'pages_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-15]]:16: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-16]]:29: note: 'pages_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE-16]]:7: note: conflicting write of 'pages_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+6]]:30: note: 'pages_' declared here
    indexer_.join();
  }

private:
  Step fetched_, indexed_;
  std::map<std::string, int> pages_;
  std::thread fetcher_, indexer_;
};

int main() {
  Flusher flusher;
  flusher.start();
  flusher.stop();
  Crawler crawler;
  crawler.start();
  crawler.stop();
}
