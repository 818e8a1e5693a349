// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -config="{CheckOptions: [{key: mapsafety-unguarded-thread-write.ThreadLaunchFunctions, value: 'jobs::spawn=0;jobs::Scheduler::schedule=1'}]}" -- -std=c++17

// ThreadLaunchFunctions: a project's own executors, as `qualified::name=N`
// with N the index of the callable argument. Their callables run on another
// thread like a pool submission; functions that are not listed run inline.
// The built-in launchers (std::thread...) still count.

#include <functional>
#include <map>
#include <string>
#include <thread>

namespace jobs {
void spawn(std::function<void()> task);
void run_inline(std::function<void()> task);

class Scheduler {
public:
  void schedule(int priority, std::function<void()> task);
};
} // namespace jobs

void listed_free_function_runs_the_callable_elsewhere() {
  std::map<int, int> results;
  jobs::spawn([&results] { results[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: write to shared map 'results' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-3]]:16: note: 'results' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:9: note: conflicting read of 'results' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:22: note: 'results' declared here
  (void)results.size();
}

void listed_member_function_with_the_callable_second(jobs::Scheduler &scheduler) {
  std::map<std::string, int> cache;
  scheduler.schedule(5, [&] { cache.erase("stale"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: write to shared map 'cache' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-3]]:26: note: 'cache' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'cache' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:30: note: 'cache' declared here
  cache["fresh"] = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'cache' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: task submitted to another thread here
  // CHECK-MESSAGES: :[[@LINE-9]]:26: note: 'cache' is shared with it by the reference capture default here
  // CHECK-MESSAGES: :[[@LINE-10]]:31: note: conflicting write of 'cache' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-12]]:30: note: 'cache' declared here
}

void builtin_launchers_still_count() {
  std::map<int, int> results;
  std::thread t([&results] { results[1] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: write to shared map 'results' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'results' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: conflicting write of 'results' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:22: note: 'results' declared here
  results.erase(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to shared map 'results' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-8]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-9]]:18: note: 'results' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-10]]:30: note: conflicting write of 'results' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-12]]:22: note: 'results' declared here
  t.join();
}

void unlisted_function_runs_the_callable_inline() {
  std::map<int, int> results;
  jobs::run_inline([&results] { results[1] = 1; });
  results.erase(1);
}
