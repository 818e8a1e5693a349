// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17

// Infer RacerD's C++ container tests (infer/tests/codetoanalyze/cpp/racerd/
// containers.cpp), the map and set cases: a member container written under
// the class's mutex and read without it. RacerD's C++ mode reports the
// unprotected reads and never an unprotected write; its verdicts are the test
// names (`_bad` reported, `_ok` not, `FP_` reported wrongly, `FN_` missed).
// Each case states the peer's verdict and whether mapsafety agrees
// (docs/checks/mapsafety-unguarded-thread-write.md, "Peer suites").

#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>

struct Account {
  int value = 0;
};

class AccountTable {
public:
  void write(int key, int value) {
    mutex_.lock();
    accounts_[key].value = value;
    mutex_.unlock();
  }

  // peer (RacerD: containers FN_get_bad, operator[] inserts without the lock): quiet; mapsafety: DISAGREES (peer false negative, by its own label: RacerD never reports an unprotected write in C++)
  int get(int key) { return accounts_[key].value; }
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: write to 'accounts_' without holding 'mutex_', which guards it elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-7]]:5: note: 'accounts_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+9]]:26: note: 'accounts_' declared here

  // peer (RacerD: containers size_bad): warns; mapsafety: agrees
  std::size_t size() { return accounts_.size(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: read of 'accounts_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-13]]:5: note: 'accounts_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+3]]:26: note: 'accounts_' declared here

private:
  std::map<int, Account> accounts_;
  std::mutex mutex_;
};

class SessionIndex {
public:
  void add(int key, int value) {
    std::lock_guard<std::mutex> lock(mutex_);
    index_.emplace(key, value);
  }
  void remove(int key) {
    std::lock_guard<std::mutex> lock(mutex_);
    index_.erase(key);
  }

  // peer (RacerD: containers Map find_bad): warns; mapsafety: agrees
  bool has(int key) { return index_.find(key) != index_.end(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: read of 'index_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-10]]:5: note: 'index_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+19]]:22: note: 'index_' declared here
  // CHECK-MESSAGES: :[[@LINE-4]]:50: warning: read of 'index_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-13]]:5: note: 'index_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+16]]:22: note: 'index_' declared here

  // peer (RacerD: containers Map count_bad): warns; mapsafety: agrees
  std::size_t count(int key) { return index_.count(key); }
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: read of 'index_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-19]]:5: note: 'index_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+10]]:22: note: 'index_' declared here

  // peer (RacerD: containers Map at_bad): warns; mapsafety: agrees
  int at(int key) { return index_.at(key); }
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: read of 'index_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-25]]:5: note: 'index_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+4]]:22: note: 'index_' declared here

private:
  std::mutex mutex_;
  std::map<int, int> index_;
};

class HashIndex {
public:
  void put(int key, int value) {
    std::lock_guard<std::mutex> lock(mutex_);
    map_[key] = value;
  }

  // peer (RacerD: containers UnorderedMap empty_bad): warns; mapsafety: agrees
  bool empty() { return map_.empty(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: read of 'map_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'map_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+4]]:32: note: 'map_' declared here

private:
  std::mutex mutex_;
  std::unordered_map<int, int> map_;
};

class ReadOnlyUnderLock {
public:
  // peer (RacerD: containers NonConstAccessors locked_get_ok / unlocked_size_ok, no write anywhere): quiet; mapsafety: agrees
  int lockedGet(int key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = map_.find(key);
    bool named = names_.find("name") != names_.end();
    return (it == map_.end() ? 0 : it->second) + named;
  }
  std::size_t unlockedSize() { return map_.size() + names_.size(); }

private:
  std::mutex mutex_;
  std::map<int, int> map_;
  std::map<std::string, int, std::less<>> names_;
};

class FilledInConstructor {
public:
  FilledInConstructor() {
    std::lock_guard<std::mutex> lock(mutex_);
    ids_.insert(1);
  }

  // peer (RacerD: containers InitializedInConstructor size_ok): quiet; mapsafety: agrees
  std::size_t size() { return ids_.size(); }

private:
  std::mutex mutex_;
  std::set<int> ids_;
};

class SharedMutexIndex {
public:
  void put(int key, int value) {
    std::unique_lock<std::shared_mutex> lock(mutex_);
    map_[key] = value;
  }

  // peer (RacerD: containers SharedMutexMap contains_ok): quiet; mapsafety: agrees
  bool contains(int key) {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    return map_.count(key) > 0;
  }

  // peer (RacerD: containers SharedMutexMap empty_ok, lock_shared()): quiet; mapsafety: agrees
  bool empty() {
    mutex_.lock_shared();
    bool empty = map_.empty();
    mutex_.unlock_shared();
    return empty;
  }

  // peer (RacerD: containers SharedMutexMap size_bad): warns; mapsafety: agrees
  std::size_t size() { return map_.size(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: read of 'map_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-20]]:5: note: 'map_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+13]]:32: note: 'map_' declared here

  // peer (RacerD: containers SharedMutexMap FN_get_or_insert_bad, operator[] under the reader lock): quiet; mapsafety: DISAGREES (peer false negative, by its own label: RacerD treats shared locks as exclusive)
  int getOrInsert(int key) {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    return map_[key];
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: write to shared map 'map_' under a shared lock on 'mutex_'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-28]]:5: note: 'map_' is accessed holding 'mutex_' here
    // CHECK-MESSAGES: :[[@LINE+5]]:32: note: 'map_' declared here
  }

private:
  std::shared_mutex mutex_;
  std::unordered_map<int, int> map_;
};

class FreeFunctionReads {
public:
  void add(int key) {
    std::lock_guard<std::mutex> lock(mutex_);
    map_[key] = key;
  }

  // peer (RacerD: containers FN_size_bad, std::size): quiet; mapsafety: DISAGREES (peer false negative, by its own label: std::size and std::empty are not modelled)
  std::size_t size() { return std::size(map_); }
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: read of 'map_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'map_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+4]]:22: note: 'map_' declared here

private:
  std::mutex mutex_;
  std::map<int, int> map_;
};
