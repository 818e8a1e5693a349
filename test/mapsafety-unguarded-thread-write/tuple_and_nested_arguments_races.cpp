// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// A thread handed its map inside a std::tuple of references (std::make_tuple
// with std::ref, a std::tuple<Index &> built in place, std::forward_as_tuple)
// and reading it back with std::get or a structured binding, or through a
// pointer kept in a struct member of a job struct (`job.out.table`): the
// thread's copy of the tuple or the job still reaches the launcher's map.
// Each worker signals a Step after its write, and the launcher then reads
// the map without synchronising with it.

#include <map>
#include <string>
#include <thread>
#include <tuple>

#include "../Inputs/program.h"

using Index = std::map<std::string, int>;

Step ingested, compacted, tallied, finished;

void ingest(std::tuple<Index &, int> args) {
  std::get<0>(args)["doc" + std::to_string(std::get<1>(args))] = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'std::get<0>(args)' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+48]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+47]]:48: note: 'docs' is shared with it through the reference stored here
  // CHECK-MESSAGES: :[[@LINE+52]]:11: note: conflicting read of 'docs' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+44]]:9: note: 'docs' declared here
  ingested.signal();
}

void compact(std::tuple<Index &> args) {
  auto &[index] = args;
  index.erase("doc0");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'index' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+38]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+37]]:54: note: 'stats' is shared with it through the reference stored here
  // CHECK-MESSAGES: :[[@LINE+43]]:11: note: conflicting read of 'stats' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+33]]:15: note: 'stats' declared here
  compacted.signal();
}

void tally(std::tuple<Index &> args) {
  std::get<0>(args)["tally"] += 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'std::get<0>(args)' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+29]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+28]]:52: note: 'totals' is shared with it through the reference stored here
  // CHECK-MESSAGES: :[[@LINE+35]]:11: note: conflicting read of 'totals' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+23]]:22: note: 'totals' declared here
  tallied.signal();
}

struct Output {
  Index *table;
};
struct Job {
  Output out;
  int id;
};

void runJob(Job job) {
  job.out.table->emplace("job", job.id);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map '*job.out.table' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+13]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE+11]]:12: note: 'results' is shared with it through the pointer stored here
  // CHECK-MESSAGES: :[[@LINE+19]]:11: note: conflicting read of 'results' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+5]]:30: note: 'results' declared here
  finished.signal();
}

int main() {
  Index docs, stats, totals, results;
  std::thread ingester(ingest, std::make_tuple(std::ref(docs), 0));
  std::thread compactor(compact, std::tuple<Index &>(stats));
  std::thread counter(tally, std::forward_as_tuple(totals));
  Job job{{&results}, 7};
  std::thread runner(runJob, job);
  ingested.await();
  consume(docs.size());
  compacted.await();
  consume(stats.size());
  tallied.await();
  consume(totals.size());
  finished.await();
  consume(results.size());
  ingester.join();
  compactor.join();
  counter.join();
  runner.join();
}
