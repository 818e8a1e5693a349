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
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_ONETIMEINIT_H
#define MAPSAFETY_ONETIMEINIT_H

#include "mapsafety/concurrency/SharedAccess.h"
#include <memory>

namespace mapsafety {

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

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};

} // namespace mapsafety

#endif
