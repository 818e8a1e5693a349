// RUN: %check_mapsafety %s mapsafety-shared-map-copy \
// RUN:   -config="{CheckOptions: [{key: mapsafety-shared-map-copy.ShallowMappedTypes, value: 'my::Handle;folly::Ptr'}]}" \
// RUN:   -- -std=c++17

// ShallowMappedTypes='my::Handle;folly::Ptr': project pointer-like types
// (a class template and a plain class) count as shallow mapped types, so a
// write through a snapshot of a map of them is reported like one through raw
// pointers. A pointer-like type that is not listed is still not.
// No %tsan_run: the same writes with raw pointers are confirmed under
// ThreadSanitizer in shallow_snapshots_races.cpp.

#include <map>
#include <mutex>
#include <string>

struct Session {
  long last_seen = 0;
};

namespace my {
template <typename T> class Handle {
public:
  explicit Handle(T *p = nullptr) : p_(p) {}
  T *operator->() const { return p_; }

private:
  T *p_;
};

template <typename T> class Other {
public:
  explicit Other(T *p = nullptr) : p_(p) {}
  T *operator->() const { return p_; }

private:
  T *p_;
};
} // namespace my

namespace folly {
class Ptr {
public:
  explicit Ptr(Session *p = nullptr) : p_(p) {}
  Session *operator->() const { return p_; }

private:
  Session *p_;
};
} // namespace folly

class HandleTable {
public:
  void add(int id, Session *s) {
    std::lock_guard<std::mutex> lock(mu_);
    handles_[id] = my::Handle<Session>(s);
    ptrs_[id] = folly::Ptr(s);
    others_[id] = my::Other<Session>(s);
  }

  void touch_listed_template(long now) {
    std::unique_lock<std::mutex> lock(mu_);
    auto snap = handles_;
    lock.unlock();
    for (auto &kv : snap)
      kv.second->last_seen = now;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write through 'snap', a snapshot of 'handles_' that still shares its values; the owner's users reach the same objects without 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-5]]:17: note: 'snap' copied from 'handles_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+32]]:38: note: 'handles_' declared here
  }

  void touch_listed_class(long now) {
    std::map<int, folly::Ptr> snap;
    {
      std::lock_guard<std::mutex> lock(mu_);
      snap = ptrs_;
    }
    snap.at(1)->last_seen = now;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write through 'snap', a snapshot of 'ptrs_' that still shares its values; the owner's users reach the same objects without 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-4]]:14: note: 'snap' copied from 'ptrs_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+21]]:29: note: 'ptrs_' declared here
  }

  void touch_unlisted(long now) {
    std::unique_lock<std::mutex> lock(mu_);
    auto snap = others_;
    lock.unlock();
    for (auto &kv : snap)
      kv.second->last_seen = now;
  }

  long read_listed(int id) {
    std::unique_lock<std::mutex> lock(mu_);
    auto snap = handles_;
    lock.unlock();
    return snap.at(id)->last_seen;
  }

private:
  std::mutex mu_;
  std::map<int, my::Handle<Session>> handles_;
  std::map<int, folly::Ptr> ptrs_;
  std::map<int, my::Other<Session>> others_;
};
