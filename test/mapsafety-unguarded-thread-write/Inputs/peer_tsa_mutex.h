// A mutex and scoped capabilities shaped like the ones Clang's thread-safety
// analysis tests itself with (warn-thread-safety-analysis.cpp): every effect
// is stated by an annotation, and the method names are the absl/Google ones.
// The peer_tsa_*.cpp tests port those tests to maps; only declarations are
// needed, since the tests are analysed, never linked.
#ifndef MAPSAFETY_TEST_PEER_TSA_MUTEX_H
#define MAPSAFETY_TEST_PEER_TSA_MUTEX_H

#define CAPABILITY(x) __attribute__((capability(x)))
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#define GUARDED_BY(x) __attribute__((guarded_by(x)))
#define PT_GUARDED_BY(x) __attribute__((pt_guarded_by(x)))
#define REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
#define REQUIRES_SHARED(...) __attribute__((requires_shared_capability(__VA_ARGS__)))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define ACQUIRE_SHARED(...) __attribute__((acquire_shared_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#define RELEASE_SHARED(...) __attribute__((release_shared_capability(__VA_ARGS__)))
#define RELEASE_GENERIC(...) __attribute__((release_generic_capability(__VA_ARGS__)))
#define TRY_ACQUIRE(...) __attribute__((try_acquire_capability(__VA_ARGS__)))
#define TRY_ACQUIRE_SHARED(...) __attribute__((try_acquire_shared_capability(__VA_ARGS__)))
#define ASSERT_CAPABILITY(x) __attribute__((assert_capability(x)))
#define ASSERT_SHARED_CAPABILITY(x) __attribute__((assert_shared_capability(x)))
#define LOCK_RETURNED(x) __attribute__((lock_returned(x)))
#define EXCLUDES(...) __attribute__((locks_excluded(__VA_ARGS__)))
#define NO_THREAD_SAFETY_ANALYSIS __attribute__((no_thread_safety_analysis))

class CAPABILITY("mutex") Mutex {
public:
  void Lock() ACQUIRE();
  void ReaderLock() ACQUIRE_SHARED();
  void Unlock() RELEASE();
  void ReaderUnlock() RELEASE_SHARED();
  bool TryLock() TRY_ACQUIRE(true);
  bool ReaderTryLock() TRY_ACQUIRE_SHARED(true);
  void AssertHeld() ASSERT_CAPABILITY(this);
  void AssertReaderHeld() ASSERT_SHARED_CAPABILITY(this);
};

// Tags choosing a constructor of the scoped capabilities below.
struct AdoptTag {};
struct DeferTag {};
struct SharedTag {};
struct ExclusiveTag {};

class SCOPED_CAPABILITY MutexLock {
public:
  explicit MutexLock(Mutex *mu) ACQUIRE(mu);
  MutexLock(Mutex *mu, AdoptTag) REQUIRES(mu);
  ~MutexLock() RELEASE();
};

class SCOPED_CAPABILITY ReaderMutexLock {
public:
  explicit ReaderMutexLock(Mutex *mu) ACQUIRE_SHARED(mu);
  ~ReaderMutexLock() RELEASE();
};

class SCOPED_CAPABILITY DoubleMutexLock {
public:
  DoubleMutexLock(Mutex *a, Mutex *b) ACQUIRE(a, b);
  ~DoubleMutexLock() RELEASE();
};

class SCOPED_CAPABILITY ReleasableMutexLock {
public:
  explicit ReleasableMutexLock(Mutex *mu) ACQUIRE(mu);
  ~ReleasableMutexLock() RELEASE();
  void Release() RELEASE();
};

// Constructed locked exclusively, locked shared, or unlocked (deferred); can
// be unlocked, relocked in either mode, promoted and demoted.
class SCOPED_CAPABILITY RelockableMutexLock {
public:
  RelockableMutexLock(Mutex *mu, DeferTag) EXCLUDES(mu);
  RelockableMutexLock(Mutex *mu, SharedTag) ACQUIRE_SHARED(mu);
  RelockableMutexLock(Mutex *mu, ExclusiveTag) ACQUIRE(mu);
  ~RelockableMutexLock() RELEASE();
  void Lock() ACQUIRE();
  void Unlock() RELEASE();
  void ReaderLock() ACQUIRE_SHARED();
  void ReaderUnlock() RELEASE_SHARED();
  void PromoteShared() RELEASE_SHARED() ACQUIRE();
  void DemoteExclusive() RELEASE() ACQUIRE_SHARED();
};

// Releases a held mutex for its scope, and takes it back at its end.
class SCOPED_CAPABILITY MutexUnlock {
public:
  explicit MutexUnlock(Mutex *mu) RELEASE(mu);
  ~MutexUnlock() RELEASE();
};

#endif
