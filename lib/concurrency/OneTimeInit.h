//===- OneTimeInit.h - map writes published once by an atomic flag ---------===//
//
// Private to lib/concurrency (RaceFinder.cpp). Double-checked initialisation:
//
//   if (!ready_.load(std::memory_order_acquire)) {
//     std::lock_guard<std::mutex> l(mu_);
//     if (!ready_.load(std::memory_order_relaxed)) {
//       m_[1] = 1;                                      // the write
//       ready_.store(true, std::memory_order_release);  // publishes it
//     }
//   }
//   return m_.count(1);                                 // ordered after it
//
// The flag F is a std::atomic<bool> member of `this` or a static. A write W
// is published by F when every change of F in the translation unit stores
// `true` (release or seq_cst order) while holding the mutex M that W holds,
// W runs in the same acquisition of M as a load of F that found it unset,
// and every path from W reaches such a store in that acquisition: at most one
// thread ever writes, before any store of F. A read is ordered after W when on
// every path to it F is known set: an acquire or seq_cst load of F was true,
// a load of F holding M was true, or the path itself stored F holding M.
// A relaxed load with no lock proves nothing. Reasoned within one function
// (the check and the access in the same body); false means unknown.
//
// std::call_once(flag, callable, args...) runs the callable once: its return
// (in every thread) happens after the one execution that completed. The
// summaries follow the callable as a call made by the call_once (onceCallable),
// so its accesses are seen with the call_once among their hops. Two accesses
// are ordered by a flag F (a std::once_flag member of `this`, or with static
// storage) when one runs in the callable of a call_once on F and the other
// runs in one too, or follows a call_once on F on every path of its own
// function. For a member flag both must name the map through `this` of the
// object that owns F: the callable keeps `this` (a lambda capturing it, a
// method called on `this`, then calls on `this`).
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_ONETIMEINIT_H
#define MAPSAFETY_ONETIMEINIT_H

#include "mapsafety/concurrency/RaceFinder.h"
#include "mapsafety/concurrency/SharedAccess.h"
#include <memory>
#include <optional>

namespace clang {
class CallExpr;
class ValueDecl;
} // namespace clang

namespace mapsafety {

/// std::call_once(flag, callable, args...) on an identified flag (see above),
/// as the call it makes: a lambda's call operator, a function, or a method
/// with its object (the first argument after it); the arguments are passed on
/// by reference, as std::invoke forwards them. Nullopt for any other call, and
/// when the flag or the callable is not identified (unknown never warns).
std::optional<FollowableCall> onceCallable(const clang::CallExpr *Call);

class AnalysisSession;
class FunctionLockSets;

/// Which map accesses a one-time initialisation flag orders.
class OneTimeInit {
public:
  OneTimeInit(AnalysisSession &Session, FunctionLockSets &LockSets);
  ~OneTimeInit();
  /// True only when Read (not a write) is ordered after Write by a flag.
  bool orders(const MapAccess &Write, const MapAccess &Read);
  /// False when no flag can order A (a write no flag publishes, a read where
  /// no flag is known set): then orders() is false for every pair with A.
  bool mayOrder(const MapAccess &A);
  /// True only when A and B are ordered by a std::call_once flag (see above).
  bool ordersByOnce(const ResolvedAccess &A, const ResolvedAccess &B);
  /// The flag of the innermost std::call_once A runs in, when its callable
  /// keeps what a member flag requires; null otherwise.
  const clang::ValueDecl *onceRunning(const ResolvedAccess &A);

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};

} // namespace mapsafety

#endif
