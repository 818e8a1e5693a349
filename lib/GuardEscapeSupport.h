//===- GuardEscapeSupport.h - helpers shared by the GuardEscape sources -----===//
//
// Private to lib/: lock sets per function and "the callee's
// mutex as the caller names it", used by GuardEscape.cpp (escaping references)
// and ShallowSnapshots.cpp (snapshot writes).
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_GUARDESCAPESUPPORT_H
#define MAPSAFETY_GUARDESCAPESUPPORT_H

#include "mapsafety/ContainerIdentity.h"
#include "mapsafety/FunctionCFG.h"
#include "mapsafety/GuardEscape.h"
#include "mapsafety/LockSetAnalysis.h"
#include "mapsafety/StmtParents.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang {
class CallExpr;
} // namespace clang

namespace mapsafety::guard_escape {

/// A `this`-rooted member or a map with static storage: what outlives a call.
bool isLongLived(const ContainerPath &P);

/// Mutex (a path in the callee's frame) as the caller of Call names it:
/// `reg.mu_` for `reg.all()`; nullopt when the object cannot be identified.
std::optional<ContainerPath> mutexInCaller(const ContainerPath &Mutex, const clang::CallExpr *Call,
                                           clang::ASTContext &Ctx);

/// LockSetAnalysis per function, built on first use, for one translation unit.
class LockSetCache {
public:
  LockSetCache(const LockModel &Locks, clang::ASTContext &Ctx)
      : Locks(Locks), Ctx(Ctx), CFGs(Ctx) {}
  /// Locks held just before S in F (empty when F has no CFG).
  LockSet heldAt(const clang::Decl *F, const clang::Stmt *S);

private:
  const LockModel &Locks;
  clang::ASTContext &Ctx;
  FunctionCFGCache CFGs;
  llvm::DenseMap<const clang::Decl *, std::unique_ptr<LockSetAnalysis>> Analyses;
};

/// Writes through the values of shallow snapshots (see GuardEscape.h).
class ShallowSnapshotFinder {
public:
  ShallowSnapshotFinder(const ContainerModel &Containers, const LockModel &Locks,
                        const GuardEscapeOptions &Options, LockSetCache &LockSets,
                        clang::ASTContext &Ctx)
      : Containers(Containers), Locks(Locks), Options(Options), LockSets(LockSets), Ctx(Ctx) {}

  std::vector<SnapshotWrite> find(const std::vector<const clang::FunctionDecl *> &Functions);
  bool isShallow(clang::QualType T) const;

private:
  struct Snapshot;
  std::optional<Snapshot> snapshotOf(const clang::FunctionDecl *F, const clang::VarDecl *V);
  std::optional<Snapshot> copyUnderLock(const clang::FunctionDecl *F, const clang::Expr *Copied);
  std::vector<const clang::Expr *> writesThroughValues(const clang::FunctionDecl *F,
                                                       const clang::VarDecl *Snap);
  bool isThreadSafeWrite(const clang::Stmt *S, const clang::Expr *Target);
  bool isSynchronised(clang::QualType T) const;
  bool takesALock(const clang::Stmt *Body) const;
  bool isContainer(clang::QualType T) const { return Containers.classify(T).has_value(); }

  const ContainerModel &Containers;
  const LockModel &Locks;
  const GuardEscapeOptions &Options;
  LockSetCache &LockSets;
  clang::ASTContext &Ctx;
};

} // namespace mapsafety::guard_escape

#endif
