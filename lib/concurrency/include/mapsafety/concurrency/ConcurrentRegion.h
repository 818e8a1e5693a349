//===- ConcurrentRegion.h - where a launcher runs beside the thread it started -===//
//
// From a thread launch, the part of the launching function that can run while
// the thread does: a CFG walk from the launch that stops at the thread's join
// (t.join(), f.get()/wait(), a jthread or future going out of scope,
// pthread_join, a range-for joining every thread of the vector they were
// emplaced into, worker_.join() of a member thread). Also whether the launch
// can run again before the join (a launch in a loop: the thread races with
// itself) and whether the thread outlives the launcher (never joined there).
// A call that never returns ends its path there: `[[noreturn]]`, `abort()`,
// or a function of this translation unit whose every path ends in such a
// call (one call down; a throw is not such an end: it leaves the launcher
// with the thread running, as a throw in the launcher does).
// For a thread kept in a member, also where another method of its class has
// joined it on every path (lifecycle ordering: Stop() joins, then clears).
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_CONCURRENTREGION_H
#define MAPSAFETY_CONCURRENCY_CONCURRENTREGION_H

#include "mapsafety/concurrency/ThreadEntryFinder.h"
#include "mapsafety/support/FunctionCFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <map>
#include <memory>
#include <tuple>

namespace clang {
class ASTContext;
class CFGBlock;
class CFGElement;
class Decl;
class Expr;
class FieldDecl;
class Stmt;
class ValueDecl;
class VarDecl;
} // namespace clang

namespace mapsafety {

class AnalysisSession;

/// The statements of a launcher that run while one of its threads may.
struct ConcurrentRegion {
  /// Element ranges [first, last) of each block that run while the entry may.
  llvm::DenseMap<const clang::CFGBlock *, llvm::SmallVector<std::pair<unsigned, unsigned>, 1>>
      Ranges;
  const FunctionCFG *Cfg = nullptr;
  /// Several instances of the entry run at once.
  bool SelfConcurrent = false;
  /// Reaches the end of the launcher unjoined.
  bool Escapes = false;
  bool contains(const clang::Stmt *S) const;
};

class ConcurrentRegionFinder {
public:
  explicit ConcurrentRegionFinder(AnalysisSession &Session) : Session(Session) {}
  ConcurrentRegion regionOf(const ThreadEntry &E, const clang::Decl *Launcher);

  /// True only when E's thread is kept in a member (`worker_`, or a member
  /// container of threads it was emplaced into) and every path from the start of F to S has joined
  /// that member: its `join()`, a range-for joining each thread of it, the false branch of its
  /// `joinable()` when nothing in the translation unit detaches it, or a call
  /// on `this` of a method (defined here, not overridable) that returns only
  /// after one of those. S is then ordered after E's thread, and after E's
  /// thread only. False means unknown.
  bool joinedBefore(const ThreadEntry &E, const clang::Decl *F, const clang::Stmt *S);

private:
  /// The first element of B at or after From that never returns (see the
  /// file comment); B.size() if none.
  unsigned pathEnd(const clang::CFGBlock &B, unsigned From);
  bool endsProcess(const clang::FunctionDecl *Callee);
  /// Per block: the elements that never return, in order.
  llvm::DenseMap<const clang::CFGBlock *, llvm::SmallVector<unsigned, 1>> PathEnds;
  llvm::DenseMap<const clang::FunctionDecl *, bool> EndsProcess;

  /// Per block of one function, whether a member thread is joined on every
  /// path into it, and the first element in it that joins.
  struct MemberJoins {
    const FunctionCFG *Cfg = nullptr;
    llvm::DenseMap<const clang::CFGBlock *, bool> JoinedAtEntry;
    llvm::DenseMap<const clang::CFGBlock *, unsigned> FirstJoin;
    bool JoinedAtExit = false;
  };
  const MemberJoins *memberJoins(const clang::Decl *F, const clang::FieldDecl *Member,
                                 unsigned Depth);
  bool joinsMember(const clang::CFGElement &Elem, const clang::FieldDecl *Member, unsigned Depth);
  bool edgeJoinsMember(const clang::CFGBlock &From, unsigned Succ, const clang::FieldDecl *Member);
  bool detachedAnywhere(const clang::FieldDecl *Member);

  bool namesHandle(const clang::Expr *X, const ThreadEntry &E);
  bool isJoin(const clang::CFGElement &Elem, const ThreadEntry &E,
              const llvm::DenseSet<const clang::Stmt *> &JoinLoops);
  llvm::DenseSet<const clang::Stmt *> joinLoops(const clang::Stmt *Body, const ThreadEntry &E);
  /// The first element of B at or after From that joins E, B.size() if none.
  /// Scanned records what earlier calls found for entries joined the same way
  /// (start of a stretch -> its end: a join or B.size()), so each element is
  /// tested once per way of joining, not once per launch.
  unsigned nextJoin(const clang::CFGBlock &B, unsigned From, const ThreadEntry &E,
                    const llvm::DenseSet<const clang::Stmt *> &JoinLoops,
                    std::map<unsigned, unsigned> &Scanned);

  AnalysisSession &Session;
  /// Per function body: the range-for loops over each variable (`for (auto &t : threads)`).
  llvm::DenseMap<const clang::Stmt *,
                 llvm::DenseMap<const clang::ValueDecl *, llvm::DenseSet<const clang::Stmt *>>>
      RangeLoopsByBody;
  /// What isJoin depends on: the body, the handle, the member handle, and
  /// whether a handle's destructor joins.
  using JoinKey =
      std::tuple<const FunctionCFG *, const clang::VarDecl *, const clang::FieldDecl *, unsigned>;
  /// Per way of joining, per block: the stretches nextJoin has scanned.
  llvm::DenseMap<JoinKey, llvm::DenseMap<const clang::CFGBlock *, std::map<unsigned, unsigned>>>
      JoinScans;
  /// Per function, member and call depth (a helper is followed one call down).
  llvm::DenseMap<std::tuple<const clang::Decl *, const clang::FieldDecl *, unsigned>,
                 std::unique_ptr<MemberJoins>>
      MemberJoinsOf;
  /// Whether anything in the translation unit detaches a member thread.
  llvm::DenseMap<const clang::FieldDecl *, bool> Detached;
};

} // namespace mapsafety

#endif
