// Home-grown thread pools of the shapes services write, for the
// executors-by-shape tests. Nothing here is named like a known executor: the
// check must recognise them by what their code does.
#ifndef MAPSAFETY_TEST_POOLS_WORKER_POOLS_H
#define MAPSAFETY_TEST_POOLS_WORKER_POOLS_H

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <utility>
#include <vector>

// One worker thread, started in the constructor's initializer list, draining
// a deque of std::function. Tasks run one at a time, in order.
class SerialQueue {
public:
  SerialQueue() : worker_([this] { loop(); }) {}
  ~SerialQueue() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    worker_.join();
  }
  void Submit(std::function<void()> fn) {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(fn));
    cv_.notify_one();
  }

private:
  void loop() {
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
      task();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stop_ = false;
  std::thread worker_;
};

// Several workers started in a loop with &WorkerPool::Work, a template
// submission moving a forwarded callable into a std::queue, and the task
// taken out in a helper the worker calls.
class WorkerPool {
public:
  explicit WorkerPool(int threads) {
    for (int i = 0; i < threads; ++i)
      workers_.emplace_back(&WorkerPool::Work, this);
  }
  ~WorkerPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread &t : workers_)
      t.join();
  }
  template <typename F> void Schedule(F &&f) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      tasks_.emplace(std::forward<F>(f));
    }
    cv_.notify_one();
  }

private:
  void Work() {
    while (RunOne()) {
    }
  }
  bool RunOne() {
    std::function<void()> next;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
      if (tasks_.empty())
        return false;
      next = std::move(tasks_.front());
      tasks_.pop();
    }
    next();
    return true;
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::queue<std::function<void()>> tasks_;
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

// Stores callbacks and runs them on the caller's thread (Fire): it starts no
// thread, so it is no executor.
class EventHub {
public:
  void OnEvent(std::function<void()> callback) { callbacks_.push_back(std::move(callback)); }
  void Fire() {
    for (auto &callback : callbacks_)
      callback();
  }

private:
  std::vector<std::function<void()>> callbacks_;
};

#endif
