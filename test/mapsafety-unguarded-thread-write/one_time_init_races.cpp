// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Initialisation that only looks one-time: a fast path whose load is relaxed
// (no acquire: the reader may see the flag before the writes), a flag stored
// before the map is filled, and a flag that is reset, so that the map is
// filled again while readers that saw the old value read it. Steps let the
// first thread initialise and the second read without synchronising; the
// reads take size(), which the insertions write in instrumented code.

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "../Inputs/program.h"

class RelaxedCatalog {
public:
  std::size_t lookup(int id) {
    if (!ready_.load(std::memory_order_relaxed)) {
      std::lock_guard<std::mutex> lock(mu_);
      if (!ready_.load(std::memory_order_relaxed)) {
        items_[1] = "one";
        ready_.store(true, std::memory_order_release);
      }
    }
    return items_.size(); // the node count: written by instrumented code
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: read of shared map 'items_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+79]]:13: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+76]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+75]]:23: note: 'items_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+71]]:13: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-10]]:9: note: conflicting write of 'items_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+4]]:30: note: 'items_' declared here
  }

private:
  std::map<int, std::string> items_;
  std::atomic<bool> ready_{false};
  std::mutex mu_;
};

class EarlyFlag {
public:
  std::size_t lookup(int id) {
    if (!ready_.load(std::memory_order_acquire)) {
      std::lock_guard<std::mutex> lock(mu_);
      if (!ready_.load(std::memory_order_relaxed)) {
        ready_.store(true, std::memory_order_release);
        published.signal();
        read.await();
        items_[1] = "one";
      }
    }
    return items_.size(); // the node count: written by instrumented code
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: read of shared map 'items_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+60]]:13: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+57]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+56]]:23: note: 'items_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+54]]:36: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-9]]:9: note: conflicting write of 'items_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+5]]:30: note: 'items_' declared here
  }
  Step published, read;

private:
  std::map<int, std::string> items_;
  std::atomic<bool> ready_{false};
  std::mutex mu_;
};

class Reloadable {
public:
  std::size_t lookup(int id) {
    if (!ready_.load(std::memory_order_acquire)) {
      std::lock_guard<std::mutex> lock(mu_);
      if (!ready_.load(std::memory_order_relaxed)) {
        items_[id] = "loaded";
        ready_.store(true, std::memory_order_release);
      }
    }
    return items_.size(); // the node count: written by instrumented code
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: read of shared map 'items_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+49]]:13: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+45]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+44]]:25: note: 'items_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+40]]:13: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE-10]]:9: note: conflicting write of 'items_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+5]]:30: note: 'items_' declared here
  }
  void invalidate() { ready_.store(false, std::memory_order_release); }

private:
  std::map<int, std::string> items_;
  std::atomic<bool> ready_{false};
  std::mutex mu_;
};

int main() {
  RelaxedCatalog relaxed;
  Step filled;
  std::thread first([&] {
    consume(relaxed.lookup(1));
    filled.signal();
  });
  std::thread second([&] {
    filled.await();
    consume(relaxed.lookup(1));
  });
  first.join();
  second.join();

  EarlyFlag early;
  std::thread writer([&] { consume(early.lookup(1)); });
  std::thread reader([&] {
    early.published.await();
    consume(early.lookup(1));
    early.read.signal();
  });
  writer.join();
  reader.join();

  Reloadable cache;
  consume(cache.lookup(1));
  Step seen;
  std::thread user([&] {
    consume(cache.lookup(1));
    seen.signal();
  });
  std::thread reloader([&] {
    seen.await();
    cache.invalidate();
    consume(cache.lookup(2));
  });
  user.join();
  reloader.join();
}
