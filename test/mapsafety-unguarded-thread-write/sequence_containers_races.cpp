// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -config="{CheckOptions: [{key: mapsafety-unguarded-thread-write.SequenceContainers, value: true}]}" -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Sequence containers race like maps: push_back, push_front/pop_back,
// string append, list splice/erase and whole assignment change the
// container's structure (its buffer, its size, its nodes), so two threads
// doing them without a common mutex race, and so does a reader beside them.
// The same holds for third-party sequences the model knows by name
// (llvm::SmallVector here, a small stand-in with the same name).

#include <deque>
#include <list>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "../Inputs/program.h"

namespace llvm {
// Stand-in for llvm::SmallVector: the same members, backed by a std::vector.
template <typename T, unsigned N = 4> class SmallVector {
public:
  void push_back(const T &value) { items_.push_back(value); }
  std::size_t size() const { return items_.size(); }

private:
  std::vector<T> items_;
};
} // namespace llvm

// Two workers append to one log vector.
void two_threads_push_back() {
  std::vector<int> log;
  std::thread a([&log] { log.push_back(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: write to shared vector 'log' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'log' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:26: note: conflicting write of 'log' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:20: note: 'log' declared here
  std::thread b([&log] { log.push_back(2); });
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: write to shared vector 'log' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'log' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-10]]:26: note: conflicting write of 'log' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-12]]:20: note: 'log' declared here
  a.join();
  b.join();
  consume(log.size());
}

// A work queue on a deque, producer and consumer without a lock.
class JobQueue {
public:
  void Run() {
    std::thread producer([this] {
      for (int i = 0; i < 100; ++i)
        jobs_.push_front(i);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: write to shared deque 'jobs_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
        // CHECK-MESSAGES: :[[@LINE-4]]:17: note: thread started here
        // CHECK-MESSAGES: :[[@LINE-5]]:27: note: 'jobs_' is shared with it through 'this', captured here
        // CHECK-MESSAGES: :[[@LINE+4]]:12: note: conflicting read of 'jobs_' here, with no lock held
        // CHECK-MESSAGES: :[[@LINE+14]]:19: note: 'jobs_' declared here
    });
    for (int i = 0; i < 100; ++i)
      if (!jobs_.empty())
        jobs_.pop_back();
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: write to shared deque 'jobs_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
        // CHECK-MESSAGES: :[[@LINE-13]]:17: note: thread started here
        // CHECK-MESSAGES: :[[@LINE-14]]:27: note: 'jobs_' is shared with it through 'this', captured here
        // CHECK-MESSAGES: :[[@LINE-13]]:9: note: conflicting write of 'jobs_' here, with no lock held
        // CHECK-MESSAGES: :[[@LINE+5]]:19: note: 'jobs_' declared here
    producer.join();
  }

private:
  std::deque<int> jobs_;
};

// A status line appended by a worker while the launcher reads its length.
void string_append_while_reading() {
  std::string status;
  std::thread worker([&status] { status += "done;"; });
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: write to shared string 'status' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:23: note: 'status' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:11: note: conflicting read of 'status' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:15: note: 'status' declared here
  consume(status.size());
  worker.join();
}

// Two lists moved between by two threads.
class Sessions {
public:
  void Run() {
    std::thread closer([this] { closed_.splice(closed_.end(), open_); });
    // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: write to shared list 'open_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-2]]:17: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-3]]:25: note: 'open_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE+2]]:5: note: conflicting write of 'open_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+9]]:18: note: 'open_' declared here
    open_.remove(3);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared list 'open_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-8]]:17: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-9]]:25: note: 'open_' is shared with it through 'this', captured here
    // CHECK-MESSAGES: :[[@LINE-10]]:33: note: conflicting write of 'open_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+3]]:18: note: 'open_' declared here
    closer.join();
  }
  std::list<int> open_{1, 2, 3};
  std::list<int> closed_;
};

// A third-party small vector filled by two threads.
void small_vector_two_writers() {
  llvm::SmallVector<int> ids;
  std::thread a([&ids] { ids.push_back(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: write to shared vector 'ids' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'ids' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'ids' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:26: note: 'ids' declared here
  ids.push_back(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared vector 'ids' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-9]]:18: note: 'ids' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-10]]:26: note: conflicting write of 'ids' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-12]]:26: note: 'ids' declared here
  a.join();
}

// A member vector guarded by mu_ where it grows, read without it elsewhere
// (guarded by inference, like a map).
class Subscribers {
public:
  void Add(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    ids_.push_back(id);
  }
  std::size_t Count() { return ids_.size(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: read of shared vector 'ids_' without holding 'mu_' races with a concurrent write [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+54]]:11: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+52]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+51]]:22: note: 'ids_' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+50]]:38: note: the other access is reached through this call
  // CHECK-MESSAGES: :[[@LINE-8]]:5: note: conflicting write of 'ids_' here, holding 'mu_'
  // CHECK-MESSAGES: :[[@LINE+4]]:20: note: 'ids_' declared here

private:
  std::mutex mu_;
  std::vector<int> ids_;
};

// A vector grown under a shared (reader) lock: readers run beside it.
class Names {
public:
  void Rename(const std::string &name) {
    std::shared_lock<std::shared_mutex> lock(mu_);
    names_.push_back(name);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared vector 'names_' under a shared lock on 'mu_'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+38]]:28: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+37]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+36]]:18: note: 'names_' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE+36]]:36: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE+5]]:12: note: conflicting read of 'names_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+7]]:28: note: 'names_' declared here
  }
  std::size_t Count() {
    std::shared_lock<std::shared_mutex> lock(mu_);
    return names_.size();
  }
  std::shared_mutex mu_;
  std::vector<std::string> names_;
};

// Whole assignment of a shared string is a write too.
std::string g_banner = "hello";
void reassign_global_string() {
  std::thread t([] { g_banner = "bye"; });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: write to shared string 'g_banner' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+2]]:11: note: conflicting read of 'g_banner' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:13: note: 'g_banner' declared here
  consume(g_banner.size());
  t.join();
}

int main() {
  two_threads_push_back();
  JobQueue().Run();
  string_append_while_reading();
  Sessions().Run();
  small_vector_two_writers();
  Subscribers subscribers;
  std::thread adder([&subscribers] { subscribers.Add(1); });
  consume(subscribers.Count());
  adder.join();
  Names names;
  std::thread a([&names] { names.Rename("a"); });
  std::thread b([&names] { consume(names.Count()); names.Rename("b"); });
  a.join();
  b.join();
  reassign_global_string();
}
