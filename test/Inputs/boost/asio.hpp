// Minimal stand-in for Boost.Asio's thread_pool and post/dispatch/defer
// (boost/asio/thread_pool.hpp, post.hpp, dispatch.hpp, defer.hpp, Boost 1.83).
// Same names and call shapes; every submitted handler runs on a thread of its
// own, joined by thread_pool::join(), so that test programs really run
// concurrently (a real pool queues handlers on a fixed set of threads).
#ifndef MAPSAFETY_TEST_BOOST_ASIO_HPP
#define MAPSAFETY_TEST_BOOST_ASIO_HPP

#include <cstddef>
#include <thread>
#include <utility>
#include <vector>

namespace boost {
namespace asio {

class thread_pool {
public:
  thread_pool() = default;
  explicit thread_pool(std::size_t num_threads) { (void)num_threads; }
  thread_pool(const thread_pool &) = delete;
  thread_pool &operator=(const thread_pool &) = delete;
  ~thread_pool() { join(); }

  class executor_type {
  public:
    explicit executor_type(thread_pool &pool) : pool_(&pool) {}
    template <typename Function> void execute(Function &&f) const { pool_->spawn(std::forward<Function>(f)); }

  private:
    thread_pool *pool_;
  };
  executor_type get_executor() { return executor_type(*this); }

  void join() {
    for (std::thread &t : threads_)
      if (t.joinable()) t.join();
  }

  template <typename Function> void spawn(Function &&f) { threads_.emplace_back(std::forward<Function>(f)); }

private:
  std::vector<std::thread> threads_;
};

template <typename CompletionToken> void post(thread_pool &ctx, CompletionToken &&token) {
  ctx.spawn(std::forward<CompletionToken>(token));
}
template <typename CompletionToken>
void post(const thread_pool::executor_type &ex, CompletionToken &&token) {
  ex.execute(std::forward<CompletionToken>(token));
}
template <typename CompletionToken> void dispatch(thread_pool &ctx, CompletionToken &&token) {
  ctx.spawn(std::forward<CompletionToken>(token));
}
template <typename CompletionToken> void defer(thread_pool &ctx, CompletionToken &&token) {
  ctx.spawn(std::forward<CompletionToken>(token));
}

} // namespace asio
} // namespace boost

#endif
