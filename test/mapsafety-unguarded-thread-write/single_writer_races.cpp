// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Where a map only looks single-writer: its owner thread writes it under the
// mutex and reads it without, but something breaks the premise that every
// write, and every unlocked read, runs on that one thread. Each case is
// reported at the unlocked read.

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include "../Inputs/program.h"

// The owner's reading helper is also public API that another thread calls.
class PriceCache {
public:
  void Start() { owner_ = std::thread(&PriceCache::Run, this); }
  void Stop() { owner_.join(); }
  size_t Snapshot() { return Count(); } // runs on the caller's thread

private:
  void Run() {
    for (int i = 0; i < 200; ++i) {
      Update(i);
      consume(Count());
    }
  }
  void Update(int i) {
    std::lock_guard<std::mutex> lock(mu_);
    prices_[i % 17] = i;
  }
  size_t Count() { return prices_.size(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: read of 'prices_' without holding 'mu_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: 'prices_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+3]]:22: note: 'prices_' declared here

  std::mutex mu_;
  std::map<int, int> prices_;
  std::thread owner_;
};

// Two threads run the "owner" loop at once: neither is the only writer.
class RouteTable {
public:
  void Start() {
    for (int i = 0; i < 2; ++i)
      workers_.emplace_back([this] { Refresh(); });
  }
  void Stop() {
    for (std::thread &t : workers_)
      t.join();
  }

private:
  void Refresh() {
    for (int i = 0; i < 200; ++i) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        routes_["r" + std::to_string(i % 5)] = i;
      }
      consume(routes_.count("r1"));
      // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: read of shared map 'routes_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-16]]:38: note: reached through this call
      // CHECK-MESSAGES: :[[@LINE-17]]:7: note: thread started here
      // CHECK-MESSAGES: :[[@LINE-18]]:30: note: 'routes_' is shared with it through 'this', captured here
      // CHECK-MESSAGES: :[[@LINE-19]]:38: note: the other access is reached through this call
      // CHECK-MESSAGES: :[[@LINE-8]]:9: note: conflicting write of 'routes_' here, holding 'mu_'
      // CHECK-MESSAGES: :[[@LINE+6]]:30: note: 'routes_' declared here
    }
  }

  std::mutex mu_;
  std::vector<std::thread> workers_;
  std::map<std::string, int> routes_;
};

// Another thread writes too (under the lock): the owner's unlocked read races
// with it.
class Inventory {
public:
  void Start() { owner_ = std::thread([this] { Restock(); }); }
  void Stop() { owner_.join(); }
  void Reset() {
    std::lock_guard<std::mutex> lock(mu_);
    stock_.clear();
  }

private:
  void Restock() {
    for (int i = 0; i < 200; ++i) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        stock_[i % 9] += 1;
      }
      consume(stock_.size());
      // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: read of shared map 'stock_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-16]]:48: note: reached through this call
      // CHECK-MESSAGES: :[[@LINE-17]]:27: note: thread started here
      // CHECK-MESSAGES: :[[@LINE-18]]:40: note: 'stock_' is shared with it through 'this', captured here
      // CHECK-MESSAGES: :[[@LINE-15]]:5: note: conflicting write of 'stock_' here, holding 'mu_'
      // CHECK-MESSAGES: :[[@LINE+6]]:22: note: 'stock_' declared here
    }
  }

  std::mutex mu_;
  std::thread owner_;
  std::map<int, int> stock_;
};

// The reading helper is handed out as a callback: it may run anywhere.
class Metrics {
public:
  void Start() { owner_ = std::thread([this] { Collect(); }); }
  void Stop() { owner_.join(); }
  std::function<size_t()> Reader() { return [this] { return Size(); }; }

private:
  void Collect() {
    for (int i = 0; i < 10; ++i) {
      Record(i);
      consume(Size());
    }
  }
  void Record(int i) {
    std::lock_guard<std::mutex> lock(mu_);
    counters_[i] = i;
  }
  size_t Size() { return counters_.size(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: read of 'counters_' without holding 'mu_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: 'counters_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+3]]:22: note: 'counters_' declared here

  std::mutex mu_;
  std::map<int, int> counters_;
  std::thread owner_;
};

// A virtual reader: an override's callers are not all in sight.
class Registry {
public:
  virtual ~Registry() = default;
  void Start() { owner_ = std::thread([this] { Scan(); }); }
  void Stop() { owner_.join(); }

protected:
  virtual size_t Live() { return entries_.size(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: read of 'entries_' without holding 'mu_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+7]]:7: note: 'entries_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+12]]:30: note: 'entries_' declared here

private:
  void Scan() {
    for (int i = 0; i < 10; ++i) {
      std::lock_guard<std::mutex> lock(mu_);
      entries_[i] = "e";
    }
    consume(Live());
  }

  std::mutex mu_;
  std::map<int, std::string> entries_;
  std::thread owner_;
};

int main() {
  PriceCache cache;
  cache.Start();
  for (int i = 0; i < 200; ++i)
    consume(cache.Snapshot());
  cache.Stop();
  RouteTable routes;
  routes.Start();
  routes.Stop();
  Inventory inventory;
  inventory.Start();
  for (int i = 0; i < 200; ++i)
    inventory.Reset();
  inventory.Stop();
}
