//===- RaceFinder.h - map accesses that can run at the same time, unguarded --===//
//
// Puts the other analyses together for one translation unit:
//  - for each thread entry (ThreadEntryFinder), the accesses the entry makes
//    (its callable and the functions it calls, up to a depth) and the accesses
//    its launcher makes between the launch and the join (a CFG walk from the
//    launch that stops at join()/get()/wait() or a jthread's destructor);
//    an entry launched again before it is joined, a parallel algorithm and an
//    OpenMP region also race with themselves, and two entries started before
//    either is joined race with each other; a thread that outlives its
//    launcher (stored in a member, detached) races with the rest of the class
//    and with every user of the globals it touches;
//  - inferred guards: a member or static map accessed under a mutex somewhere
//    is guarded by it (a mutex held by a write first; lib/concurrency/InferredGuards.h);
//    accesses elsewhere that skip it are reported, except in constructors and
//    destructors and in functions whose every caller holds it, directly or
//    through its own callers (lib/concurrency/CallerLocks.h); a helper that
//    some callers enter with the guard is reported at the calls that skip it;
//  - a callee's access through a reference or pointer parameter is the
//    access of the call that hands the map over (SharedAccess.h, passedBy);
//  - Clang thread-safety annotations as extra facts (GUARDED_BY, REQUIRES,
//    ACQUIRE/RELEASE through LockSetAnalysis, NO_THREAD_SAFETY_ANALYSIS).
// Two accesses conflict when they name the same map, one writes, and no mutex
// is held by both (exclusively by the writer). Never prints.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_RACEFINDER_H
#define MAPSAFETY_CONCURRENCY_RACEFINDER_H

#include "mapsafety/concurrency/LockSetAnalysis.h"
#include "mapsafety/concurrency/SharedAccess.h"
#include "mapsafety/concurrency/ThreadEntryFinder.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace mapsafety {

class AnalysisSession;

/// An access seen from the frame that started the work.
struct ResolvedAccess {
  MapAccess Access;
  ContainerPath Path;                    ///< in the root frame
  LockSet Locks;                         ///< held at the access, mutexes in the root frame
  std::vector<const clang::Expr *> Hops; ///< calls that led here, outermost first
  const ThreadEntry *Entry = nullptr;    ///< the thread it runs on; null: the launcher
  /// Set (Site non-null) when the access happens at a call: a callee's access
  /// through reference or pointer parameters (SharedAccess.h, passedBy), or,
  /// for an inferred guard, a caller's call that skips the lock other callers
  /// hold. Access is then that call, naming the map as the caller does; this
  /// is the access in the callee, reached through CalleeHops from the call.
  MapAccess InCallee;
  std::vector<const clang::Expr *> CalleeHops;
  const clang::ParmVarDecl *Parameter = nullptr; ///< the parameter InCallee names, if any
};

/// A reportable race.
struct Race {
  enum class Reason {
    UnguardedWrite,       ///< a write holding no mutex the other side holds
    WriteUnderSharedLock, ///< a write under a reader lock
    ReadDuringWrite,      ///< a read or iteration beside a write, without the writer's lock
    InferredGuardWrite,   ///< a write skipping the mutex that guards the map elsewhere
    InferredGuardRead,    ///< a read skipping the mutex that guards the map's writes
    CopyDuringWrite,      ///< a copy beside a write, without the writer's lock
    InferredGuardCopy,    ///< a copy skipping the mutex that guards the map's writes
  };
  Reason Why;
  ResolvedAccess At;    ///< where to report
  ResolvedAccess Other; ///< the conflicting access, or the evidence for an inferred guard
  /// The thread launch (null for inferred guards).
  const ThreadEntry *Entry = nullptr;
  /// The mutex the other side holds / the inferred guard (Name empty: none).
  HeldLock Expected;
  /// The shared lock held by a writer (WriteUnderSharedLock).
  HeldLock SharedHeld;
};

struct RaceFinderOptions {
  unsigned CallDepth = 3;
  bool InferGuards = true;
  /// Which side is reported. false: writes, reads and iterations, never a
  /// copy (mapsafety-unguarded-thread-write); true: copies only, each one
  /// that overlaps a write without the writer's lock (mapsafety-shared-map-copy).
  bool ReportCopies = false;
};

/// Collects entries and functions of one TU, then finds the races.
class RaceFinder {
public:
  /// The models come from Session (and so do the per-function analyses).
  RaceFinder(AnalysisSession &Session, const ContainerModel &Containers, const LockModel &Locks,
             RaceFinderOptions Options);
  ~RaceFinder();

  /// A launch found in Launcher (a FunctionDecl or lambda call operator).
  void addEntry(ThreadEntry Entry, const clang::Decl *Launcher);
  /// The races, at most one per access site, in source order of discovery.
  /// Every root function of the session (isRootFunction) is a candidate for
  /// inference and for threads that outlive their launcher.
  std::vector<Race> findRaces();

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};

} // namespace mapsafety

#endif
