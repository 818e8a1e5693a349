//===- LockTransfer.h - what one statement does to the locks held ----------===//
//
// Private to lib/concurrency (LockSetAnalysis.cpp, LockTransfer.cpp): the
// transfer function of the lock-set dataflow. LockModel says what a call does
// to which capability; this applies it to a LockSet, one CFG element at a time.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_LOCKTRANSFER_H
#define MAPSAFETY_CONCURRENCY_LOCKTRANSFER_H

#include "mapsafety/concurrency/LockSetAnalysis.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang {
class CXXConstructExpr;
class CXXOperatorCallExpr;
class FunctionDecl;
} // namespace clang

namespace mapsafety {

/// A call's callee, implicit object and arguments, whatever its syntax.
struct CallParts {
  const clang::FunctionDecl *Callee = nullptr;
  const clang::Expr *Object = nullptr;
  llvm::ArrayRef<const clang::Expr *> Args;
};

/// What one CFG element does to a lock set: the lock model's facts applied.
class LockSetAnalysis::Transfer {
public:
  Transfer(const LockModel &Model, clang::ASTContext &Ctx) : Model(Model), Ctx(Ctx) {}

  /// Applies elements [From, To) of Block to Set.
  void elements(const clang::CFGBlock &Block, unsigned From, unsigned To, LockSet &Set) const;

  /// The edge from From to its successor number SuccIndex: a successful
  /// try_lock holds its mutex on the branch that checked it.
  void edge(const clang::CFGBlock &From, unsigned SuccIndex, LockSet &Set) const;

private:
  void statement(const clang::Stmt *S, LockSet &Set) const;

  static std::optional<CallParts> partsOf(const clang::Stmt *S);

  /// lock_guard g(mu), unique_lock l(mu, defer_lock), unique_lock l2(std::move(l1)).
  void guardDeclared(const clang::VarDecl *V, LockSet &Set) const;
  /// lk2 = std::move(lk1): what lk2 held is unlocked, what lk1 held is lk2's.
  void guardAssigned(const clang::CXXOperatorCallExpr *Op, LockSet &Set) const;
  /// Functions with Clang's capability attributes; false when it has none.
  bool annotatedCall(const CallParts &Call, clang::SourceLocation At, LockSet &Set) const;
  /// A SCOPED_CAPABILITY's constructor, by its annotations: the mutexes it
  /// names (Mutexes) are held, adopted, released for the guard's scope, or
  /// deferred.
  void annotatedGuardDeclared(const clang::VarDecl *V, LockModel::GuardConstruction How,
                              llvm::ArrayRef<const clang::Expr *> Mutexes, LockSet &Set) const;
  /// An object that is not a guard, built by an ACQUIRE/RELEASE constructor
  /// (`RegistryAccess a;` with `RegistryAccess() ACQUIRE(g_mu)`).
  void annotatedConstruction(const clang::CXXConstructExpr *Construct, LockSet &Set) const;
  /// The end of V's scope: a guard releases what it holds, a scoped unlocker
  /// gives back what it released, an annotated destructor releases.
  void scopeEnded(const clang::VarDecl *V, clang::SourceLocation At, LockSet &Set) const;
  /// lk.lock(), lk.unlock(), lk.release(), g.Release() on a guard variable.
  void guardMethodCall(const clang::VarDecl *Guard, LockModel::GuardMethod What,
                       clang::SourceLocation At, LockSet &Set) const;
  /// The mutexes a try-lock in a branch condition takes, on the branch where
  /// Cond is HeldWhen: `mu.TryLock()`, `!lk.owns_lock()`, `f() == 0` for a
  /// TRY_ACQUIRE(1, mu) function, `c && mu.try_lock()`, a local `bool b =
  /// mu.TryLock()` never modified afterwards. False when Cond is no such test.
  bool tryLockTest(const clang::Expr *Cond, bool &HeldWhen, llvm::SmallVectorImpl<HeldLock> &Taken,
                   unsigned Depth = 0) const;
  /// The locks a try-lock call takes when it succeeds, and whether it succeeds
  /// when its result is non-zero (false: pthread_mutex_trylock's 0).
  bool tryLockCall(const clang::Expr *E, bool &SucceedsWhenTrue,
                   llvm::SmallVectorImpl<HeldLock> &Taken) const;
  /// mu.lock(), mu->unlock(), mu.lock_shared() on a mutex.
  void mutexMethodCall(const clang::Expr *Object, llvm::StringRef Name, clang::SourceLocation At,
                       LockSet &Set) const;
  /// std::lock(a, b), pthread_mutex_lock(&m), pthread_mutex_unlock(&m).
  void freeCall(const CallParts &Call, clang::SourceLocation At, LockSet &Set) const;

  HeldLock onObject(HeldLock L, const clang::Expr *Capability, const clang::Expr *Object) const;
  /// An attribute's capability arguments as the call names them: a parameter
  /// is the call's argument, `this` the call's object.
  static void asCallNames(const CallParts &Call, std::vector<const clang::Expr *> &Caps);
  std::optional<HeldLock> lockOf(const clang::Expr *MutexExpr, bool Shared,
                                 const clang::VarDecl *Guard, clang::SourceLocation At) const;
  /// The locks a guard's binding names (one per mutex it was given).
  llvm::SmallVector<HeldLock, 2> boundLocks(const clang::VarDecl *Guard,
                                            clang::SourceLocation At) const;

  const LockModel &Model;
  clang::ASTContext &Ctx;
  /// Guards and the mutex they manage, held or not (defer_lock, try_to_lock).
  struct GuardBinding {
    llvm::SmallVector<const clang::Expr *, 2> MutexExprs;
    bool Shared;
  };
  mutable llvm::DenseMap<const clang::VarDecl *, GuardBinding> Bindings;
  /// Scoped unlockers (RELEASE(mu) constructors) and the locks they give back
  /// at the end of their scope, as they were held when the unlocker was made.
  mutable llvm::DenseMap<const clang::VarDecl *, llvm::SmallVector<HeldLock, 1>> Restores;
};

} // namespace mapsafety

#endif
