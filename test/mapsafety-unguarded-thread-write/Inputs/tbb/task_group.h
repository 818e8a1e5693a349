// Minimal stand-in for oneTBB's tbb/task_group.h (oneTBB 2021.8, as packaged
// in libtbb-dev): task_group is declared in tbb::detail::d1 and exported into
// tbb through the inline namespace v1, as in the real header. Each run() starts
// a thread of its own, joined by wait(), so that test programs run concurrently.
#ifndef MAPSAFETY_TEST_TBB_TASK_GROUP_H
#define MAPSAFETY_TEST_TBB_TASK_GROUP_H

#include <thread>
#include <utility>
#include <vector>

namespace tbb {
namespace detail {
namespace d1 {

enum task_group_status { not_complete, complete, canceled };

class task_group {
public:
  task_group() = default;
  task_group(const task_group &) = delete;
  task_group &operator=(const task_group &) = delete;
  ~task_group() { wait(); }

  template <typename F> void run(F &&f) { threads_.emplace_back(std::forward<F>(f)); }

  task_group_status wait() {
    for (std::thread &t : threads_)
      if (t.joinable()) t.join();
    return complete;
  }

private:
  std::vector<std::thread> threads_;
};

} // namespace d1
} // namespace detail

inline namespace v1 {
using detail::d1::task_group;
using detail::d1::task_group_status;
} // namespace v1

} // namespace tbb

#endif
