//===- LockSetAnalysis.h - which mutexes are held at each statement ---------===//
//
// Modelled on Clang's thread-safety analysis, without needing annotations:
// facts ("mutex M held, exclusive or shared, by guard G or by a manual lock()")
// flow forward over the CFG of one function, on Clang's ForwardDataflowWorklist
// (reverse post-order). A block's entry set is the intersection of its
// predecessors' exit sets (a lock taken on one branch only is not held after
// the join); scoped guards release at their automatic destructor; `unlock()`
// removes a fact; `try_lock`/`try_to_lock` hold only on the branch that checked
// the result. Mutexes are identified by ContainerPath (this->mu_, obj.mu, *p).
// What a call does to which mutex is LockModel's to say; this file applies it.
//
// Understood: std::lock_guard, unique_lock (defer_lock, try_to_lock, adopt_lock,
// lock()/unlock()/release(), moves), scoped_lock, shared_lock, std::lock,
// mutex lock()/unlock()/lock_shared()/unlock_shared()/try_lock(), absl::Mutex and
// its MutexLock/ReaderMutexLock/WriterMutexLock, boost guards, pthread mutexes and
// rwlocks, functions annotated ACQUIRE/RELEASE (and shared variants), and user
// guard/mutex types from options (LockModel says which types are which).
// SCOPED_CAPABILITY guards by their constructors' annotations (acquire, adopt,
// defer, and RELEASE(mu): a scoped unlocker that gives the lock back at its
// end); objects with ACQUIRE constructors and RELEASE destructors; LOCK_RETURNED
// accessors. Try-locks in conditions: compared with a constant, negated, under
// __builtin_expect, the right side of &&/||, TRY_ACQUIRE functions, or a local
// bool holding the result that is never changed. An unlock of a mutex the
// callers hold is remembered (LockSet::released()), so callers' locks added
// later (unionWith) do not bring it back.
//
// Unknown never warns: when the analysis stops on its budget before the sets
// settle, or a statement's block was never reached, the answer is
// LockSet::unknown() ("anything may be held"), never "no lock held".
//
// Limits: intra-procedural (callers pass an entry set); a guard returned from a
// function or stored in a container is not followed.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_LOCKSETANALYSIS_H
#define MAPSAFETY_CONCURRENCY_LOCKSETANALYSIS_H

#include "mapsafety/concurrency/LockModel.h"
#include "mapsafety/containers/ContainerIdentity.h"
#include "mapsafety/support/FunctionCFG.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CFGBlock;
class CallExpr;
class Expr;
class FunctionDecl;
class NamedDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace mapsafety {

class AnalysisSession;

/// One mutex known to be held.
struct HeldLock {
  ContainerPath Mutex;
  /// Held for reading only (shared_lock, lock_shared, ReaderMutexLock).
  bool Shared = false;
  /// The scoped guard that owns it; null for a manual lock().
  const clang::VarDecl *Guard = nullptr;
  /// Where it was acquired.
  clang::SourceLocation AcquiredAt;
  /// How the mutex was written where it was named (`mu_`, `&mu`, an attribute
  /// argument); its name is spelled only when a finding is reported (lockName).
  const clang::Expr *Spelling = nullptr;
  /// ACQUIRE() on a method called on another object: that object (`obj` of
  /// `obj.lock()`), whose member the mutex is.
  const clang::Expr *Owner = nullptr;
  /// Spelling as written in the source, or printed (attribute arguments,
  /// which may come from a macro).
  bool SpellingIsPrinted = false;
  /// The name of a lock no expression names (`omp critical`).
  const char *Synthetic = nullptr;
  /// A lock whose mutex we could not identify (`lock_guard g(mutexFor(k))`):
  /// it may be the right one, so nothing it covers is reported.
  bool Unknown = false;

  /// A default-constructed HeldLock names no lock ("none expected").
  bool named() const { return Spelling || Synthetic; }
};

/// The mutex's name for messages (`mu_`, `reg.mu_`, `omp critical`).
std::string lockName(const HeldLock &L, clang::ASTContext &Ctx);

/// The locks held at one point, at most one entry per mutex; or unknown.
class LockSet {
public:
  /// A set nothing is known about: any lock may be held.
  static LockSet unknown();
  /// Nothing is known about this set (see unknown()).
  bool isUnknown() const { return Indeterminate; }
  /// The identified lock on Mutex, if held.
  const HeldLock *find(const ContainerPath &Mutex) const;
  bool empty() const { return Locks.empty() && !Indeterminate; }
  /// Some lock whose mutex is unknown may be held (always true of an unknown set).
  bool holdsUnknown() const;
  llvm::ArrayRef<HeldLock> locks() const { return Locks; }
  void add(const HeldLock &L);
  void remove(const ContainerPath &Mutex);
  /// An unlock: Mutex is not held from here on, even if the function's
  /// callers hold it (`REQUIRES(mu) { mu.unlock(); … mu.lock(); }`), until it
  /// is locked again here; unionWith() does not bring it back.
  void release(const ContainerPath &Mutex);
  /// The mutexes released here (release()) and not locked again since.
  llvm::ArrayRef<ContainerPath> released() const { return Released; }
  void removeGuard(const clang::VarDecl *Guard);
  /// What guard From holds is now held by guard To (`l2(std::move(l1))`), or
  /// with To null, by no guard (`l.release()` leaves the mutex locked).
  void moveGuard(const clang::VarDecl *From, const clang::VarDecl *To);
  /// Keeps the mutexes held in both; shared if either holds it shared;
  /// released if released in either. Unknown if either is.
  void intersect(const LockSet &Other);
  /// Adds Other's locks (locks held by a caller around a call), except those
  /// released here. Unknown if either is.
  void unionWith(const LockSet &Other);
  bool operator==(const LockSet &Other) const;

private:
  llvm::SmallVector<HeldLock, 4> Locks;
  std::vector<ContainerPath> Released; // almost always empty: no inline storage
  bool Indeterminate = false;
};

/// The lock sets of one function body.
class LockSetAnalysis {
public:
  /// Entry is what callers hold when the body starts (empty for thread entries).
  /// The worklist visits at most BudgetPerBlock times as many blocks as the
  /// CFG has, plus 64; past that the analysis is incomplete (and the hit is
  /// counted: lockSetBudgetHits()).
  /// EndsPath names the calls that never return beyond those Clang's CFG
  /// already ends paths at (`[[noreturn]]`, `abort()`): what follows such a
  /// call in its block, and what only such calls reach, is dead, so unknown.
  LockSetAnalysis(const FunctionCFG &Function, const LockModel &Model, clang::ASTContext &Ctx,
                  LockSet Entry = {}, unsigned BudgetPerBlock = 32,
                  llvm::function_ref<bool(const clang::CallExpr *)> EndsPath = nullptr);
  ~LockSetAnalysis();

  /// The locks held just before S executes. Unknown when the analysis is
  /// incomplete, S's block was never reached, or S is not in this function;
  /// empty for a constructor's member initializers (they run before the body
  /// and are in no block of its CFG).
  LockSet heldAt(const clang::Stmt *S) const;
  /// False when the budget stopped the analysis before the sets settled.
  bool complete() const { return Complete; }

  class Transfer;

private:
  LockSet joinPredecessors(const clang::CFGBlock &B,
                           const llvm::DenseMap<const clang::CFGBlock *, LockSet> &Out) const;

  const FunctionCFG &Function;
  std::unique_ptr<Transfer> Apply;
  bool Complete = true;
  llvm::DenseMap<const clang::CFGBlock *, LockSet> EntrySets;
  /// Blocks holding a call that never returns (EndsPath), and its index.
  llvm::DenseMap<const clang::CFGBlock *, unsigned> DeadAfter;
  /// The set before every 16th element of a block, filled on demand by heldAt.
  mutable llvm::DenseMap<const clang::CFGBlock *, std::vector<LockSet>> Checkpoints;
};

/// LockSetAnalysis of every function of a translation unit, for one lock
/// model, built on first use (an AnalysisSession part).
class FunctionLockSets {
public:
  FunctionLockSets(AnalysisSession &Session, const LockModel &Model);
  /// The analysis of F's body with nothing held at entry; null when F has no CFG.
  /// A call of a function that never returns ends its path: declared so (the
  /// CFG knows), or defined in this TU with no path that returns (one call
  /// down: FunctionCFG::neverReturns, not followed further).
  const LockSetAnalysis *of(const clang::Decl *F);
  /// True only when a call of Callee provably never returns (see of()).
  bool neverReturns(const clang::FunctionDecl *Callee);
  /// The locks held just before S in F; unknown when F has no CFG.
  LockSet heldAt(const clang::Decl *F, const clang::Stmt *S);
  const LockModel &model() const { return Model; }

  /// The session's FunctionLockSets for Model.
  static FunctionLockSets &in(AnalysisSession &Session, const LockModel &Model);

private:
  AnalysisSession &Session;
  const LockModel &Model;
  llvm::DenseMap<const clang::Decl *, std::unique_ptr<LockSetAnalysis>> Analyses;
  llvm::DenseMap<const clang::FunctionDecl *, bool> NeverReturns;
};

/// How many lock-set analyses of this process stopped on their budget (their
/// answers are unknown). Also the LLVM statistic `mapsafety-lockset` /
/// `NumBudgetHits`, which `clang-tidy -stats` prints where LLVM was built with
/// statistics (docs/checks/mapsafety-unguarded-thread-write.md, Limitations).
unsigned lockSetBudgetHits();

/// The mutexes a function's ACQUIRE/RELEASE/REQUIRES-style attribute names.
std::vector<const clang::Expr *> capabilityArguments(const clang::NamedDecl *D,
                                                     llvm::StringRef Which);

/// The lock a capability expression from an attribute names (GUARDED_BY(mu),
/// REQUIRES(mu)), named as printed there; nullopt when its mutex cannot be
/// identified.
std::optional<HeldLock> lockNamedBy(const clang::Expr *Capability, clang::ASTContext &Ctx);

/// An expression printed as a name for messages (`mu_` for this->mu_).
std::string printedName(const clang::Expr *E, clang::ASTContext &Ctx);

} // namespace mapsafety

#endif
