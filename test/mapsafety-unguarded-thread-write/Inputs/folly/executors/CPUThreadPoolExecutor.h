// Minimal stand-in for folly's Executor and CPUThreadPoolExecutor
// (folly/Executor.h, folly/executors/CPUThreadPoolExecutor.h): add(Func) is a
// virtual member taking a type-erased callable, as in folly (folly::Function
// there, std::function here). Each add() starts a thread of its own, joined by
// join(), so that test programs run concurrently.
#ifndef MAPSAFETY_TEST_FOLLY_EXECUTORS_CPUTHREADPOOLEXECUTOR_H
#define MAPSAFETY_TEST_FOLLY_EXECUTORS_CPUTHREADPOOLEXECUTOR_H

#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace folly {

using Func = std::function<void()>;

class Executor {
public:
  virtual ~Executor() = default;
  virtual void add(Func) = 0;
};

class ThreadPoolExecutor : public Executor {
public:
  void join() {
    for (std::thread &t : threads_)
      if (t.joinable()) t.join();
  }

protected:
  std::vector<std::thread> threads_;
};

class CPUThreadPoolExecutor : public ThreadPoolExecutor {
public:
  explicit CPUThreadPoolExecutor(std::size_t numThreads) { (void)numThreads; }
  ~CPUThreadPoolExecutor() override { join(); }
  void add(Func func) override;
};

inline void CPUThreadPoolExecutor::add(Func func) { threads_.emplace_back(std::move(func)); }

} // namespace folly

#endif
