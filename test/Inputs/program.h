// Helpers for the complete test programs (the files with a %tsan_run line).
// Maps are never involved, so the check has nothing to say about them.
#ifndef MAPSAFETY_TEST_PROGRAM_H
#define MAPSAFETY_TEST_PROGRAM_H

#include <atomic>
#include <cstddef>
#include <thread>

// Makes one thread wait until another has passed a point, with relaxed atomics
// only. Relaxed atomics create no happens-before edge (in the C++ model and for
// ThreadSanitizer), so a Step orders two accesses in time without synchronising
// them: a positive program uses it so that its unlocked access is not hidden
// behind an unrelated hand-off of the other side's mutex.
class Step {
public:
  void signal() { flag_.store(true, std::memory_order_relaxed); }
  void await() const {
    while (!flag_.load(std::memory_order_relaxed))
      std::this_thread::yield();
  }

private:
  std::atomic<bool> flag_{false};
};

// Keeps a value that was read from a map alive, so that the compiler cannot
// drop the read (an optimised-away read cannot race). The sink is a relaxed
// atomic: threads may call this at the same time without a race of its own.
inline void consume(std::size_t value) {
  static std::atomic<std::size_t> sink;
  sink.store(value, std::memory_order_relaxed);
}

#endif
