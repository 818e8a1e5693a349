// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17

// Clang's thread-safety analysis test suite (warn-thread-safety-analysis.cpp,
// LLVM 19) ported to maps: scoped capabilities (test_scoped_lockable,
// ReleasableScopedLock, RelockableScopedLock, ScopedUnlock, ScopedAdoptTest,
// constructor_destructor_tests). What a scoped capability does is what its
// constructor's and methods' annotations say; each case states the peer's
// verdict and whether mapsafety agrees.

#include <map>
#include <string>

#include "Inputs/peer_tsa_mutex.h"

bool cacheEnabled();

class RouteCache {
public:
  // peer (TSA: test_scoped_lockable foo1): quiet; mapsafety: agrees
  void put(const std::string &path, int handler) {
    MutexLock lock(&mu_);
    routes_[path] = handler;
  }

  // peer (TSA: test_scoped_lockable lifetime_extension): quiet; mapsafety: agrees
  void putExtended(const std::string &path) {
    const MutexLock &lock = MutexLock(&mu_);
    routes_[path] = 0;
  }

  // peer (TSA: test_scoped_lockable foo4, two guards): quiet; mapsafety: agrees
  void putBoth(const std::string &path) {
    MutexLock a(&mu_), b(&statsMu_);
    routes_[path] = 1;
    hits_[path] = 0;
  }

  // peer (TSA: test_scoped_lockable foo5, one guard over two mutexes): quiet; mapsafety: agrees
  void putBothAtOnce(const std::string &path) {
    DoubleMutexLock lock(&mu_, &statsMu_);
    routes_[path] = 2;
    hits_[path] = 1;
  }

  // peer (TSA: test_scoped_lockable foo2, reader guard then writer guards on branches): quiet; mapsafety: agrees
  void countHit(const std::string &path) {
    ReaderMutexLock read(&mu_);
    if (routes_.count(path)) {
      MutexLock stats(&statsMu_);
      hits_[path] += 1;
    } else {
      MutexLock stats(&statsMu_);
      hits_[path] = 0;
    }
  }

  // peer (TSA: ReleasableScopedLock test3, write after Release()): warns; mapsafety: agrees
  void putThenRelease(const std::string &path) {
    ReleasableMutexLock lock(&mu_);
    routes_[path] = 3;
    lock.Release();
    routes_.erase(path);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'routes_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-42]]:5: note: 'routes_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+28]]:30: note: 'routes_' declared here
  }

  // peer (TSA: ReleasableScopedLock test6, released on the loop's break path): warns; mapsafety: agrees
  void releaseInLoop(const std::string &path) {
    ReleasableMutexLock lock(&mu_);
    do {
      if (cacheEnabled()) {
        lock.Release();
        break;
      }
    } while (cacheEnabled());
    routes_[path] = 4;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'routes_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-57]]:5: note: 'routes_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+13]]:30: note: 'routes_' declared here
  }

  // peer (TSA: ScopedAdoptTest test1, the guard adopts a held mutex): quiet; mapsafety: agrees
  void putAdopting(const std::string &path) {
    mu_.Lock();
    MutexLock lock(&mu_, AdoptTag{});
    routes_[path] = 5;
  }

private:
  Mutex mu_;
  Mutex statsMu_;
  std::map<std::string, int> routes_ GUARDED_BY(mu_);
  std::map<std::string, long> hits_ GUARDED_BY(statsMu_);
};

class Catalog {
public:
  // peer (TSA: RelockableScopedLock relock, write after Unlock()): warns; mapsafety: agrees
  void relockAfterUnlock(int id) {
    RelockableMutexLock scope(&mu_, ExclusiveTag{});
    items_[id] = 1;
    scope.Unlock();
    items_[id] = 2;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'items_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:5: note: 'items_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+131]]:22: note: 'items_' declared here
  }

  // peer (TSA: RelockableScopedLock relock, write after Lock() again): quiet; mapsafety: agrees
  void relockThenWrite(int id) {
    RelockableMutexLock scope(&mu_, ExclusiveTag{});
    scope.Unlock();
    scope.Lock();
    items_[id] = 3;
  }

  // peer (TSA: RelockableScopedLock deferLock, write before Lock()): warns; mapsafety: agrees
  void deferredWrite(int id) {
    RelockableMutexLock scope(&mu_, DeferTag{});
    items_[id] = 4;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'items_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-21]]:5: note: 'items_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+114]]:22: note: 'items_' declared here
    scope.Lock();
  }

  // peer (TSA: RelockableScopedLock deferLock, write after Lock()): quiet; mapsafety: agrees
  void deferredThenLocked(int id) {
    RelockableMutexLock scope(&mu_, DeferTag{});
    scope.Lock();
    items_[id] = 5;
  }

  // peer (TSA: RelockableScopedLock relockExclusive, constructed shared): warns; mapsafety: agrees
  void writeUnderSharedScope(int id) {
    RelockableMutexLock scope(&mu_, SharedTag{});
    items_[id] = 6;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'items_' under a shared lock on 'mu_'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-38]]:5: note: 'items_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+97]]:22: note: 'items_' declared here
  }

  // peer (TSA: RelockableScopedLock deferLockShared, ReaderLock() then a write): warns; mapsafety: agrees
  void writeAfterReaderLock(int id) {
    RelockableMutexLock scope(&mu_, DeferTag{});
    scope.ReaderLock();
    items_[id] = 7;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'items_' under a shared lock on 'mu_'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-48]]:5: note: 'items_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+87]]:22: note: 'items_' declared here
  }

  // peer (TSA: RelockableScopedLock relockShared, PromoteShared() then a write): quiet; mapsafety: agrees
  void writeAfterPromote(int id) {
    RelockableMutexLock scope(&mu_, SharedTag{});
    if (items_.count(id))
      return;
    scope.PromoteShared();
    items_[id] = 8;
  }

  // peer (TSA: RelockableScopedLock relockExclusive, DemoteExclusive() then a write): warns; mapsafety: agrees
  void writeAfterDemote(int id) {
    RelockableMutexLock scope(&mu_, ExclusiveTag{});
    items_[id] = 9;
    scope.DemoteExclusive();
    items_.erase(id);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'items_' under a shared lock on 'mu_'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-68]]:5: note: 'items_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+67]]:22: note: 'items_' declared here
  }

  // peer (TSA: RelockableScopedLock lockJoin, locked on one branch): warns; mapsafety: agrees
  void lockOnOneBranch(int id, bool now) {
    RelockableMutexLock scope(&mu_, DeferTag{});
    if (now)
      scope.Lock();
    items_[id] = 10;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'items_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-79]]:5: note: 'items_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+56]]:22: note: 'items_' declared here
  }

  // peer (TSA: RelockableScopedLock exclusiveSharedJoin): warns; mapsafety: agrees
  void exclusiveOrShared(int id, bool write) {
    RelockableMutexLock scope(&mu_, DeferTag{});
    if (write)
      scope.Lock();
    else
      scope.ReaderLock();
    items_[id] = 11;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'items_' under a shared lock on 'mu_'; readers holding the same lock run concurrently with it [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-92]]:5: note: 'items_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+43]]:22: note: 'items_' declared here
  }

  // peer (TSA: RelockableScopedLock assertJoin): quiet; mapsafety: agrees
  void lockedOrAsserted(int id, bool now) {
    RelockableMutexLock scope(&mu_, DeferTag{});
    if (now)
      scope.Lock();
    else
      mu_.AssertHeld();
    items_[id] = 12;
  }

  // peer (TSA: RelockableScopedLock loopRelease, unlocked in one iteration): warns; mapsafety: agrees
  void unlockMidLoop(int n) {
    RelockableMutexLock scope(&mu_, ExclusiveTag{});
    for (int i = 1; i < n; ++i) {
      items_[i] = 13;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to 'items_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-112]]:5: note: 'items_' is accessed holding 'mu_' here
      // CHECK-MESSAGES: :[[@LINE+23]]:22: note: 'items_' declared here
      if (i == 5)
        scope.Unlock();
    }
  }

  // peer (TSA: RelockableScopedLock loopAcquireContinue, locked before a continue): warns; mapsafety: agrees
  void lockMidLoop(int n) {
    RelockableMutexLock scope(&mu_, DeferTag{});
    for (int i = 1; i < n; ++i) {
      items_[i] = 14;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to 'items_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE-125]]:5: note: 'items_' is accessed holding 'mu_' here
      // CHECK-MESSAGES: :[[@LINE+10]]:22: note: 'items_' declared here
      if (i == 5) {
        scope.Lock();
        continue;
      }
    }
  }

private:
  Mutex mu_;
  std::map<int, int> items_ GUARDED_BY(mu_);
};

class JobQueue {
public:
  // peer (TSA: ScopedUnlock innerUnlock, write inside the unlocked scope): warns; mapsafety: agrees
  void runUnlocked(int job) {
    MutexLock outer(&mu_);
    if (jobs_.count(job)) {
      MutexUnlock inner(&mu_);
      jobs_.erase(job);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write to 'jobs_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
      // CHECK-MESSAGES: :[[@LINE+3]]:5: note: 'jobs_' is accessed holding 'mu_' here
      // CHECK-MESSAGES: :[[@LINE+26]]:22: note: 'jobs_' declared here
    }
    jobs_[job] = 0;
  }

  // peer (TSA: ScopedUnlock innerUnlock, write after the unlocked scope ends): quiet; mapsafety: agrees
  void relockedAtScopeEnd(int job) {
    MutexLock outer(&mu_);
    {
      MutexUnlock inner(&mu_);
    }
    jobs_[job] = 1;
  }

  // peer (TSA: ScopedUnlock simple, REQUIRES(mu) then a scoped unlocker): warns; mapsafety: agrees
  void runUnlockedForCaller(int job) REQUIRES(mu_) {
    jobs_[job] = 2;
    MutexUnlock unlocked(&mu_);
    jobs_.erase(job);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'jobs_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-18]]:5: note: 'jobs_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+5]]:22: note: 'jobs_' declared here
  }

private:
  Mutex mu_;
  std::map<int, int> jobs_ GUARDED_BY(mu_);
};

// A plain object whose constructor acquires and whose destructor releases.
Mutex g_registryMu;
std::map<std::string, int> g_registry GUARDED_BY(g_registryMu);

class RegistryAccess {
public:
  RegistryAccess() ACQUIRE(g_registryMu);
  ~RegistryAccess() RELEASE(g_registryMu);
};

// peer (TSA: constructor_destructor_tests fooTest): quiet; mapsafety: agrees
void registerPlugin(const std::string &name) {
  RegistryAccess access;
  g_registry[name] = 1;
}

// peer (TSA: gb_bad_2 on a global): warns; mapsafety: agrees
void unregisterPlugin(const std::string &name) { g_registry.erase(name); }
// CHECK-MESSAGES: :[[@LINE-1]]:50: warning: write to 'g_registry' without holding 'g_registryMu', which guards it elsewhere [mapsafety-unguarded-thread-write]
// CHECK-MESSAGES: :[[@LINE-6]]:3: note: 'g_registry' is accessed holding 'g_registryMu' here
// CHECK-MESSAGES: :[[@LINE-18]]:28: note: 'g_registry' declared here
