// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17

// Silencing an audited case: NOLINT on the warning's line (naming this check,
// no check, or a matching glob), NOLINTNEXTLINE on the line before, or a
// NOLINTBEGIN/NOLINTEND block. A NOLINT for another check, or on the line of
// a note (here the other access), does not silence it.

#include <map>
#include <thread>

void nolint_naming_the_check() {
  std::map<int, int> m;
  std::thread t([&m] { m[1] = 1; }); // NOLINT(mapsafety-unguarded-thread-write)
  (void)m.size();
  t.join();
}

void nolint_without_a_check_list() {
  std::map<int, int> m;
  std::thread t([&m] { m[1] = 1; }); // NOLINT
  (void)m.size();
  t.join();
}

void nolint_with_a_glob() {
  std::map<int, int> m;
  std::thread t([&m] { m[1] = 1; }); // NOLINT(mapsafety-*)
  (void)m.size();
  t.join();
}

void nolintnextline_before_the_write() {
  std::map<int, int> m;
  std::thread t([&m] {
    // NOLINTNEXTLINE(mapsafety-unguarded-thread-write)
    m[1] = 1;
  });
  (void)m.size();
  t.join();
}

void nolintbegin_end_block() {
  std::map<int, int> m;
  // NOLINTBEGIN(mapsafety-unguarded-thread-write)
  std::thread t([&m] { m[1] = 1; });
  // NOLINTEND(mapsafety-unguarded-thread-write)
  (void)m.size();
  t.join();
}

void nolint_for_another_check_does_not_silence() {
  std::map<int, int> m;
  std::thread t([&m] { m[1] = 1; }); // NOLINT(bugprone-unused-return-value)
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: write to shared map 'm' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'm' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE+2]]:9: note: conflicting read of 'm' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-6]]:22: note: 'm' declared here
  (void)m.size();
  t.join();
}

void nolint_on_the_other_access_does_not_silence() {
  std::map<int, int> m;
  std::thread t([&m] {
    m[1] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'm' races with a concurrent access; no common mutex is held [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'm' is shared with it by reference capture here
    // clang-tidy itself drops a note that falls on a NOLINT line for the check,
    // and the notes after it: the "conflicting read" and "declared here" notes
    // do not appear, the warning does.
  });
  (void)m.size(); // NOLINT(mapsafety-unguarded-thread-write)
  t.join();
}
