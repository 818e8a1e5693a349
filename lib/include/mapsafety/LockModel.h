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
#ifndef MAPSAFETY_LOCKMODEL_H
#define MAPSAFETY_LOCKMODEL_H

#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <optional>
#include <string>
#include <vector>

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
bool parseMutexTypeList(llvm::StringRef List, std::vector<MutexTypeSpec> &Out,
                        std::string &Error);

/// Which types are mutexes and guards, and how they behave.
class LockModel {
public:
  enum class GuardKind { Exclusive, Shared };
  /// What calling a method of a mutex does.
  enum class MutexCall { None, Lock, LockShared, Unlock, TryLock, TryLockShared };

  /// Extra guard types as `name` or `name=shared` (the mutex is the first
  /// constructor argument, or what it points to).
  LockModel(const std::vector<MutexTypeSpec> &ExtraMutexTypes = {},
            const std::vector<std::string> &ExtraGuardTypes = {});

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

  /// Forgets cached answers; call at the end of each translation unit (types
  /// of the next AST may reuse the same addresses).
  void endTranslationUnit() const {
    MutexCache.clear();
    GuardCache.clear();
  }

private:
  bool looksLikeMutex(clang::QualType T) const;
  std::optional<GuardKind> guardByShape(const clang::CXXRecordDecl *RD) const;

  llvm::StringMap<GuardKind> Guards;
  llvm::StringSet<> MovableGuards;
  /// Known and listed mutex types, with their own method names (if any).
  llvm::StringMap<llvm::StringMap<MutexCall>> Mutexes;
  /// The method names every mutex type understands.
  llvm::StringMap<MutexCall> CommonCalls;
  /// isMutexType and guardKind are asked about the same few types over and over.
  mutable llvm::DenseMap<const clang::Type *, bool> MutexCache;
  mutable llvm::DenseMap<const clang::Type *, std::optional<GuardKind>> GuardCache;
};

} // namespace mapsafety

#endif
