// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -config="{CheckOptions: [{key: mapsafety-unguarded-thread-write.SequenceContainers, value: true}]}" -- -std=c++17
// RUN: %tsan_run --expect=clean %s -- -DSAFE_ONLY

// Sequence containers the thread rule leaves alone: element access
// (operator[], at(), front(), back(), data()) gives an existing element and
// changes no structure, so threads filling their own slots of a pre-sized
// vector do not race on the vector; structural writes under a common mutex,
// reads under a shared lock beside writes under the exclusive one, vectors
// each thread owns, strings set before the threads start or in a
// constructor, and a vector of threads grown by its launcher. The last case,
// not run as a program, is the positive control: the workers of
// disjoint_slots appending instead of writing their slot.

#include <deque>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "../Inputs/program.h"

// Each worker writes its own slot of a pre-sized vector.
void disjoint_slots() {
  std::vector<int> results(4);
  std::vector<std::string> names(4);
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back([&results, &names, i] {
      results[i] = i * i;
      names.at(i) = "worker";
    });
  for (std::thread &t : workers)
    t.join();
  consume(results.size() + names.front().size());
}

// Every structural write holds mu_, and so does the reader.
class Log {
public:
  void Append(const std::string &line) {
    std::lock_guard<std::mutex> lock(mu_);
    lines_.push_back(line);
    text_ += line;
  }
  std::size_t Size() {
    std::lock_guard<std::mutex> lock(mu_);
    return lines_.size() + text_.size();
  }

private:
  std::mutex mu_;
  std::vector<std::string> lines_;
  std::string text_;
};

// Readers under the shared lock, the writer under the exclusive one.
class Queue {
public:
  void Push(int v) {
    std::unique_lock<std::shared_mutex> lock(mu_);
    items_.push_back(v);
  }
  int Front() {
    std::shared_lock<std::shared_mutex> lock(mu_);
    return items_.empty() ? 0 : items_.front();
  }

private:
  std::shared_mutex mu_;
  std::deque<int> items_;
};

// Each thread builds its own vector.
void per_thread_vectors() {
  auto work = [] {
    std::vector<int> mine;
    for (int i = 0; i < 10; ++i)
      mine.push_back(i);
    consume(mine.size());
  };
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
}

// Set before the threads start, only read while they run.
class Greeter {
public:
  explicit Greeter(std::string greeting) : greeting_(std::move(greeting)) { greeting_ += "!"; }
  void Run() {
    std::thread a([this] { consume(greeting_.size()); });
    std::thread b([this] { consume(greeting_.size()); });
    a.join();
    b.join();
  }

private:
  std::string greeting_;
};

void set_before_start() {
  std::string prefix;
  prefix.append("job-");
  std::thread t([&prefix] { consume(prefix.size()); });
  consume(prefix.size());
  t.join();
  prefix.clear(); // after the join
}

// Elements written through data() and back() while the launcher reads the
// size: both sides only read the vector's structure.
void element_writes_beside_size() {
  std::vector<int> buffer(8);
  std::thread t([&buffer] {
    buffer.data()[0] = 1;
    buffer.back() = 2;
  });
  consume(buffer.size());
  t.join();
}

#ifndef SAFE_ONLY
void appending_instead_of_slots() {
  std::vector<int> results;
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back([&results, i] { results.push_back(i * i); });
    // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: write to shared vector 'results' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-3]]:27: note: 'results' is shared with it by reference capture here
    // CHECK-MESSAGES: :[[@LINE-4]]:42: note: the same write runs on another thread at the same time
    // CHECK-MESSAGES: :[[@LINE-8]]:20: note: 'results' declared here
  for (std::thread &t : workers)
    t.join();
}
#endif

int main() {
  disjoint_slots();
  Log log;
  std::thread a([&log] { log.Append("a"); });
  log.Append("b");
  consume(log.Size());
  a.join();
  Queue q;
  std::thread b([&q] { q.Push(1); });
  consume(q.Front());
  b.join();
  per_thread_vectors();
  Greeter("hi").Run();
  set_before_start();
  element_writes_beside_size();
}
