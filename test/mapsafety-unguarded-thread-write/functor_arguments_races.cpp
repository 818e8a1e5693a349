// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// A callable that carries pointers or references to the launcher's map:
// a functor holding a pointer (built as an aggregate) or a reference (stored
// by its constructor), a struct of pointers passed by value to the thread
// function, a method run on a copy of an object that points to the map,
// std::bind with a pointer or std::ref, and a lambda's init-capture of a
// pointer. std::thread copies the callable and its arguments, but the copies
// point where the originals do.

#include <functional>
#include <map>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

struct Flusher {
  std::map<int, int> *pending;
  void operator()() { (*pending)[3] = 4; }
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: write to shared map '(*pending)' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+8]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+7]]:25: note: 'pending' is shared with it through the pointer stored here
  // CHECK-MESSAGES: :[[@LINE+7]]:3: note: conflicting write of 'pending' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+4]]:22: note: 'pending' declared here
};

void functor_with_a_pointer_member() {
  std::map<int, int> pending;
  std::thread t(Flusher{&pending});
  pending[5] = 6;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'pending' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:25: note: 'pending' is shared with it through the pointer stored here
  // CHECK-MESSAGES: :[[@LINE-15]]:23: note: conflicting write of '(*pending)' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:22: note: 'pending' declared here
  t.join();
}

class Indexer {
public:
  explicit Indexer(std::unordered_map<std::string, int> &index) : index_(index) {}
  void operator()() { index_["doc"] = 1; }
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: write to shared map 'index_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+11]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+10]]:25: note: 'index' is shared with it through the reference stored here
  // CHECK-MESSAGES: :[[@LINE+10]]:11: note: conflicting read of 'index' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+7]]:40: note: 'index' declared here

private:
  std::unordered_map<std::string, int> &index_;
};

void functor_with_a_reference_member() {
  std::unordered_map<std::string, int> index;
  std::thread t{Indexer(index)};
  consume(index.count("doc"));
  t.join();
}

struct Job {
  std::map<int, std::string> *results;
  int id;
};

void run_job(Job job) { (*job.results)[job.id] = "done"; }
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: write to shared map '(*job.results)' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
// CHECK-MESSAGES: :[[@LINE+8]]:15: note: thread started here
// CHECK-MESSAGES: :[[@LINE+6]]:11: note: 'results' is shared with it through the pointer stored here
// CHECK-MESSAGES: :[[@LINE+7]]:3: note: conflicting write of 'results' here, with no lock held
// CHECK-MESSAGES: :[[@LINE+3]]:30: note: 'results' declared here

void struct_of_pointers_by_value() {
  std::map<int, std::string> results;
  Job job{&results, 1};
  std::thread t(run_job, job);
  results.erase(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'results' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-5]]:11: note: 'results' is shared with it through the pointer stored here
  // CHECK-MESSAGES: :[[@LINE-15]]:25: note: conflicting write of '(*job.results)' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-8]]:30: note: 'results' declared here
  t.join();
}

class Reporter {
public:
  explicit Reporter(std::map<std::string, int> *totals) : totals_(totals) {}
  void run() { (*totals_)["reports"] += 1; }
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: write to shared map '(*totals_)' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+12]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+10]]:21: note: 'totals' is shared with it through the pointer stored here
  // CHECK-MESSAGES: :[[@LINE+11]]:3: note: conflicting write of 'totals' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+7]]:30: note: 'totals' declared here

private:
  std::map<std::string, int> *totals_;
};

void method_on_a_copy_that_points_to_the_map() {
  std::map<std::string, int> totals;
  Reporter reporter(&totals);
  std::thread t(&Reporter::run, reporter);
  totals["direct"] = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'totals' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-5]]:21: note: 'totals' is shared with it through the pointer stored here
  // CHECK-MESSAGES: :[[@LINE-19]]:16: note: conflicting write of '(*totals_)' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-8]]:30: note: 'totals' declared here
  t.join();
}

void add_entry(std::map<int, int> *table) { (*table)[1] = 1; }
// CHECK-MESSAGES: :[[@LINE-1]]:45: warning: write to shared map '(*table)' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
// CHECK-MESSAGES: :[[@LINE+13]]:15: note: thread started here
// CHECK-MESSAGES: :[[@LINE+12]]:38: note: 'table' is shared with it by pointer through this argument
// CHECK-MESSAGES: :[[@LINE+12]]:3: note: conflicting write of 'table' here, with no lock held
// CHECK-MESSAGES: :[[@LINE+9]]:22: note: 'table' declared here
void add_entry_ref(std::map<int, int> &table) { table[1] = 1; }
// CHECK-MESSAGES: :[[@LINE-1]]:49: warning: write to shared map 'table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
// CHECK-MESSAGES: :[[@LINE+19]]:15: note: thread started here
// CHECK-MESSAGES: :[[@LINE+18]]:42: note: 'table' is shared with it by reference through this argument
// CHECK-MESSAGES: :[[@LINE+18]]:3: note: conflicting write of 'table' here, with no lock held
// CHECK-MESSAGES: :[[@LINE+15]]:22: note: 'table' declared here

void bind_with_a_pointer() {
  std::map<int, int> table;
  std::thread t(std::bind(add_entry, &table));
  table[2] = 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:38: note: 'table' is shared with it by pointer through this argument
  // CHECK-MESSAGES: :[[@LINE-20]]:45: note: conflicting write of '(*table)' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:22: note: 'table' declared here
  t.join();
}

void bind_with_std_ref() {
  std::map<int, int> table;
  std::thread t(std::bind(add_entry_ref, std::ref(table)));
  table[2] = 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:42: note: 'table' is shared with it by reference through this argument
  // CHECK-MESSAGES: :[[@LINE-26]]:49: note: conflicting write of 'table' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:22: note: 'table' declared here
  t.join();
}

void init_capture_of_a_pointer() {
  std::unordered_map<int, int> seen;
  std::thread t([p = &seen] { (*p)[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: write to shared map '(*p)' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:22: note: 'seen' is shared with it through the pointer captured here
  // CHECK-MESSAGES: :[[@LINE+2]]:11: note: conflicting read of 'seen' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:32: note: 'seen' declared here
  consume(seen.size());
  t.join();
}

int main() {
  functor_with_a_pointer_member();
  functor_with_a_reference_member();
  struct_of_pointers_by_value();
  method_on_a_copy_that_points_to_the_map();
  bind_with_a_pointer();
  bind_with_std_ref();
  init_capture_of_a_pointer();
}
