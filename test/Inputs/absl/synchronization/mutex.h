// Minimal stand-in for absl/synchronization/mutex.h (Abseil LTS 2024-01-16):
// the same names, inline namespace and thread-safety annotations as the real
// header, implemented on std::shared_mutex so that test programs run.
#ifndef MAPSAFETY_TEST_ABSL_SYNCHRONIZATION_MUTEX_H_
#define MAPSAFETY_TEST_ABSL_SYNCHRONIZATION_MUTEX_H_

#include <shared_mutex>

#define ABSL_LOCKABLE __attribute__((capability("mutex")))
#define ABSL_SCOPED_LOCKABLE __attribute__((scoped_lockable))
#define ABSL_EXCLUSIVE_LOCK_FUNCTION(...) __attribute__((exclusive_lock_function(__VA_ARGS__)))
#define ABSL_SHARED_LOCK_FUNCTION(...) __attribute__((shared_lock_function(__VA_ARGS__)))
#define ABSL_UNLOCK_FUNCTION(...) __attribute__((unlock_function(__VA_ARGS__)))
#define ABSL_GUARDED_BY(x) __attribute__((guarded_by(x)))

namespace absl {
inline namespace lts_20240116 {

class ABSL_LOCKABLE Mutex {
public:
  Mutex() = default;
  Mutex(const Mutex &) = delete;
  Mutex &operator=(const Mutex &) = delete;

  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { impl_.lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION() { impl_.unlock(); }
  void ReaderLock() ABSL_SHARED_LOCK_FUNCTION() { impl_.lock_shared(); }
  void ReaderUnlock() ABSL_UNLOCK_FUNCTION() { impl_.unlock_shared(); }
  void WriterLock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { Lock(); }
  void WriterUnlock() ABSL_UNLOCK_FUNCTION() { Unlock(); }

private:
  std::shared_mutex impl_;
};

class ABSL_SCOPED_LOCKABLE MutexLock {
public:
  explicit MutexLock(Mutex *mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) { mu_->Lock(); }
  MutexLock(const MutexLock &) = delete;
  MutexLock &operator=(const MutexLock &) = delete;
  ~MutexLock() ABSL_UNLOCK_FUNCTION() { mu_->Unlock(); }

private:
  Mutex *const mu_;
};

class ABSL_SCOPED_LOCKABLE ReaderMutexLock {
public:
  explicit ReaderMutexLock(Mutex *mu) ABSL_SHARED_LOCK_FUNCTION(mu) : mu_(mu) { mu_->ReaderLock(); }
  ReaderMutexLock(const ReaderMutexLock &) = delete;
  ReaderMutexLock &operator=(const ReaderMutexLock &) = delete;
  ~ReaderMutexLock() ABSL_UNLOCK_FUNCTION() { mu_->ReaderUnlock(); }

private:
  Mutex *const mu_;
};

class ABSL_SCOPED_LOCKABLE WriterMutexLock {
public:
  explicit WriterMutexLock(Mutex *mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) { mu_->WriterLock(); }
  WriterMutexLock(const WriterMutexLock &) = delete;
  WriterMutexLock &operator=(const WriterMutexLock &) = delete;
  ~WriterMutexLock() ABSL_UNLOCK_FUNCTION() { mu_->WriterUnlock(); }

private:
  Mutex *const mu_;
};

} // namespace lts_20240116
} // namespace absl

#endif
