// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17
// RUN: %tsan_run --expect=race %s

// References escaping their lock, with the race they cause: the getter locks,
// returns a reference or a pointer, and unlocks; the caller then reads or
// iterates the map while another thread, holding the lock properly, writes
// it. main() runs every case; each caller waits (with relaxed atomics, which
// order nothing for ThreadSanitizer) until the writer has written after the
// getter released the lock, so the race is reported on every run.

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/absl/synchronization/mutex.h"
#include "../Inputs/program.h"

using Routes = std::map<std::string, int>;

// The caller signals once the getter has returned, then waits for the writer.
// (In C++17 `reg.routes()` is evaluated before the arguments of the call on
// its result, so `reg.routes().count(handoff.after_the_write(k))` reads the
// map after the write.)
struct Handoff {
  Step getter_returned;
  Step writer_done;
  const std::string &after_the_write(const std::string &key) {
    getter_returned.signal();
    writer_done.await();
    return key;
  }
  void write_after_the_getter(const std::function<void()> &write) {
    getter_returned.await();
    write();
    writer_done.signal();
  }
};

class RouteRegistry {
public:
  void set(const std::string &path, int id) {
    std::lock_guard<std::mutex> lock(mu_);
    routes_[path] = id;
  }

  const Routes &routes() const {
    std::lock_guard<std::mutex> lock(mu_);
    return routes_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference to 'routes_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:33: note: 'mu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+22]]:10: note: 'routes_' declared here
  }

  const Routes *find_table() const {
    std::lock_guard<std::mutex> lock(mu_);
    return &routes_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: pointer to 'routes_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:33: note: 'mu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+14]]:10: note: 'routes_' declared here
  }

  void pin() {
    std::lock_guard<std::mutex> lock(mu_);
    pinned_ = &routes_;
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: pointer to 'routes_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:33: note: 'mu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+6]]:10: note: 'routes_' declared here
  }
  const Routes *pinned() const { return pinned_; }

private:
  mutable std::mutex mu_;
  Routes routes_{{"/", 0}, {"/health", 1}};
  const Routes *pinned_ = nullptr;
};

void caller_iterates_while_a_thread_updates_a_value() {
  RouteRegistry reg;
  Handoff handoff;
  std::thread writer([&] { handoff.write_after_the_getter([&] { reg.set("/", 5); }); });
  int total = 0;
  bool first = true;
  for (const auto &kv : reg.routes()) {
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: iteration of map returned by 'routes' after 'routes' released 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-37]]:12: note: 'routes' returns a reference to 'routes_' here
    if (first)
      handoff.after_the_write(kv.first);
    first = false;
    total += kv.second;
  }
  writer.join();
  consume(total);
}

void caller_reads_while_a_thread_inserts() {
  RouteRegistry reg;
  Handoff handoff;
  std::thread writer([&] { handoff.write_after_the_getter([&] { reg.set("/metrics", 2); }); });
  consume(reg.routes().count(handoff.after_the_write("/metrics")));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: read of map returned by 'routes' after 'routes' released 'mu_' [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-53]]:12: note: 'routes' returns a reference to 'routes_' here
  writer.join();
}

void caller_reads_through_the_pointer_while_a_thread_inserts() {
  RouteRegistry reg;
  Handoff handoff;
  std::thread writer([&] { handoff.write_after_the_getter([&] { reg.set("/metrics", 2); }); });
  consume(reg.find_table()->count(handoff.after_the_write("/metrics")));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: read of map returned by 'find_table' after 'find_table' released 'mu_' [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-55]]:12: note: 'find_table' returns a pointer to 'routes_' here
  writer.join();
}

void pointer_stored_in_a_member_read_while_a_thread_inserts() {
  RouteRegistry reg;
  reg.pin();
  std::thread writer([&reg] { reg.set("/metrics", 2); });
  consume(reg.pinned()->size());
  writer.join();
}

class Leaderboard {
public:
  void record(int player, int score) {
    absl::MutexLock lock(&mu_);
    scores_[player] = score;
  }
  const std::unordered_map<int, int> &scores() const {
    absl::MutexLock lock(&mu_);
    return scores_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference to 'scores_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:21: note: 'mu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+5]]:32: note: 'scores_' declared here
  }

private:
  mutable absl::Mutex mu_;
  std::unordered_map<int, int> scores_{{1, 10}};
};

void absl_getter_iterated_while_a_thread_records() {
  Leaderboard board;
  Handoff handoff;
  std::thread writer([&] { handoff.write_after_the_getter([&] { board.record(1, 99); }); });
  int best = 0;
  for (const auto &kv : board.scores()) {
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: iteration of map returned by 'scores' after 'scores' released 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-18]]:12: note: 'scores' returns a reference to 'scores_' here
    handoff.after_the_write("");
    best = kv.second > best ? kv.second : best;
  }
  writer.join();
  consume(best);
}

int main() {
  caller_iterates_while_a_thread_updates_a_value();
  caller_reads_while_a_thread_inserts();
  caller_reads_through_the_pointer_while_a_thread_inserts();
  pointer_stored_in_a_member_read_while_a_thread_inserts();
  absl_getter_iterated_while_a_thread_records();
}
