// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Scoped guards that release early: a SCOPED_CAPABILITY guard's RELEASE()
// member and a home-grown guard's Release() whose body unlocks its mutex (no
// annotation: by shape) end the hold, so a write after them is unguarded. Each worker writes after the
// early release, before the owner writes under the mutex (a Step orders them
// in time only).

#include <map>
#include <mutex>
#include <thread>

#include "../Inputs/program.h"
#include "../Inputs/thread_annotations.h"

#ifndef SCOPED_CAPABILITY
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#endif

class CAPABILITY("mutex") Mutex {
public:
  void Lock() ACQUIRE() { mu_.lock(); }
  void Unlock() RELEASE() { mu_.unlock(); }

private:
  std::mutex mu_;
};

class SCOPED_CAPABILITY AnnotatedGuard {
public:
  explicit AnnotatedGuard(Mutex *mu) ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~AnnotatedGuard() RELEASE() {
    if (held_)
      mu_->Unlock();
  }
  void Release() RELEASE() {
    mu_->Unlock();
    held_ = false;
  }

private:
  Mutex *mu_;
  bool held_ = true;
};

// No annotations: a guard by shape, whose Release() unlocks.
class PlainGuard {
public:
  explicit PlainGuard(std::mutex &mu) : mu_(mu) { mu_.lock(); }
  ~PlainGuard() {
    if (held_)
      mu_.unlock();
  }
  void Release() {
    mu_.unlock();
    held_ = false;
  }

private:
  std::mutex &mu_;
  bool held_ = true;
};

std::map<int, int> annotated_table;
Mutex annotated_mu;
std::map<int, int> plain_table;
std::mutex plain_mu;

void write_after_annotated_release(Step &done) {
  AnnotatedGuard guard(&annotated_mu);
  annotated_table[0] = 0;
  guard.Release();
  annotated_table[1] = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'annotated_table' without holding 'annotated_mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+22]]:23: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+21]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+24]]:5: note: conflicting write of 'annotated_table' here, holding 'annotated_mu'
  // CHECK-MESSAGES: :[[@LINE-14]]:20: note: 'annotated_table' declared here
  done.signal();
}

void write_after_plain_release(Step &done) {
  PlainGuard guard(plain_mu);
  plain_table[0] = 0;
  guard.Release();
  plain_table[1] = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'plain_table' without holding 'plain_mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+15]]:23: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+14]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+17]]:5: note: conflicting write of 'plain_table' here, holding 'plain_mu'
  // CHECK-MESSAGES: :[[@LINE-25]]:20: note: 'plain_table' declared here
  done.signal();
}

int main() {
  Step annotated_done, plain_done;
  std::thread a([&] { write_after_annotated_release(annotated_done); });
  annotated_done.await();
  {
    AnnotatedGuard guard(&annotated_mu);
    annotated_table[2] = 2;
  }
  std::thread b([&] { write_after_plain_release(plain_done); });
  plain_done.await();
  {
    PlainGuard guard(plain_mu);
    plain_table[2] = 2;
  }
  a.join();
  b.join();
}
