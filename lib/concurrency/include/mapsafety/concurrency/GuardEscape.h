//===- GuardEscape.h - guarded maps that leave the scope of their lock -------===//
//
// Two ways a map protected by a scoped guard is used after the guard is gone:
//  - a reference or pointer to it escapes: returned from the function that
//    holds the guard, or stored where it outlives the guard (a member, a
//    global, a local declared before the guard); or returned with its guard
//    not held at all (released by an explicit unlock, or never taken: a
//    getter of a map whose every write elsewhere holds one mutex, and whose
//    callers do not all hold it); callers then copy, iterate or read the map
//    through it without the lock;
//  - a shallow snapshot: a copy of the map taken under the lock whose mapped
//    values are pointers (raw, shared_ptr, reference_wrapper, span, iterators,
//    and user types), then written *through its values* without the lock:
//    the copy is private, the objects it points to are not.
// Lock sets come from LockSetAnalysis, map identity from ContainerIdentity.
// Like the other analyses it proves or stays silent: a lock whose mutex is
// unknown, a map that cannot be identified, a callee without a body in the
// translation unit all mean "no finding". Never prints.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_GUARDESCAPE_H
#define MAPSAFETY_CONCURRENCY_GUARDESCAPE_H

#include "mapsafety/concurrency/LockSetAnalysis.h"
#include "mapsafety/concurrency/SharedAccess.h"
#include "mapsafety/containers/ContainerModel.h"
#include <memory>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Expr;
class FunctionDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace mapsafety {

class AnalysisSession;

/// A reference or pointer to a guarded map that outlives the guard.
struct EscapingReference {
  enum class Kind { ReturnedReference, ReturnedPointer, StoredPointer };
  Kind How = Kind::ReturnedReference;
  const clang::FunctionDecl *Function = nullptr;
  /// The returned expression, or the stored `&m_`.
  const clang::Expr *Escaping = nullptr;
  /// The map, in Function's frame (`this`-rooted member or static).
  ContainerPath Map;
  const clang::Expr *MapExpr = nullptr;
  /// The lock the scoped guard holds (Guard is the guard variable).
  HeldLock Lock;
  /// A reference or pointer to const (the ReportConstReferenceGetters option).
  bool ToConst = false;
  /// Returned without holding Lock at all: Lock is the mutex every write of
  /// the map holds elsewhere (Guard null), GuardedWrite one such write.
  bool Unlocked = false;
  const clang::Stmt *GuardedWrite = nullptr;
};

/// A caller's use of the map an escaping function returned, without its lock.
struct UseAfterRelease {
  const clang::Expr *Call = nullptr; ///< the call of the escaping function
  const clang::Stmt *Site = nullptr; ///< the copy, loop or member call (maybe through a
                                     ///< local reference bound to the call's result)
  AccessKind Kind = AccessKind::Read;
  const EscapingReference *Source = nullptr;
};

/// A write through a value of a shallow snapshot, without the snapshot's lock.
struct SnapshotWrite {
  const clang::Expr *Write = nullptr;       ///< the mutating expression
  const clang::VarDecl *Snapshot = nullptr; ///< the local copy
  const clang::Expr *CopiedFrom = nullptr;  ///< the map expression that was copied
  ContainerPath Map;                        ///< in the frame of CopiedFrom
  HeldLock Lock;                            ///< held at the copy (named as there)
};

struct GuardEscapeOptions {
  /// Qualified names of extra pointer-like mapped types.
  std::vector<std::string> ShallowMappedTypes;
  /// Report getters returning references and pointers to const too (stored
  /// pointers are reported either way).
  bool ReportConstReferences = true;
};

/// Collects the functions of one TU, then finds escapes and snapshot writes.
class GuardEscapeAnalysis {
public:
  /// The functions are the session's definitions (template patterns left out).
  GuardEscapeAnalysis(AnalysisSession &Session, const ContainerModel &Containers,
                      const LockModel &Locks, GuardEscapeOptions Options);
  ~GuardEscapeAnalysis();

  /// References and pointers that escape their guard.
  const std::vector<EscapingReference> &escapingReferences();
  /// Callers' copies, loops and reads through an escaping function's result.
  std::vector<UseAfterRelease> usesAfterRelease();
  /// Writes through the values of shallow snapshots.
  std::vector<SnapshotWrite> snapshotWrites();

  /// True when T (a mapped type) points to objects it does not own.
  bool isShallow(clang::QualType T) const;

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};

} // namespace mapsafety

#endif
