// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Calls followed from a thread entry that end in correctly locked accesses: a
// helper that locks, a helper whose every caller holds the lock (or that says
// so with REQUIRES), and helpers that only read a map nobody writes meanwhile.
// Only the positive control at the end is reported, and ThreadSanitizer stays
// silent.

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"
#include "../Inputs/thread_annotations.h"

class Crawler {
public:
  void crawl_while_resetting() {
    std::thread t(&Crawler::run, this);
    forget_all();
    t.join();
  }

private:
  void run() { fetch("https://example.org/"); }
  void fetch(const std::string &url) { remember(url); }
  void remember(const std::string &url) {
    std::lock_guard<std::mutex> lock(mu_);
    visited_[url] = true;
  }
  void forget_all() {
    std::lock_guard<std::mutex> lock(mu_);
    visited_.clear();
  }
  std::mutex mu_;
  std::unordered_map<std::string, bool> visited_;
};

void helper_that_locks_called_from_both_sides() { Crawler().crawl_while_resetting(); }

class Inventory {
public:
  void restock_in_background() {
    std::thread t([this] {
      std::lock_guard<std::mutex> lock(mu_);
      add_locked("apple", 3);
    });
    {
      std::lock_guard<std::mutex> lock(mu_);
      add_locked("pear", 1);
    }
    t.join();
  }

private:
  void add_locked(const std::string &item, int n) { stock_[item] += n; }
  std::mutex mu_;
  std::map<std::string, int> stock_;
};

void helper_whose_every_caller_holds_the_lock() { Inventory().restock_in_background(); }

class Ledger {
public:
  void post_in_background() {
    std::thread t([this] {
      std::lock_guard<std::mutex> lock(mu_);
      post_locked(1, 100);
    });
    {
      std::lock_guard<std::mutex> lock(mu_);
      post_locked(2, -50);
    }
    t.join();
  }

private:
  void post_locked(int account, int amount) REQUIRES(mu_) { balances_[account] += amount; }
  std::mutex mu_;
  std::map<int, int> balances_;
};

void helper_annotated_requires() { Ledger().post_in_background(); }

static std::size_t count_known(const std::map<std::string, int> &table) { return table.count("known"); }
static std::size_t audit(const std::map<std::string, int> &table) { return count_known(table); }

void helpers_that_only_read_on_both_sides() {
  std::map<std::string, int> table{{"known", 1}};
  std::thread t([&table] { consume(audit(table)); });
  consume(count_known(table));
  t.join();
}

static void record_locked(std::map<int, int> &table, std::mutex &mu, int key) {
  std::lock_guard<std::mutex> lock(mu);
  table[key] = key;
}

void helper_receives_the_map_and_its_mutex() {
  std::map<int, int> table;
  std::mutex mu;
  std::thread t([&] { record_locked(table, mu, 1); });
  record_locked(table, mu, 2);
  t.join();
}

// Positive control (the check must report it): the Crawler above with the
// lock missing at the end of the followed calls. Not called from main(), so
// the ThreadSanitizer run covers the safe cases only.
class UnlockedCrawler {
public:
  void crawl_while_resetting() {
    std::thread t(&UnlockedCrawler::run, this);
    forget_all();
    t.join();
  }

private:
  void run() { fetch("https://example.org/"); }
  void fetch(const std::string &url) { remember(url); }
  void remember(const std::string &url) { visited_[url] = true; }
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: write to shared map 'visited_' without holding 'mu_', which the concurrent access holds [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-4]]:16: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE-4]]:40: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE-12]]:17: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-13]]:17: note: 'visited_' is shared with it through 'this', which the thread runs on
  // CHECK-MESSAGES: :[[@LINE-13]]:5: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE+4]]:5: note: conflicting write of 'visited_' here, holding 'mu_'
  // CHECK-MESSAGES: :[[@LINE+6]]:41: note: 'visited_' declared here
  void forget_all() {
    std::lock_guard<std::mutex> lock(mu_);
    visited_.clear();
  }
  std::mutex mu_;
  std::unordered_map<std::string, bool> visited_;
};

int main() {
  helper_that_locks_called_from_both_sides();
  helper_whose_every_caller_holds_the_lock();
  helper_annotated_requires();
  helpers_that_only_read_on_both_sides();
  helper_receives_the_map_and_its_mutex();
}
