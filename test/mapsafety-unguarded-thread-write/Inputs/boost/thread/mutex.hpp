// Minimal stand-in for Boost.Thread's mutexes and lock types (boost/thread/mutex.hpp,
// boost/thread/shared_mutex.hpp, boost/thread/locks.hpp, Boost 1.83): the same names
// and member functions, implemented on the standard ones so that test programs run.
#ifndef MAPSAFETY_TEST_BOOST_THREAD_MUTEX_HPP
#define MAPSAFETY_TEST_BOOST_THREAD_MUTEX_HPP

#include <mutex>
#include <shared_mutex>

namespace boost {

class mutex {
public:
  mutex() = default;
  mutex(const mutex &) = delete;
  mutex &operator=(const mutex &) = delete;
  void lock() { impl_.lock(); }
  bool try_lock() { return impl_.try_lock(); }
  void unlock() { impl_.unlock(); }

private:
  std::mutex impl_;
};

class shared_mutex {
public:
  shared_mutex() = default;
  shared_mutex(const shared_mutex &) = delete;
  shared_mutex &operator=(const shared_mutex &) = delete;
  void lock() { impl_.lock(); }
  void unlock() { impl_.unlock(); }
  void lock_shared() { impl_.lock_shared(); }
  void unlock_shared() { impl_.unlock_shared(); }

private:
  std::shared_mutex impl_;
};

struct defer_lock_t {};
constexpr defer_lock_t defer_lock = {};

template <typename Lockable> class lock_guard {
public:
  explicit lock_guard(Lockable &m) : m_(m) { m_.lock(); }
  lock_guard(const lock_guard &) = delete;
  lock_guard &operator=(const lock_guard &) = delete;
  ~lock_guard() { m_.unlock(); }

private:
  Lockable &m_;
};

template <typename Lockable> class unique_lock {
public:
  explicit unique_lock(Lockable &m) : m_(&m), owns_(true) { m_->lock(); }
  unique_lock(Lockable &m, defer_lock_t) : m_(&m), owns_(false) {}
  unique_lock(const unique_lock &) = delete;
  unique_lock &operator=(const unique_lock &) = delete;
  ~unique_lock() {
    if (owns_) m_->unlock();
  }
  void lock() { m_->lock(); owns_ = true; }
  void unlock() { m_->unlock(); owns_ = false; }
  bool owns_lock() const { return owns_; }

private:
  Lockable *m_;
  bool owns_;
};

template <typename Lockable> class shared_lock {
public:
  explicit shared_lock(Lockable &m) : m_(&m) { m_->lock_shared(); }
  shared_lock(const shared_lock &) = delete;
  shared_lock &operator=(const shared_lock &) = delete;
  ~shared_lock() { m_->unlock_shared(); }

private:
  Lockable *m_;
};

} // namespace boost

#endif
