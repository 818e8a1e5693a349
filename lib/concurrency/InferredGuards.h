//===- InferredGuards.h - the mutex that guards a map, from how it is locked -===//
//
// Private to lib/ (RaceFinder.cpp). Given every access to one member or static
// map that the functions of a translation unit make (each function seen as a
// root: locks its callers always hold count as held, and where its callers
// differ, as seen from each call), decides which mutex
// guards the map and which accesses skip it:
//  - the guard is GUARDED_BY(mu) when annotated; otherwise a mutex some access
//    holds, tried in this order: held exclusively by a write first (writers
//    define the guard), then by more accesses, then first seen; the first
//    candidate with enough evidence wins (a write under it, locked accesses in
//    two functions, or locked accesses outnumbering the unlocked ones);
//  - reported: writes without the guard or under its reader lock, and reads
//    and copies without it when some write holds it. Accesses holding a lock
//    we cannot identify, and accesses the launcher's own fork-join orders, are
//    not.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_INFERREDGUARDS_H
#define MAPSAFETY_INFERREDGUARDS_H

#include "mapsafety/concurrency/RaceFinder.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>
#include <vector>

namespace mapsafety {

class CallerLocks;

/// The races an inferred (or annotated) guard explains for one map.
/// Accesses: every access to the map, in the order found. Annotated: the
/// GUARDED_BY guard, if any. CanGuard: whether a held lock may be a guard
/// (false for synthetic ones such as `omp critical`). OrderedByLauncher: an
/// access the launcher's own fork-join orders (never reported unlocked).
/// Callers: the calls into each access's function; when some hold a lock and
/// others do not, the access is seen from each call (evidence for the lock
/// under it) and, when it skips the guard only because of some callers,
/// reported at their calls (Race::At is the call, InCallee the access).
/// Returns nothing when no candidate has enough evidence.
std::vector<Race> findInferredGuardRaces(
    llvm::ArrayRef<ResolvedAccess> Accesses, const std::optional<HeldLock> &Annotated,
    llvm::function_ref<bool(const HeldLock &)> CanGuard,
    llvm::function_ref<bool(const ResolvedAccess &)> OrderedByLauncher, CallerLocks &Callers);

} // namespace mapsafety

#endif
