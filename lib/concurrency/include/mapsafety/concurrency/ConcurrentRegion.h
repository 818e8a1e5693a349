//===- ConcurrentRegion.h - where a launcher runs beside the thread it started -===//
//
// From a thread launch, the part of the launching function that can run while
// the thread does: a CFG walk from the launch that stops at the thread's join
// (t.join(), f.get()/wait(), a jthread or future going out of scope,
// pthread_join, a range-for joining every thread of the vector they were
// emplaced into, worker_.join() of a member thread). Also whether the launch
// can run again before the join (a launch in a loop: the thread races with
// itself) and whether the thread outlives the launcher (never joined there).
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

private:
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
};

} // namespace mapsafety

#endif
