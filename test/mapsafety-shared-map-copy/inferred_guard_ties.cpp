// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17

// Guards inferred when accesses hold different mutexes in equal numbers: the
// mutex a write holds is the guard, so a copy taken under another mutex is
// reported. zeromq 4.3.4's ctx_t::terminate() copies _pending under
// _slot_sync; pend_connection() writes it under _endpoints_sync.
// No %tsan_run: there is no thread to race with in this file.

#include <map>
#include <mutex>
#include <string>

class Ctx {
public:
  int terminate() {
    _slot_sync.lock();
    std::multimap<std::string, int> copy = _pending;
    // CHECK-MESSAGES: :[[@LINE-1]]:44: warning: copy of '_pending' without holding '_endpoints_sync', which guards its writes elsewhere [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE+7]]:5: note: '_pending' is accessed holding '_endpoints_sync' here
    // CHECK-MESSAGES: :[[@LINE+11]]:35: note: '_pending' declared here
    _slot_sync.unlock();
    return static_cast<int>(copy.size());
  }
  void pend_connection(const std::string &a) {
    std::lock_guard<std::mutex> l(_endpoints_sync);
    _pending.emplace(a, 1);
  }

private:
  std::mutex _slot_sync, _endpoints_sync;
  std::multimap<std::string, int> _pending;
};

// Negative: the copy holds the writer's mutex too.
class CtxCopyUnderBoth {
public:
  int terminate() {
    std::lock_guard<std::mutex> s(_slot_sync);
    std::lock_guard<std::mutex> e(_endpoints_sync);
    std::multimap<std::string, int> copy = _pending;
    return static_cast<int>(copy.size());
  }
  void pend_connection(const std::string &a) {
    std::lock_guard<std::mutex> l(_endpoints_sync);
    _pending.emplace(a, 1);
  }

private:
  std::mutex _slot_sync, _endpoints_sync;
  std::multimap<std::string, int> _pending;
};

// Negative: a copy under a mutex no write of the map holds, and writes that
// hold no mutex: nothing says which mutex would guard it.
class CopyLockedNoWriterLock {
public:
  std::map<int, int> snapshot() {
    std::lock_guard<std::mutex> l(mu_);
    return table_;
  }
  void put(int k) { table_[k] = k; }

private:
  std::mutex mu_;
  std::map<int, int> table_;
};
