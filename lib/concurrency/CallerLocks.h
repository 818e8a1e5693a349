//===- CallerLocks.h - the locks a function's callers always hold ----------===//
//
// Private to lib/concurrency (RaceFinder.cpp, InferredGuards.cpp). Which
// mutexes a function can count on when it starts: its REQUIRES/REQUIRES_SHARED
// annotations, and the mutexes held at every call to it in the translation
// unit, a caller's own entry locks included (rocksdb's MockFileSystem:
// DeleteFile() locks mutex_ and calls DeleteFileInternal(), and so does
// RenameFile() through RenameFileInternal()).
//
// A greatest fixpoint over the TU's call graph, computed for a function and
// its callers (transitively) on the first query: every function starts at
// "everything held" and each pass intersects what its calls hold, so a
// recursive helper entered under the lock keeps it through the cycle, and a
// cycle that no outside call enters holds nothing.
//
// Sound against missed races, never against reports: one call site without
// the lock (at any level) and nothing is inherited; a function nobody in the
// TU calls inherits nothing but its annotations; a call on another object
// (`other.helper()`) stops inheritance, since this-rooted mutexes would name
// the wrong object. Not counted: a function's calls of itself, and calls on
// `this` from a constructor or destructor (the object is not shared yet, or
// any more). A call site whose lock set is unknown makes the entry set unknown.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_CALLERLOCKS_H
#define MAPSAFETY_CONCURRENCY_CALLERLOCKS_H

#include "mapsafety/concurrency/LockSetAnalysis.h"
#include "mapsafety/concurrency/SharedAccess.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <map>
#include <optional>
#include <vector>

namespace clang {
class Decl;
class Expr;
class FunctionDecl;
} // namespace clang

namespace mapsafety {

class AnalysisSession;

class CallerLocks {
public:
  /// The callers are the session's root functions (isRootFunction) that the
  /// session's CallIndex lists, read as queries reach them.
  CallerLocks(AnalysisSession &Session, FunctionSummaries &Summaries, FunctionLockSets &LockSets)
      : Session(Session), Summaries(Summaries), LockSets(LockSets) {}

  /// The session's CallerLocks for these summaries and lock sets.
  static CallerLocks &in(AnalysisSession &Session, FunctionSummaries &Summaries,
                         FunctionLockSets &LockSets);

  /// The locks held whenever F starts, in F's frame.
  LockSet atEntry(const clang::FunctionDecl *F);

  /// A call that enters a function, with what is held there: the locks at
  /// the call and the caller's own entry locks.
  struct Context {
    const clang::FunctionDecl *Caller = nullptr;
    const clang::Expr *Call = nullptr;
    LockSet Held;
  };
  /// The calls atEntry(F) intersects, one per counted call site; empty when F
  /// inherits nothing from callers (none, or one on another object).
  llvm::ArrayRef<Context> contexts(const clang::FunctionDecl *F);

  /// A way into a function from a call further up: Call (in Caller) enters
  /// the chain, Below are the calls from there down to the function (outermost
  /// first), Held what is held along it (Caller's entry locks included).
  struct Chain {
    const clang::FunctionDecl *Caller = nullptr;
    const clang::Expr *Call = nullptr;
    std::vector<const clang::Expr *> Below;
    LockSet Held;
  };
  /// The calls into F, each followed further up while its caller is in turn
  /// entered with different locks (through recursion, each function once per
  /// chain, up to MaxChainLevels calls and a work budget per function): where
  /// a helper's lock comes from, or is missing. Calls from functions marked
  /// NO_THREAD_SAFETY_ANALYSIS are left out.
  llvm::ArrayRef<Chain> entryChains(const clang::FunctionDecl *F);
  static constexpr unsigned MaxChainLevels = 8;

private:
  struct CallSite {
    const clang::FunctionDecl *Caller;
    const FollowableCall *Call;
  };
  enum class SiteUse { Counts, Ignored, StopsInheritance };
  static SiteUse use(const clang::FunctionDecl *Callee, const CallSite &S);
  llvm::ArrayRef<CallSite> callsTo(const clang::FunctionDecl *F);
  llvm::ArrayRef<FollowableCall> callsFrom(const clang::FunctionDecl *F);
  LockSet annotated(const clang::FunctionDecl *F);
  /// Settles atEntry for F and every caller above it not settled yet.
  void solve(const clang::FunctionDecl *F);
  void chainsInto(const clang::FunctionDecl *F, const LockSet &Held,
                  std::vector<const clang::Expr *> &Below,
                  llvm::SmallPtrSetImpl<const clang::Decl *> &OnChain, unsigned &Budget,
                  std::vector<Chain> &Out);

  AnalysisSession &Session;
  FunctionSummaries &Summaries;
  FunctionLockSets &LockSets;
  /// Callee (canonical) -> its call sites, filled as queries reach it (a
  /// std::map: the fixpoint walks one callee's sites while it reads others).
  std::map<const clang::Decl *, std::vector<CallSite>> CallsTo;
  /// Settled entry locks and contexts, by canonical declaration.
  llvm::DenseMap<const clang::Decl *, LockSet> Entry;
  /// (A std::map: the vectors contexts() hands out stay where they are.)
  std::map<const clang::Decl *, std::vector<Context>> Contexts;
  std::map<const clang::Decl *, std::vector<Chain>> Chains;
};

} // namespace mapsafety

#endif
