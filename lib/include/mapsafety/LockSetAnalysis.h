//===- LockSetAnalysis.h - which mutexes are held at each statement ---------===//
//
// Modelled on Clang's thread-safety analysis, without needing annotations:
// facts ("mutex M held, exclusive or shared, by guard G or by a manual lock()")
// flow over the CFG of one function; a block's entry set is the intersection of
// its predecessors' exit sets (a lock taken on one branch only is not held after
// the join); scoped guards release at their automatic destructor; `unlock()`
// removes a fact; `try_lock`/`try_to_lock` hold only on the branch that checked
// the result. Mutexes are identified by ContainerPath (this->mu_, obj.mu, *p).
//
// Understood: std::lock_guard, unique_lock (defer_lock, try_to_lock, adopt_lock,
// lock()/unlock()/release(), moves), scoped_lock, shared_lock, std::lock,
// mutex lock()/unlock()/lock_shared()/unlock_shared()/try_lock(), absl::Mutex and
// its MutexLock/ReaderMutexLock/WriterMutexLock, boost guards, pthread mutexes and
// rwlocks, functions annotated ACQUIRE/RELEASE (and shared variants), and user
// guard/mutex types from options (LockModel says which types are which).
//
// Limits: intra-procedural (callers pass an entry set); a guard returned from a
// function or stored in a container is not followed.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_LOCKSETANALYSIS_H
#define MAPSAFETY_LOCKSETANALYSIS_H

#include "mapsafety/ContainerIdentity.h"
#include "mapsafety/FunctionCFG.h"
#include "mapsafety/LockModel.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class CFGBlock;
class Expr;
class FunctionDecl;
class NamedDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace mapsafety {

/// One mutex known to be held.
struct HeldLock {
  ContainerPath Mutex;
  /// Held for reading only (shared_lock, lock_shared, ReaderMutexLock).
  bool Shared = false;
  /// The scoped guard that owns it; null for a manual lock().
  const clang::VarDecl *Guard = nullptr;
  /// Where it was acquired, and how to name the mutex in messages.
  clang::SourceLocation AcquiredAt;
  std::string Name;
  /// A lock whose mutex we could not identify (`lock_guard g(mutexFor(k))`):
  /// it may be the right one, so nothing it covers is reported.
  bool Unknown = false;
};

/// The locks held at one point, at most one entry per mutex.
class LockSet {
public:
  /// The identified lock on Mutex, if held.
  const HeldLock *find(const ContainerPath &Mutex) const;
  bool empty() const { return Locks.empty(); }
  /// Some lock whose mutex is unknown is held.
  bool holdsUnknown() const;
  llvm::ArrayRef<HeldLock> locks() const { return Locks; }
  void add(const HeldLock &L);
  void remove(const ContainerPath &Mutex);
  void removeGuard(const clang::VarDecl *Guard);
  /// What guard From holds is now held by guard To (`l2(std::move(l1))`), or
  /// with To null, by no guard (`l.release()` leaves the mutex locked).
  void moveGuard(const clang::VarDecl *From, const clang::VarDecl *To);
  /// Keeps the mutexes held in both; shared if either holds it shared.
  void intersect(const LockSet &Other);
  /// Adds Other's locks (locks held by a caller around a call).
  void unionWith(const LockSet &Other);
  bool operator==(const LockSet &Other) const;

private:
  llvm::SmallVector<HeldLock, 4> Locks;
};

/// The lock sets of one function body.
class LockSetAnalysis {
public:
  /// Entry is what callers hold when the body starts (empty for thread entries).
  LockSetAnalysis(const FunctionCFG &Function, const LockModel &Model, clang::ASTContext &Ctx,
                  LockSet Entry = {});

  /// The locks held just before S executes (S inside the body). An S the CFG
  /// does not reach gets an empty set.
  LockSet heldAt(const clang::Stmt *S) const;

private:
  void transfer(const clang::CFGBlock &Block, unsigned From, unsigned To, LockSet &Set) const;
  void transferStmt(const clang::Stmt *S, LockSet &Set) const;
  void edge(const clang::CFGBlock &From, unsigned SuccIndex, LockSet &Set) const;
  HeldLock onObject(HeldLock L, const clang::Expr *Capability, const clang::Expr *Object) const;
  std::optional<HeldLock> lockOf(const clang::Expr *MutexExpr, bool Shared,
                                 const clang::VarDecl *Guard, clang::SourceLocation At) const;

  const FunctionCFG &Function;
  const LockModel &Model;
  clang::ASTContext &Ctx;
  /// Guards and the mutex they manage, held or not (defer_lock, try_to_lock).
  struct GuardBinding {
    const clang::Expr *MutexExpr;
    bool Shared;
  };
  mutable llvm::DenseMap<const clang::VarDecl *, GuardBinding> Bindings;
  llvm::DenseMap<const clang::CFGBlock *, LockSet> EntrySets;
  /// The set before every 16th element of a block, filled on demand by heldAt.
  mutable llvm::DenseMap<const clang::CFGBlock *, std::vector<LockSet>> Checkpoints;
};

/// The mutexes a function's ACQUIRE/RELEASE/REQUIRES-style attribute names.
std::vector<const clang::Expr *> capabilityArguments(const clang::NamedDecl *D,
                                                     llvm::StringRef Which);

} // namespace mapsafety

#endif
