// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17

// Guards inferred when accesses hold different mutexes in equal numbers: the
// mutex a write holds is the guard (writers define it), and every candidate
// is tried before inference gives up. From zeromq 4.3.4's ctx_t, where
// terminate() reads _pending under _slot_sync while pend_connection() and
// connect_pending() write it under _endpoints_sync.
// No %tsan_run: there is no thread to race with in this file.

#include <map>
#include <mutex>
#include <string>

// One locked read against one locked write: the write's mutex is the guard.
class CtxOneWriter {
public:
  int terminate() {
    _slot_sync.lock();
    int n = static_cast<int>(_pending.count("inproc"));
    // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: read of '_pending' without holding '_endpoints_sync', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+7]]:5: note: '_pending' is accessed holding '_endpoints_sync' here
    // CHECK-MESSAGES: :[[@LINE+11]]:35: note: '_pending' declared here
    _slot_sync.unlock();
    return n;
  }
  void pend_connection(const std::string &a) {
    std::lock_guard<std::mutex> l(_endpoints_sync);
    _pending.emplace(a, 1);
  }

private:
  std::mutex _slot_sync, _endpoints_sync;
  std::multimap<std::string, int> _pending;
};

// Two readers under _slot_sync, two writers under _endpoints_sync: the reads
// skip the writers' mutex (the writes are not the ones to blame).
class CtxTwoWriters {
public:
  int terminate() {
    _slot_sync.lock();
    int n = static_cast<int>(_pending.size());
    // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: read of '_pending' without holding '_endpoints_sync', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+14]]:5: note: '_pending' is accessed holding '_endpoints_sync' here
    // CHECK-MESSAGES: :[[@LINE+22]]:35: note: '_pending' declared here
    _slot_sync.unlock();
    return n;
  }
  bool has_pending(const std::string &a) {
    std::lock_guard<std::mutex> l(_slot_sync);
    return _pending.count(a) != 0;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: read of '_pending' without holding '_endpoints_sync', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+5]]:5: note: '_pending' is accessed holding '_endpoints_sync' here
    // CHECK-MESSAGES: :[[@LINE+13]]:35: note: '_pending' declared here
  }
  void pend_connection(const std::string &a) {
    std::lock_guard<std::mutex> l(_endpoints_sync);
    _pending.emplace(a, 1);
  }
  void connect_pending(const std::string &a) {
    std::lock_guard<std::mutex> l(_endpoints_sync);
    _pending.erase(a);
  }

private:
  std::mutex _slot_sync, _endpoints_sync;
  std::multimap<std::string, int> _pending;
};

// Writers under two different mutexes: the first one seen is the guard and
// the other write is the one reported (they do race).
class TwoWritersTwoMutexes {
public:
  void add(int k) {
    std::lock_guard<std::mutex> l(add_mu_);
    table_[k] = k;
  }
  void remove(int k) {
    std::lock_guard<std::mutex> l(remove_mu_);
    table_.erase(k);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'table_' without holding 'add_mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'table_' is accessed holding 'add_mu_' here
    // CHECK-MESSAGES: :[[@LINE+5]]:22: note: 'table_' declared here
  }

private:
  std::mutex add_mu_, remove_mu_;
  std::map<int, int> table_;
};

// Negative: the reader holds the writers' mutex as well as its own.
class CtxReaderHoldsBoth {
public:
  int terminate() {
    std::lock_guard<std::mutex> s(_slot_sync);
    std::lock_guard<std::mutex> e(_endpoints_sync);
    return static_cast<int>(_pending.size());
  }
  int count(const std::string &a) {
    std::lock_guard<std::mutex> s(_slot_sync);
    std::lock_guard<std::mutex> e(_endpoints_sync);
    return static_cast<int>(_pending.count(a));
  }
  void pend_connection(const std::string &a) {
    std::lock_guard<std::mutex> l(_endpoints_sync);
    _pending.emplace(a, 1);
  }

private:
  std::mutex _slot_sync, _endpoints_sync;
  std::multimap<std::string, int> _pending;
};

// Negative: readers and writers all hold the writer's mutex; one reader also
// holds another.
class AllHoldTheWritersMutex {
public:
  int size() {
    std::lock_guard<std::mutex> o(other_mu_);
    std::lock_guard<std::mutex> l(mu_);
    return static_cast<int>(table_.size());
  }
  bool has(int k) {
    std::lock_guard<std::mutex> l(mu_);
    return table_.count(k) != 0;
  }
  void put(int k) {
    std::lock_guard<std::mutex> l(mu_);
    table_[k] = k;
  }

private:
  std::mutex mu_, other_mu_;
  std::map<int, int> table_;
};

// Negative: only reads hold a mutex and only one function locks: too little
// evidence for any candidate (the writer may be serialised elsewhere).
class ReadLockedOnce {
public:
  int size() {
    std::lock_guard<std::mutex> l(mu_);
    return static_cast<int>(table_.size());
  }
  void put(int k) { table_[k] = k; }
  void drop(int k) { table_.erase(k); }

private:
  std::mutex mu_;
  std::map<int, int> table_;
};
