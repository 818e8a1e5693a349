// Timers of the shape a storage engine writes (rocksdb's util/timer.h): the
// callable is wrapped in a struct held by a unique_ptr in a map, a heap keeps
// raw pointers to the wrappers, and the worker thread is made with
// std::make_unique<std::thread>. Nothing is named like a known executor.
#ifndef MAPSAFETY_TEST_POOLS_TIMER_SHAPED_H
#define MAPSAFETY_TEST_POOLS_TIMER_SHAPED_H

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <utility>
#include <vector>

// Runs each task once, in the order added; Workers threads take them.
template <int Workers> class ShapedTimer {
public:
  ShapedTimer() {
    for (int i = 0; i < Workers; ++i)
      threads_.push_back(std::make_unique<std::thread>(&ShapedTimer::Run, this));
  }
  ~ShapedTimer() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto &t : threads_)
      t->join();
  }
  void Add(std::function<void()> fn, const std::string &name) {
    auto info = std::make_unique<TaskInfo>(std::move(fn), name, next_++);
    std::lock_guard<std::mutex> lock(mu_);
    heap_.push(info.get());
    tasks_.emplace(name, std::move(info));
    cv_.notify_one();
  }

private:
  struct TaskInfo {
    TaskInfo(std::function<void()> &&f, std::string n, int o)
        : fn(std::move(f)), name(std::move(n)), order(o) {}
    std::function<void()> fn;
    std::string name;
    int order;
  };
  struct Later {
    bool operator()(const TaskInfo *a, const TaskInfo *b) const { return a->order > b->order; }
  };
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return stop_ || !heap_.empty(); });
      if (heap_.empty())
        return;
      TaskInfo *current = heap_.top();
      heap_.pop();
      std::function<void()> fn = current->fn;
      lock.unlock();
      fn();
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::priority_queue<TaskInfo *, std::vector<TaskInfo *>, Later> heap_;
  std::map<std::string, std::unique_ptr<TaskInfo>> tasks_;
  std::vector<std::unique_ptr<std::thread>> threads_;
  bool stop_ = false;
  int next_ = 0;
};

// One thread, made once in the constructor: tasks never overlap.
class OneThreadTimer {
public:
  OneThreadTimer() : thread_(std::make_unique<std::thread>(&OneThreadTimer::Run, this)) {}
  ~OneThreadTimer() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_->join();
  }
  void Add(std::function<void()> fn, const std::string &name) {
    auto info = std::make_unique<TaskInfo>(TaskInfo{std::move(fn), name});
    std::lock_guard<std::mutex> lock(mu_);
    heap_.push(info.get());
    tasks_.emplace(name, std::move(info));
    cv_.notify_one();
  }

private:
  struct TaskInfo {
    std::function<void()> fn;
    std::string name;
  };
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return stop_ || !heap_.empty(); });
      if (heap_.empty())
        return;
      TaskInfo *current = heap_.front();
      heap_.pop();
      lock.unlock();
      current->fn();
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::queue<TaskInfo *> heap_;
  std::map<std::string, std::unique_ptr<TaskInfo>> tasks_;
  bool stop_ = false;
  std::unique_ptr<std::thread> thread_; // last: it runs Run() on the members above
};

#endif
