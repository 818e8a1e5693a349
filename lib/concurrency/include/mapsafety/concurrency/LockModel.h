//===- LockModel.h - which types are mutexes and guards ---------------------===//
//
// The vocabulary of LockSetAnalysis: which types are mutexes and which are
// scoped guards, and what a call of a mutex's method does. Knows the standard,
// absl, boost, Qt, folly and pthread types, and takes user types from options.
// A class with lock()/unlock() (or Lock()/Unlock()) that is not a known guard
// counts as a mutex without being listed; a user mutex whose methods have
// other names is understood only when listed with them.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_LOCKMODEL_H
#define MAPSAFETY_CONCURRENCY_LOCKMODEL_H

#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class CXXConstructorDecl;
class CXXMethodDecl;
class FunctionDecl;
} // namespace clang

namespace mapsafety {

/// A mutex type from the ExtraMutexTypes option.
struct MutexTypeSpec {
  std::string QualifiedName;
  /// The methods that lock and unlock it, besides the usual lock()/unlock()
  /// family; the shared pair is empty for a mutex without a reader mode.
  std::string Lock, Unlock, LockShared, UnlockShared;
};

/// Parses "sync::SpinLock;sync::Latch(acquire,release);sync::RwLatch(acquire,
/// release,acquire_shared,release_shared)": a bare name for a type with the
/// usual method names, else two or four method names in parentheses. Returns
/// false and sets Error on the first malformed entry.
bool parseMutexTypeList(llvm::StringRef List, std::vector<MutexTypeSpec> &Out, std::string &Error);

/// A guard type from the ExtraGuardTypes option.
struct GuardTypeSpec {
  std::string QualifiedName;
  bool Shared = false; ///< holds the mutex for reading only
};

/// Parses "sync::Holder;sync::ReadHolder=shared": a qualified name, then
/// `=shared` or `=exclusive` (the default). Returns false and sets Error on
/// the first malformed entry.
bool parseGuardTypeList(llvm::StringRef List, std::vector<GuardTypeSpec> &Out, std::string &Error);

/// Which types are mutexes and guards, and how they behave.
class LockModel {
public:
  enum class GuardKind { Exclusive, Shared };
  /// What calling a method of a mutex does.
  enum class MutexCall { None, Lock, LockShared, Unlock, TryLock, TryLockShared };
  /// What calling a method of a scoped guard does to the mutexes it manages.
  enum class GuardMethod {
    None,
    Lock,          ///< locks them again, in the guard's own mode (`lk.lock()`)
    LockExclusive, ///< locks them exclusively (`ACQUIRE()`: `Lock()`, `PromoteShared()`)
    LockShared,    ///< locks them for reading (`ACQUIRE_SHARED()`: `ReaderLock()`)
    Unlock,        ///< unlocks them: the hold ends before the guard's scope does
    Disown,        ///< keeps them locked but no longer releases them (`lk.release()`)
  };

  /// Extra guard types lock the mutex given as their first constructor
  /// argument (or what it points to).
  LockModel(const std::vector<MutexTypeSpec> &ExtraMutexTypes = {},
            const std::vector<GuardTypeSpec> &ExtraGuardTypes = {});

  /// Known or listed as a mutex, or a class with lock()/unlock() or
  /// Lock()/Unlock() that is not a guard.
  bool isMutexType(clang::QualType T) const;
  /// Known or listed guard types, and home-grown RAII guards: a class marked
  /// SCOPED_LOCKABLE, or one whose constructor takes a mutex (by pointer or
  /// reference) and whose destructor unlocks (leveldb's MutexLock).
  std::optional<GuardKind> guardKind(clang::QualType T) const;
  /// unique_lock-like guards that can be unlocked, relocked and moved.
  bool isMovableGuard(clang::QualType T) const;
  /// What calling Method on a mutex of type T does; None when T is not a
  /// mutex type or Method neither locks nor unlocks it.
  MutexCall mutexCall(clang::QualType T, llvm::StringRef Method) const;
  /// What M, a method of a guard type, does: by its annotation first (ACQUIRE(),
  /// ACQUIRE_SHARED() or RELEASE() without arguments: the guard's own
  /// capabilities, as on a SCOPED_CAPABILITY's `Release()`; a method that
  /// releases and acquires, like `PromoteShared()`, relocks in the acquired
  /// mode), else by name for the standard spellings (lock/Lock, unlock/Unlock,
  /// release), else by shape (its body unlocks or locks a mutex, like a
  /// home-grown guard's `Release()`). None when it shows neither.
  GuardMethod guardMethod(const clang::CXXMethodDecl *M) const;

  /// What a scoped capability's constructor does, when its annotations say so.
  enum class GuardConstruction {
    ByName,        ///< no annotation: the guard's kind and its tag argument decide
    Acquire,       ///< ACQUIRE(mu): held exclusively for the guard's scope
    AcquireShared, ///< ACQUIRE_SHARED(mu): held for reading
    Adopt,         ///< REQUIRES(mu): already held, now the guard's to release
    AdoptShared,   ///< REQUIRES_SHARED(mu)
    Release,       ///< RELEASE(mu): unlocked for the guard's scope, relocked at its end
    Defer,         ///< none of these on a SCOPED_CAPABILITY: not held until locked
  };
  /// Read from C's capability attributes; ByName when C has none and its class
  /// is not a SCOPED_CAPABILITY (the standard guards, home-grown ones).
  static GuardConstruction guardConstruction(const clang::CXXConstructorDecl *C);

  /// What a free function does to the mutexes it is given.
  enum class FreeCall {
    None,
    LockEach,   ///< std::lock, boost::lock: every argument
    Lock,       ///< pthread_mutex_lock, pthread_rwlock_wrlock: the first argument
    LockShared, ///< pthread_rwlock_rdlock
    Unlock,     ///< pthread_mutex_unlock, pthread_rwlock_unlock
    TryLock,    ///< pthread_mutex_trylock: locked when it returns 0
  };
  FreeCall freeCall(const clang::FunctionDecl *Callee) const;

  /// The tag a guard's constructor takes: lock later, try, or adopt a held lock.
  enum class GuardTag { None, Defer, TryTo, Adopt };
  static GuardTag guardTag(clang::QualType ArgType);

  /// What Clang's capability attributes say a function does to the mutexes
  /// they name (ACQUIRE, ASSERT_CAPABILITY, RELEASE and shared variants).
  enum class Annotated { None, Acquire, AcquireShared, Release };
  static Annotated annotatedEffect(const clang::FunctionDecl *Callee);

private:
  bool looksLikeMutex(clang::QualType T) const;
  std::optional<GuardKind> guardByShape(const clang::CXXRecordDecl *RD) const;

  llvm::StringMap<GuardKind> Guards;
  llvm::StringSet<> MovableGuards;
  /// Known and listed mutex types, with their own method names (if any).
  llvm::StringMap<llvm::StringMap<MutexCall>> Mutexes;
  /// The method names every mutex type understands.
  llvm::StringMap<MutexCall> CommonCalls;
  /// isMutexType and guardKind are asked about the same few types over and
  /// over. Types are per AST: a model lives in one AnalysisSession.
  mutable llvm::DenseMap<const clang::Type *, bool> MutexCache;
  mutable llvm::DenseMap<const clang::Type *, std::optional<GuardKind>> GuardCache;
};

} // namespace mapsafety

#endif
