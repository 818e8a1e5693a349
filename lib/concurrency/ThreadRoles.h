//===- ThreadRoles.h - which functions only ever run on one owner thread -----===//
//
// Private to lib/concurrency (RaceFinder.cpp). A single-writer map is written
// by one owner thread only (under its lock, for the other threads' sake); the
// owner's own unlocked reads are ordered with every write by program order.
// ThreadRoles says which functions of the translation unit run only on one
// such thread:
//  - the callable of a thread entry that runs as one instance: launched at a
//    single site, not several instances at once, not launched again in a loop,
//    its address or name used nowhere else;
//  - a function every caller of which (in the TU, transitively, as a greatest
//    fixpoint so that recursion keeps the role) runs only on that thread.
// Calls from the class's own constructors and destructors do not count (the
// object is not shared then). A function nobody in the TU calls, a virtual
// function, one whose address is taken, one called from a lambda that is not
// the entry's own callable, runs on any thread: unknown, so its reads keep
// being judged. Like CallerLocks, this trusts that the TU sees every caller
// of a function it defines; the project view carries the cross-file facts.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_THREADROLES_H
#define MAPSAFETY_CONCURRENCY_THREADROLES_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang {
class Decl;
class FunctionDecl;
} // namespace clang

namespace mapsafety {

class AnalysisSession;
class CallIndex;
struct ThreadEntry;

class ThreadRoles {
public:
  /// A thread entry the role analysis may use: Entry runs one instance at a
  /// time (the caller knows from the entry's region whether it relaunches).
  struct OwnerCandidate {
    const ThreadEntry *Entry;
    bool SingleInstance;
  };

  /// Reads the session's call index (CallIndex.h) when some entry may own
  /// functions.
  ThreadRoles(AnalysisSession &Session, llvm::ArrayRef<OwnerCandidate> Entries);

  /// The owner thread every run of F (a function or lambda call operator) is
  /// on, or null when F may run on any thread.
  const ThreadEntry *ownerOf(const clang::Decl *F) const;

private:
  void assignEntryRoles(llvm::ArrayRef<OwnerCandidate> Entries);
  void propagate();

  AnalysisSession &Session;
  /// Who calls and who names each function; null while no entry may own one.
  const CallIndex *Calls = nullptr;
  /// Functions whose name is used other than as a direct call's callee.
  llvm::DenseSet<const clang::Decl *> NamedElsewhere;
  /// Canonical function -> its owner thread; null: any thread.
  llvm::DenseMap<const clang::Decl *, const ThreadEntry *> Owner;
  /// Entry callables: their role is the entry's, whatever the fixpoint says.
  llvm::DenseSet<const clang::Decl *> Fixed;
};

} // namespace mapsafety

#endif
