// Minimal stand-in for BS::thread_pool (bshoshany/thread-pool, BS_thread_pool.hpp):
// detach_task and submit_task (v4+), push_task and submit (v3), wait(). Same
// names and call shapes; every task runs on a thread of its own, joined by
// wait() and the destructor, so that test programs really run concurrently.
#ifndef MAPSAFETY_TEST_BS_THREAD_POOL_HPP
#define MAPSAFETY_TEST_BS_THREAD_POOL_HPP

#include <future>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

namespace BS {

class thread_pool {
public:
  explicit thread_pool(unsigned num_threads = 0) { (void)num_threads; }
  thread_pool(const thread_pool &) = delete;
  ~thread_pool() { wait(); }

  template <typename F> void detach_task(F &&task) { threads_.emplace_back(std::forward<F>(task)); }
  template <typename F> std::future<void> submit_task(F &&task) {
    auto packaged = std::make_shared<std::packaged_task<void()>>(std::forward<F>(task));
    std::future<void> done = packaged->get_future();
    threads_.emplace_back([packaged] { (*packaged)(); });
    return done;
  }
  template <typename F> void push_task(F &&task) { detach_task(std::forward<F>(task)); }
  template <typename F> std::future<void> submit(F &&task) { return submit_task(std::forward<F>(task)); }

  void wait() {
    for (std::thread &t : threads_)
      if (t.joinable()) t.join();
  }

private:
  std::vector<std::thread> threads_;
};

} // namespace BS

#endif
