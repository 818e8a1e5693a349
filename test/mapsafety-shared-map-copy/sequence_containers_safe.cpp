// RUN: %check_mapsafety %s mapsafety-shared-map-copy -config="{CheckOptions: [{key: mapsafety-shared-map-copy.SequenceContainers, value: true}]}" -- -std=c++17
// RUN: %tsan_run --expect=clean %s -- -DSAFE_ONLY

// Copies of sequence containers that do not race: taken under the writers'
// mutex (and returned by value), of a vector no thread writes while it runs,
// or of one element (an element is not the container: copying `names[i]`
// reads one string, which its own thread alone writes). The last method, not
// run as a program, is the positive control: History's snapshot without the
// lock.

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../Inputs/program.h"

class History {
public:
  void Add(const std::string &line) {
    std::lock_guard<std::mutex> lock(mu_);
    lines_.push_back(line);
  }
  std::vector<std::string> Snapshot() {
    std::lock_guard<std::mutex> lock(mu_);
    return lines_;
  }

#ifndef SAFE_ONLY
  std::vector<std::string> UnlockedSnapshot() { return lines_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:56: warning: copy of 'lines_' without holding 'mu_', which guards its writes elsewhere [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-10]]:5: note: 'lines_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+5]]:28: note: 'lines_' declared here
#endif

private:
  std::mutex mu_;
  std::vector<std::string> lines_{"start"};
};

// Read-only while the threads run: copies of it do not race.
void copies_of_a_read_only_vector() {
  const std::vector<int> weights{1, 2, 3};
  std::thread a([weights] { consume(weights.size()); });
  std::thread b([&weights] {
    std::vector<int> mine = weights;
    consume(mine.size());
  });
  a.join();
  b.join();
}

// Each thread copies and rewrites its own slot.
void element_copies() {
  std::vector<std::string> names(2, "n");
  std::thread a([&names] {
    std::string mine = names[0];
    names[0] = mine + "a";
  });
  std::thread b([&names] {
    std::string mine = names[1];
    names[1] = mine + "b";
  });
  a.join();
  b.join();
}

int main() {
  History h;
  std::thread writer([&h] { h.Add("x"); });
  consume(h.Snapshot().size());
  writer.join();
  copies_of_a_read_only_vector();
  element_copies();
}
