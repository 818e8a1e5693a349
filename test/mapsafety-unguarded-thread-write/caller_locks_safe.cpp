// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17

// Helpers that hold the map's mutex through every caller: recursive helpers
// and cycles of helpers entered only under the lock, helpers the constructor
// or destructor also calls without it (the object is not shared then), and a
// chain of helpers deeper than a handful of calls, and a helper a
// NO_THREAD_SAFETY_ANALYSIS function also calls. The locks every caller holds
// are a fixpoint over the file's call graph. Only the positive control at the
// end is reported: a helper none of whose callers holds the lock is where the
// fix goes, so the finding stays at its access.
// No %tsan_run: the threads of these services start elsewhere (inferred guards).

#include <map>
#include <mutex>
#include <string>

#include "../Inputs/thread_annotations.h"

// A recursive helper reached only under the lock; the constructor's call does
// not count against it.
class PageCache {
public:
  PageCache() { fill(3); }
  void put(int depth) {
    std::lock_guard<std::mutex> lock(mu_);
    fill(depth);
  }
  void clear() {
    std::lock_guard<std::mutex> lock(mu_);
    pages_.clear();
  }

private:
  void fill(int depth) {
    if (depth > 0) {
      pages_[depth] = depth;
      fill(depth - 1);
    }
  }
  std::mutex mu_;
  std::map<int, int> pages_;
};

// Mutually recursive helpers entered only under the lock.
class RouteTree {
public:
  void rebuild() {
    std::lock_guard<std::mutex> lock(mu_);
    walk(4);
  }
  void reset() {
    std::lock_guard<std::mutex> lock(mu_);
    routes_.clear();
  }

private:
  void walk(int n) {
    if (n > 0)
      visit(n);
  }
  void visit(int n) {
    routes_[n] = std::to_string(n);
    walk(n - 1);
  }
  std::mutex mu_;
  std::map<int, std::string> routes_;
};

// The destructor flushes without the lock: nobody else holds the object then.
class Journal {
public:
  ~Journal() { flush(); }
  void commit(const std::string &entry) {
    std::lock_guard<std::mutex> lock(mu_);
    pending_[entry] = 1;
    if (pending_.size() > 16)
      flush();
  }

private:
  void flush() { pending_.clear(); }
  std::mutex mu_;
  std::map<std::string, int> pending_;
};

// Six calls down from the only function that locks.
class Pipeline {
public:
  void run(int item) {
    std::lock_guard<std::mutex> lock(mu_);
    stage1(item);
  }
  void drain() {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.clear();
  }

private:
  void stage1(int item) { stage2(item + 1); }
  void stage2(int item) { stage3(item + 1); }
  void stage3(int item) { stage4(item + 1); }
  void stage4(int item) { stage5(item + 1); }
  void stage5(int item) { stage6(item + 1); }
  void stage6(int item) { queue_[item] = item; }
  std::mutex mu_;
  std::map<int, int> queue_;
};

// A caller the analysis is told to skip is not held against the helper.
class Registry {
public:
  void add(const std::string &name) {
    std::lock_guard<std::mutex> lock(mu_);
    insert(name);
  }
  void load_snapshot() NO_THREAD_SAFETY_ANALYSIS { insert("snapshot"); }

private:
  void insert(const std::string &name) { names_[name] = 1; }
  std::mutex mu_;
  std::map<std::string, int> names_;
};

// Positive control: no caller of the helper holds the lock.
class Counters {
public:
  void bump(const std::string &name) { add(name); }
  std::size_t total() {
    std::lock_guard<std::mutex> lock(mu_);
    return counts_.size();
  }
  void reset() {
    std::lock_guard<std::mutex> lock(mu_);
    counts_.clear();
  }

private:
  void add(const std::string &name) { counts_[name] += 1; }
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: write to 'counts_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'counts_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+2]]:30: note: 'counts_' declared here
  std::mutex mu_;
  std::map<std::string, int> counts_;
};
