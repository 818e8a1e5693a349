// A timer in a header of its own, included only by scheduler.cpp: one worker
// thread runs the queued tasks one at a time (with RACY_TWO_WORKERS, two
// threads drain the queue, so two tasks can overlap).
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

class Timer {
public:
  Timer() : worker_([this] { Run(); }) {}
  ~Timer() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    worker_.join();
#ifdef RACY_TWO_WORKERS
    second_.join();
#endif
  }
  void Add(std::function<void()> fn) {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(fn));
    cv_.notify_one();
  }

private:
  void Run() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty())
          return;
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      // A timer's task waits for its time to come (with two workers, two
      // tasks wait, then run, side by side).
      std::this_thread::sleep_for(std::chrono::microseconds(500));
      task();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stop_ = false;
  std::thread worker_;
#ifdef RACY_TWO_WORKERS
  std::thread second_{[this] { Run(); }};
#endif
};
