// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=clean %s -- -DSAFE_ONLY

// Tuples and nested structs that do not share a map: a tuple of values
// (std::make_tuple(docs) copies the map into the thread's tuple), a nested
// struct member holding a copy, a tuple of references joined before the
// launcher touches the map, and a tuple that hands over the map together
// with the mutex that guards it, unpacked with a structured binding. The
// last case, not run as a program, is the positive control: the tuple of
// references not joined before the launcher writes.

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>

#include "../Inputs/program.h"

using Index = std::map<std::string, int>;

void ownCopy(std::tuple<Index> args) { std::get<0>(args)["mine"] = 1; }

void ingest(std::tuple<Index &, int> args) {
  std::get<0>(args)["doc" + std::to_string(std::get<1>(args))] = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'std::get<0>(args)' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+40]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+39]]:45: note: 'docs' is shared with it through the reference stored here
  // CHECK-MESSAGES: :[[@LINE+39]]:3: note: conflicting write of 'docs' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+20]]:9: note: 'docs' declared here
}

void guarded(std::tuple<Index &, std::mutex &> args) {
  auto &[index, mu] = args;
  std::lock_guard<std::mutex> lock(mu);
  index["guarded"] = 1;
}

struct Snapshot {
  Index copy;
};
struct Report {
  Snapshot snap;
  int id;
};

void render(Report report) { report.snap.copy["rendered"] = report.id; }

int main() {
  Index docs, shared;
  std::mutex mu;
  std::thread copier(ownCopy, std::make_tuple(docs));
  std::thread renderer(render, Report{{docs}, 1});
  std::thread locker(guarded, std::tuple<Index &, std::mutex &>(shared, mu));
  {
    std::lock_guard<std::mutex> lock(mu);
    shared["main"] = 0;
  }
  copier.join();
  renderer.join();
  locker.join();
  std::thread ingester(ingest, std::make_tuple(std::ref(docs), 0));
  ingester.join();
  docs["after"] = 2;
  consume(docs.size() + shared.size());
#ifndef SAFE_ONLY
  std::thread racer(ingest, std::make_tuple(std::ref(docs), 5));
  docs["during"] = 3;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'docs' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:45: note: 'docs' is shared with it through the reference stored here
  // CHECK-MESSAGES: :[[@LINE-47]]:3: note: conflicting write of 'std::get<0>(args)' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-23]]:9: note: 'docs' declared here
  racer.join();
#endif
}
