// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// std::async with std::launch::async or the default policy runs the task on
// another thread as soon as it is called: the launcher's accesses between the
// call and get()/wait() race with the task's.

#include <future>
#include <map>
#include <string>
#include <unordered_map>

#include "../Inputs/program.h"

void default_policy_task_writes_while_launcher_reads() {
  std::unordered_map<int, int> results;
  auto done = std::async([&results] { results[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: write to shared map 'results' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: asynchronous task started here
  // CHECK-MESSAGES: :[[@LINE-3]]:27: note: 'results' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:11: note: conflicting read of 'results' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:32: note: 'results' declared here
  consume(results.size());
  done.get();
}

void launch_async_policy_both_write() {
  std::map<int, std::string> names;
  auto done = std::async(std::launch::async, [&] { names.emplace(1, "one"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:52: warning: write to shared map 'names' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: asynchronous task started here
  // CHECK-MESSAGES: :[[@LINE-3]]:47: note: 'names' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'names' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:30: note: 'names' declared here
  names.emplace(2, "two");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'names' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:15: note: asynchronous task started here
  // CHECK-MESSAGES: :[[@LINE-9]]:47: note: 'names' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-10]]:52: note: conflicting write of 'names' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-12]]:30: note: 'names' declared here
  done.wait();
}

static void load_config(std::map<std::string, std::string> &config) {
  config["mode"] = "fast";
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'config' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+8]]:30: note: asynchronous task started here
  // CHECK-MESSAGES: :[[@LINE+7]]:74: note: 'settings' is shared with it by reference through this argument
  // CHECK-MESSAGES: :[[@LINE+7]]:3: note: conflicting write of 'settings' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+4]]:38: note: 'settings' declared here
}

void function_task_with_std_ref_argument() {
  std::map<std::string, std::string> settings;
  std::future<void> loaded = std::async(std::launch::async, load_config, std::ref(settings));
  settings.erase("mode");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'settings' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: asynchronous task started here
  // CHECK-MESSAGES: :[[@LINE-4]]:74: note: 'settings' is shared with it by reference through this argument
  // CHECK-MESSAGES: :[[@LINE-15]]:3: note: conflicting write of 'config' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:38: note: 'settings' declared here
  loaded.wait();
}

class Indexer {
public:
  void member_function_task_on_this() {
    auto built = std::async(std::launch::async, &Indexer::build, this);
    index_.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'index_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:18: note: asynchronous task started here
    // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'index_' is shared with it through 'this', which the thread runs on
    // CHECK-MESSAGES: :[[@LINE+6]]:18: note: conflicting write of 'index_' here, with no lock held
    // CHECK-MESSAGES: :[[@LINE+11]]:30: note: 'index_' declared here
    built.get();
  }

private:
  void build() { index_["term"] = 1; }
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: write to shared map 'index_' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-13]]:18: note: asynchronous task started here
  // CHECK-MESSAGES: :[[@LINE-14]]:18: note: 'index_' is shared with it through 'this', which the thread runs on
  // CHECK-MESSAGES: :[[@LINE-14]]:5: note: conflicting write of 'index_' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE+1]]:30: note: 'index_' declared here
  std::map<std::string, int> index_;
};

void get_called_only_after_the_racing_iteration() {
  std::unordered_map<int, int> scores{{1, 1}};
  std::future<void> updated = std::async(std::launch::async, [&scores] { scores.erase(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:74: warning: write to shared map 'scores' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:31: note: asynchronous task started here
  // CHECK-MESSAGES: :[[@LINE-3]]:63: note: 'scores' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+3]]:3: note: conflicting iteration of 'scores' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:32: note: 'scores' declared here
  std::size_t total = 0;
  for (const auto &kv : scores)
    total += kv.second;
  updated.get();
  consume(total);
}

int main() {
  default_policy_task_writes_while_launcher_reads();
  launch_async_policy_both_write();
  function_task_with_std_ref_argument();
  Indexer().member_function_task_on_this();
  get_called_only_after_the_racing_iteration();
}
