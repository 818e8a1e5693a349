//===- CallerLocks.h - the locks a function's callers always hold ----------===//
//
// Private to lib/concurrency (RaceFinder.cpp). Which mutexes a function can
// count on when it starts: its REQUIRES/REQUIRES_SHARED annotations, and the
// mutexes held at every call to it in the translation unit. A caller's own
// entry locks count at its calls, transitively (rocksdb's MockFileSystem:
// DeleteFile() locks mutex_ and calls DeleteFileInternal(), and so does
// RenameFile() through RenameFileInternal()), up to CallerLevels levels up.
//
// Sound against missed races, never against reports: one call site without
// the lock (at any level) and nothing is inherited; a function nobody in the
// TU calls inherits nothing but its annotations; a call on another object
// (`other.helper()`) stops inheritance, since this-rooted mutexes would name
// the wrong object. Recursion inherits nothing through the cycle. A call site
// whose lock set is unknown makes the entry set unknown.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_CALLERLOCKS_H
#define MAPSAFETY_CONCURRENCY_CALLERLOCKS_H

#include "mapsafety/concurrency/LockSetAnalysis.h"
#include "mapsafety/concurrency/SharedAccess.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>
#include <utility>
#include <vector>

namespace clang {
class Decl;
class FunctionDecl;
} // namespace clang

namespace mapsafety {

class AnalysisSession;

class CallerLocks {
public:
  /// How many caller levels are looked through: beyond them only the locks
  /// held at the calls themselves count (what is held further up is
  /// forgotten, which can only report more).
  static constexpr unsigned CallerLevels = 4;

  /// The callers are the session's root functions (isRootFunction), read on
  /// the first query.
  CallerLocks(AnalysisSession &Session, FunctionSummaries &Summaries, FunctionLockSets &LockSets)
      : Session(Session), Summaries(Summaries), LockSets(LockSets) {}

  /// The session's CallerLocks for these summaries and lock sets.
  static CallerLocks &in(AnalysisSession &Session, FunctionSummaries &Summaries,
                         FunctionLockSets &LockSets);

  /// The locks held whenever F starts, in F's frame.
  LockSet atEntry(const clang::FunctionDecl *F) { return atEntry(F, CallerLevels); }

private:
  LockSet atEntry(const clang::FunctionDecl *F, unsigned Levels);
  LockSet annotated(const clang::FunctionDecl *F);
  void indexCallSites();

  struct CallSite {
    const clang::FunctionDecl *Caller;
    const FollowableCall *Call;
  };
  AnalysisSession &Session;
  FunctionSummaries &Summaries;
  FunctionLockSets &LockSets;
  /// Callee (canonical) -> its call sites, built on the first query.
  llvm::DenseMap<const clang::Decl *, std::vector<CallSite>> CallsTo;
  bool Indexed = false;
  /// (function, levels) -> result; null while being computed (recursion).
  llvm::DenseMap<std::pair<const clang::Decl *, unsigned>, std::optional<LockSet>> Cache;
};

} // namespace mapsafety

#endif
