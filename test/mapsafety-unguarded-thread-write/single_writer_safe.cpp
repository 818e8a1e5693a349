// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Single-writer maps: one owner thread makes every write, under the mutex
// for the other threads' sake, and reads the map without it. The owner's own
// reads are ordered with every write by program order; only readers on other
// threads need the mutex (and take it here). Which functions run only on the
// owner thread comes from the translation unit's calls: the thread's callable
// and what only it calls (recursion included; calls from the class's own
// constructor do not count, the object is not shared yet).

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include "../Inputs/program.h"

// The owner is a member function started with `this`.
class OrderBook {
public:
  OrderBook() { PublishDepth(); } // before the owner starts
  void Start() { owner_ = std::thread(&OrderBook::Run, this); }
  void Stop() { owner_.join(); }
  size_t Depth() {
    std::lock_guard<std::mutex> lock(mu_);
    return levels_.size();
  }

private:
  void Run() {
    for (int i = 0; i < 100; ++i) {
      Apply(i, i * 10);
      PublishDepth();
    }
  }
  void Apply(int price, int qty) {
    std::lock_guard<std::mutex> lock(mu_);
    levels_[price] = qty;
  }
  void PublishDepth() { consume(levels_.size() + Best(3)); }
  size_t Best(int n) { // recursive, reached only from the owner
    if (n == 0 || levels_.empty())
      return 0;
    return levels_.begin()->second + Best(n - 1);
  }

  std::mutex mu_;
  std::map<int, int> levels_;
  std::thread owner_;
};

// The owner is a lambda; its helpers erase and iterate.
class SessionTable {
public:
  void Start() {
    reaper_ = std::thread([this] {
      for (int round = 0; round < 50; ++round)
        ReapOnce(round);
    });
  }
  void Stop() { reaper_.join(); }
  bool Has(const std::string &id) {
    std::lock_guard<std::mutex> lock(mu_);
    return sessions_.count(id) != 0;
  }

private:
  void ReapOnce(int round) {
    for (const auto &kv : sessions_) // the owner's own iteration
      consume(kv.second);
    std::lock_guard<std::mutex> lock(mu_);
    sessions_["s" + std::to_string(round % 7)] = round;
    sessions_.erase("s" + std::to_string((round + 3) % 7));
  }

  std::mutex mu_;
  std::map<std::string, int> sessions_;
  std::thread reaper_;
};

// Positive control: the same shape, but the reader is also public API, so it
// runs on whichever thread calls it (not called from main(): the
// ThreadSanitizer run covers the safe cases only).
class Ledger {
public:
  void Start() { owner_ = std::thread([this] { Post(); }); }
  void Stop() { owner_.join(); }
  size_t Balance() { return Total(); }

private:
  void Post() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      accounts_["a"] += 1;
    }
    consume(Total());
  }
  size_t Total() { return accounts_.size(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: read of 'accounts_' without holding 'mu_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:7: note: 'accounts_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+3]]:30: note: 'accounts_' declared here

  std::mutex mu_;
  std::map<std::string, int> accounts_;
  std::thread owner_;
};

int main() {
  OrderBook book;
  book.Start();
  for (int i = 0; i < 100; ++i)
    consume(book.Depth());
  book.Stop();
  SessionTable table;
  table.Start();
  for (int i = 0; i < 100; ++i)
    consume(table.Has("s1"));
  table.Stop();
}
