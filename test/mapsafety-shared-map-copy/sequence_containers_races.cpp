// RUN: %check_mapsafety %s mapsafety-shared-map-copy -config="{CheckOptions: [{key: mapsafety-shared-map-copy.SequenceContainers, value: true}]}" -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Copies of sequence containers race like copies of maps: copying a vector or
// a string reads its size and every element while another thread appends to
// it. A reference to a guarded vector returned without the lock lets callers
// read it unlocked. Every container copied is non-empty before the writer
// starts; a Step orders each read after the write (see SPEC.md).

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../Inputs/program.h"

// A snapshot of the pending list taken while a worker appends.
void copy_vector_while_appending() {
  std::vector<int> pending{1, 2, 3};
  std::thread worker([&pending] { pending.push_back(4); });
  std::vector<int> snapshot = pending;
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: copy of shared vector 'pending' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'pending' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:35: note: conflicting write of 'pending' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:20: note: 'pending' declared here
  consume(snapshot.size());
  worker.join();
}

// A by-value capture of a string a worker is extending.
void capture_string_by_value() {
  std::string path = "/var/log";
  std::thread worker([&path] { path += "/app"; });
  std::thread reader([path] { consume(path.size()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: copy of shared string 'path' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'path' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:32: note: conflicting write of 'path' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:15: note: 'path' declared here
  worker.join();
  reader.join();
}

// A getter hands out the guarded vector without the lock.
class Peers {
public:
  void Add(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    ids_.push_back(id);
  }
  std::vector<int> &All() { return ids_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: reference to 'ids_' returned without holding 'mu_', which guards its writes elsewhere; return a copy instead [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: 'ids_' is written holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+4]]:20: note: 'ids_' declared here

private:
  std::mutex mu_;
  std::vector<int> ids_{0};
};

int main() {
  copy_vector_while_appending();
  capture_string_by_value();
  Peers peers;
  Step added;
  std::thread adder([&] {
    peers.Add(1);
    added.signal();
  });
  added.await();
  consume(peers.All().size());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: read of vector returned by 'All' without holding 'mu_', which guards its writes elsewhere [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-22]]:36: note: 'All' returns a reference to 'ids_' here
  adder.join();
}
