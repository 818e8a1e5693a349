// Minimal stand-in for Boost.Asio strands (boost/asio/strand.hpp,
// bind_executor.hpp, Boost 1.83) over the thread_pool of ../Inputs/boost/asio.hpp:
// make_strand(pool), post/dispatch/defer to a strand, and bind_executor(strand,
// handler) posted to the pool. Same names and call shapes; handlers of one
// strand run on pool threads but one at a time (a mutex of the strand's own),
// so that test programs really behave as a strand does.
#ifndef MAPSAFETY_TEST_BOOST_ASIO_STRAND_HPP
#define MAPSAFETY_TEST_BOOST_ASIO_STRAND_HPP

#include "../../../../Inputs/boost/asio.hpp"
#include <memory>
#include <mutex>
#include <utility>

namespace boost {
namespace asio {

template <typename Executor> class strand {
public:
  explicit strand(const Executor &ex) : ex_(ex), mu_(std::make_shared<std::mutex>()) {}
  template <typename Function> void run(Function &&f) const {
    std::shared_ptr<std::mutex> mu = mu_;
    ex_.execute([mu, f = std::forward<Function>(f)]() mutable {
      std::lock_guard<std::mutex> one_at_a_time(*mu);
      f();
    });
  }

private:
  Executor ex_;
  std::shared_ptr<std::mutex> mu_;
};

inline strand<thread_pool::executor_type> make_strand(thread_pool &pool) {
  return strand<thread_pool::executor_type>(pool.get_executor());
}

template <typename Executor, typename CompletionToken>
void post(const strand<Executor> &s, CompletionToken &&token) {
  s.run(std::forward<CompletionToken>(token));
}
template <typename Executor, typename CompletionToken>
void dispatch(const strand<Executor> &s, CompletionToken &&token) {
  s.run(std::forward<CompletionToken>(token));
}
template <typename Executor, typename CompletionToken>
void defer(const strand<Executor> &s, CompletionToken &&token) {
  s.run(std::forward<CompletionToken>(token));
}

template <typename Executor, typename Handler> struct executor_binder {
  Executor executor;
  Handler handler;
};

template <typename Executor, typename Handler>
executor_binder<Executor, std::decay_t<Handler>> bind_executor(const Executor &ex, Handler &&h) {
  return {ex, std::forward<Handler>(h)};
}

template <typename Executor, typename Handler>
void post(thread_pool &, executor_binder<strand<Executor>, Handler> &&bound) {
  bound.executor.run(std::move(bound.handler));
}

} // namespace asio
} // namespace boost

#endif
