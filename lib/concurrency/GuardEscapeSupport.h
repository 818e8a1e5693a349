//===- GuardEscapeSupport.h - helpers shared by the GuardEscape sources -----===//
//
// Private to lib/concurrency: "the callee's mutex as the caller
// names it" and the snapshot finder, used by GuardEscape.cpp (escaping references)
// and ShallowSnapshots.cpp (snapshot writes).
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_GUARDESCAPESUPPORT_H
#define MAPSAFETY_GUARDESCAPESUPPORT_H

#include "mapsafety/concurrency/GuardEscape.h"
#include "mapsafety/concurrency/LockSetAnalysis.h"
#include "mapsafety/containers/ContainerIdentity.h"
#include "mapsafety/support/StmtParents.h"
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

/// Writes through the values of shallow snapshots (see GuardEscape.h).
class ShallowSnapshotFinder {
public:
  ShallowSnapshotFinder(const ContainerModel &Containers, const LockModel &Locks,
                        const GuardEscapeOptions &Options, FunctionLockSets &LockSets,
                        clang::ASTContext &Ctx)
      : Containers(Containers), Locks(Locks), Options(Options), LockSets(LockSets), Ctx(Ctx) {}

  std::vector<SnapshotWrite> find(llvm::ArrayRef<const clang::FunctionDecl *> Functions);
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
  FunctionLockSets &LockSets;
  clang::ASTContext &Ctx;
};

} // namespace mapsafety::guard_escape

#endif
