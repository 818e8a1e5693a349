// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17
// RUN: %tsan_run --expect=race %s

// References and pointers to a guarded map returned without its lock: never
// taken (a plain getter), or released by an explicit unlock before the
// return. Every write of the map holds the mutex, so the mutex is its guard;
// the caller then copies or reads the map through what it got while another
// thread writes it under the lock. A Step (relaxed atomics, which order
// nothing for ThreadSanitizer) makes each read come after the write.

#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "../Inputs/program.h"

class Registry {
public:
  void put(int id, const std::string &name) {
    std::lock_guard<std::mutex> lock(mu_);
    names_[id] = name;
  }
  std::map<int, std::string> &all() { return names_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:46: warning: reference to 'names_' returned without holding 'mu_', which guards its writes elsewhere; return a copy instead [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: 'names_' is written holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+13]]:30: note: 'names_' declared here
  const std::map<int, std::string> *find_all() {
    mu_.lock();
    const std::map<int, std::string> *names = &names_;
    mu_.unlock();
    return names;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: pointer to 'names_' returned without holding 'mu_', which guards its writes elsewhere; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-12]]:5: note: 'names_' is written holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+5]]:30: note: 'names_' declared here
  }

private:
  std::mutex mu_;
  std::map<int, std::string> names_{{0, "root"}};
};

int main() {
  Registry reg;
  Step written;
  std::thread writer([&] {
    reg.put(1, "one");
    written.signal();
  });
  written.await();
  std::map<int, std::string> copy = reg.all();
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: copy of map returned by 'all' without holding 'mu_', which guards its writes elsewhere [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-29]]:46: note: 'all' returns a reference to 'names_' here
  consume(copy.size());
  consume(reg.find_all()->size());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: read of map returned by 'find_all' without holding 'mu_', which guards its writes elsewhere [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-25]]:12: note: 'find_all' returns a pointer to 'names_' here
  writer.join();
}
