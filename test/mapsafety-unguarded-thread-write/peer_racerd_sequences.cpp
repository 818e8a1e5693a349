// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -config="{CheckOptions: [{key: mapsafety-unguarded-thread-write.SequenceContainers, value: true}]}" -- -std=c++17

// Infer RacerD's C++ container tests (infer/tests/codetoanalyze/cpp/racerd/
// containers.cpp), the sequence cases (vector, deque, list, string): a member
// container written under the class's mutex and read without it. Verdicts
// are the peer's test names (`_bad` reported, `_ok` not, `FP_` reported
// wrongly, `FN_` missed); each case states the peer's verdict and whether
// mapsafety agrees (docs/checks/mapsafety-unguarded-thread-write.md,
// "Peer suites"). The map cases are in peer_racerd_containers.cpp.

#include <atomic>
#include <cstddef>
#include <deque>
#include <iterator>
#include <list>
#include <mutex>
#include <string>
#include <vector>

class Vector {
public:
  void push_back(int x) {
    std::lock_guard<std::mutex> lock(mutex_);
    vec_.push_back(x);
  }

  // peer (RacerD: containers Vector::size_bad): warns; mapsafety: agrees
  std::size_t size_bad() { return vec_.size(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: read of 'vec_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'vec_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+41]]:20: note: 'vec_' declared here

  // peer (RacerD: containers Vector::index_bad): warns; mapsafety: agrees
  int index_bad(std::size_t i) { return vec_[i]; }
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: read of 'vec_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-12]]:5: note: 'vec_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+35]]:20: note: 'vec_' declared here

  // peer (RacerD: containers Vector::iterate_bad): warns; mapsafety: agrees
  int iterate_bad() {
    int sum = 0;
    for (auto it = vec_.begin(); it != vec_.end(); ++it)
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: read of 'vec_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-20]]:5: note: 'vec_' is accessed holding 'mutex_' here
    // CHECK-MESSAGES: :[[@LINE+27]]:20: note: 'vec_' declared here
    // CHECK-MESSAGES: :[[@LINE-4]]:40: warning: read of 'vec_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-23]]:5: note: 'vec_' is accessed holding 'mutex_' here
    // CHECK-MESSAGES: :[[@LINE+24]]:20: note: 'vec_' declared here
      sum += *it;
    return sum;
  }

  // peer (RacerD: containers Vector::FN_range_for_bad): quiet; mapsafety: DISAGREES (peer false negative: the range-for reads the vector the locked push_back reallocates)
  int FN_range_for_bad() {
    int sum = 0;
    for (int x : vec_)
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: iteration of 'vec_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-34]]:5: note: 'vec_' is accessed holding 'mutex_' here
    // CHECK-MESSAGES: :[[@LINE+13]]:20: note: 'vec_' declared here
      sum += x;
    return sum;
  }

  // peer (RacerD: containers Vector::size_locked_ok): quiet; mapsafety: agrees
  std::size_t size_locked_ok() {
    std::lock_guard<std::mutex> lock(mutex_);
    return vec_.size();
  }

private:
  std::mutex mutex_;
  std::vector<int> vec_;
};

class VectorElements {
public:
  // The write goes through the element operator[] returns: no structural write.
  void set(std::size_t i, int x) {
    std::lock_guard<std::mutex> lock(mutex_);
    vec_[i] = x;
  }

  // peer (RacerD: containers VectorElements::FN_get_bad): quiet; mapsafety: agrees (quiet: no structural write holds the mutex, and elements are not tracked)
  int FN_get_bad(std::size_t i) { return vec_[i]; }

private:
  std::mutex mutex_;
  std::vector<int> vec_;
};

class DequeList {
public:
  void add(int x) {
    std::lock_guard<std::mutex> lock(mutex_);
    deque_.push_front(x);
    list_.remove(x);
  }

  // peer (RacerD: containers DequeListSet::deque_back_bad): warns; mapsafety: agrees
  int deque_back_bad() { return deque_.back(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: read of 'deque_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-7]]:5: note: 'deque_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+10]]:19: note: 'deque_' declared here

  // peer (RacerD: containers DequeListSet::list_size_bad): warns; mapsafety: agrees
  std::size_t list_size_bad() { return list_.size(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: read of 'list_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-12]]:5: note: 'list_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+5]]:18: note: 'list_' declared here

private:
  std::mutex mutex_;
  std::deque<int> deque_;
  std::list<int> list_;
};

class String {
public:
  void set(const std::string &s) {
    std::lock_guard<std::mutex> lock(mutex_);
    str_ = s;
  }

  // peer (RacerD: containers String::size_bad): warns; mapsafety: agrees
  std::size_t size_bad() { return str_.size(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: read of 'str_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'str_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+10]]:15: note: 'str_' declared here

  // peer (RacerD: containers String::c_str_bad): warns; mapsafety: agrees
  const char *c_str_bad() { return str_.c_str(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: read of 'str_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-12]]:5: note: 'str_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+4]]:15: note: 'str_' declared here

private:
  std::mutex mutex_;
  std::string str_;
};

class Splice {
public:
  void move_all() {
    std::lock_guard<std::mutex> lock(mutex_);
    to_.splice(to_.end(), from_);
  }

  // peer (RacerD: containers Splice::to_size_bad): warns; mapsafety: agrees
  std::size_t to_size_bad() { return to_.size(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: read of 'to_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'to_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+10]]:18: note: 'to_' declared here

  // peer (RacerD: containers Splice::FN_from_size_bad): quiet; mapsafety: DISAGREES (peer false negative: splice empties its argument too)
  std::size_t FN_from_size_bad() { return from_.size(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: read of 'from_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-12]]:5: note: 'from_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+5]]:18: note: 'from_' declared here

private:
  std::mutex mutex_;
  std::list<int> to_;
  std::list<int> from_;
};

class InitializedInConstructor {
public:
  InitializedInConstructor() {
    std::lock_guard<std::mutex> lock(mutex_);
    vec_.push_back(1);
  }

  // peer (RacerD: containers InitializedInConstructor::size_ok): quiet; mapsafety: agrees (constructors are not concurrent)
  std::size_t size_ok() { return vec_.size(); }

private:
  std::mutex mutex_;
  std::vector<int> vec_;
};

class NonConstAccessors {
public:
  // peer (RacerD: containers NonConstAccessors::locked_get_ok): quiet; mapsafety: agrees (front(), operator[] and data() write nothing)
  int locked_get_ok() {
    std::lock_guard<std::mutex> lock(mutex_);
    return vec_.front() + vec_[0] + *str_.data();
  }

  // peer (RacerD: containers NonConstAccessors::unlocked_size_ok): quiet; mapsafety: agrees
  std::size_t unlocked_size_ok() { return vec_.size() + str_.size(); }

private:
  std::mutex mutex_;
  std::vector<int> vec_;
  std::string str_;
};

class LazyInit {
public:
  // peer (RacerD: containers LazyInit::FP_size_ok): warns; mapsafety: DISAGREES (peer false positive: the acquire load orders the read after the one-time write)
  std::size_t FP_size_ok() {
    if (!initialized_.load()) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!initialized_.load()) {
        vec_.push_back(1);
        initialized_.store(true);
      }
    }
    return vec_.size();
  }

private:
  std::atomic<bool> initialized_{false};
  std::mutex mutex_;
  std::vector<int> vec_;
};

class FreeFunctions {
public:
  void push_back(int x) {
    std::lock_guard<std::mutex> lock(mutex_);
    vec_.push_back(x);
  }

  // peer (RacerD: containers FreeFunctions::FN_size_bad): quiet; mapsafety: DISAGREES (peer false negative: std::size reads the vector)
  std::size_t FN_size_bad() { return std::size(vec_); }
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: read of 'vec_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'vec_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+10]]:20: note: 'vec_' declared here

  // peer (RacerD: containers FreeFunctions::FN_empty_bad): quiet; mapsafety: DISAGREES (peer false negative: std::empty reads the vector)
  bool FN_empty_bad() { return std::empty(vec_); }
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: read of 'vec_' without holding 'mutex_', which guards its writes elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-12]]:5: note: 'vec_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+4]]:20: note: 'vec_' declared here

private:
  std::mutex mutex_;
  std::vector<int> vec_;
};
