//===- InferredGuards.cpp - the mutex that guards a map, from how it is locked -===//
#include "InferredGuards.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace mapsafety {

namespace {
bool isWrite(const ResolvedAccess &A) { return A.Access.Kind == AccessKind::Write; }
bool isCopy(const ResolvedAccess &A) { return A.Access.Kind == AccessKind::Copy; }

/// A mutex some access holds, with what speaks for it being the guard.
struct Candidate {
  HeldLock Lock;
  unsigned Holders = 0;     ///< accesses holding it
  bool GuardsWrite = false; ///< some write holds it exclusively
  unsigned FirstSeen = 0;   ///< order of discovery, the last tie-break
};

/// The mutexes the accesses hold, best guard first: held by a write, then by
/// more accesses, then first seen. A reader that happens to hold another
/// mutex (ctx_t::terminate() copying under _slot_sync) must not outvote the
/// writers' mutex on a tie.
std::vector<Candidate> candidates(llvm::ArrayRef<ResolvedAccess> Accesses,
                                  llvm::function_ref<bool(const HeldLock &)> CanGuard) {
  std::vector<Candidate> Out;
  for (const ResolvedAccess &A : Accesses)
    for (const HeldLock &L : A.Locks.locks()) {
      if (!CanGuard(L))
        continue;
      auto It = llvm::find_if(Out, [&](const Candidate &C) { return C.Lock.Mutex == L.Mutex; });
      if (It == Out.end()) {
        Out.push_back({L, 0, false, static_cast<unsigned>(Out.size())});
        It = std::prev(Out.end());
      }
      ++It->Holders;
      It->GuardsWrite |= isWrite(A) && !L.Shared;
    }
  llvm::sort(Out, [](const Candidate &A, const Candidate &B) {
    if (A.GuardsWrite != B.GuardsWrite)
      return A.GuardsWrite;
    if (A.Holders != B.Holders)
      return A.Holders > B.Holders;
    return A.FirstSeen < B.FirstSeen;
  });
  return Out;
}

/// One function that happens to lock around a read is weak evidence (the
/// writers may be serialised by their callers in another file): a guard needs
/// a write under it, locked accesses in two functions, or locked accesses
/// outnumbering the unlocked ones.
bool enoughEvidence(llvm::ArrayRef<ResolvedAccess> Accesses, const Candidate &C) {
  if (C.GuardsWrite)
    return true;
  llvm::SmallPtrSet<const clang::Decl *, 4> LockedIn;
  for (const ResolvedAccess &A : Accesses)
    if (A.Locks.find(C.Lock.Mutex))
      LockedIn.insert(A.Access.Function);
  return LockedIn.size() >= 2 || 2 * static_cast<size_t>(C.Holders) > Accesses.size();
}
} // namespace

std::vector<Race>
findInferredGuardRaces(llvm::ArrayRef<ResolvedAccess> Accesses,
                       const std::optional<HeldLock> &Annotated,
                       llvm::function_ref<bool(const HeldLock &)> CanGuard,
                       llvm::function_ref<bool(const ResolvedAccess &)> OrderedByLauncher) {
  std::vector<Race> Races;
  if (llvm::none_of(Accesses, isWrite))
    return Races; // read-only maps need no guard
  std::optional<HeldLock> Guard = Annotated;
  if (!Guard)
    for (const Candidate &C : candidates(Accesses, CanGuard))
      if (enoughEvidence(Accesses, C)) {
        Guard = C.Lock;
        break;
      }
  if (!Guard)
    return Races;
  bool GuardedWrite = llvm::any_of(Accesses, [&](const ResolvedAccess &A) {
    const HeldLock *L = A.Locks.find(Guard->Mutex);
    return L && isWrite(A) && !L->Shared;
  });
  // The evidence shown for an access is another access that holds the guard:
  // the first such write, else the first such access. Each list keeps its first
  // entry and the first one at another site, so that every access finds one
  // that is not itself without a pass over all of them (10^4 lock scopes in
  // one function made that pass quadratic).
  const ResolvedAccess *Holders[2] = {nullptr, nullptr};
  const ResolvedAccess *WriteHolders[2] = {nullptr, nullptr};
  auto Keep = [](const ResolvedAccess *(&List)[2], const ResolvedAccess &X) {
    if (!List[0])
      List[0] = &X;
    else if (!List[1] && X.Access.Site != List[0]->Access.Site)
      List[1] = &X;
  };
  for (const ResolvedAccess &X : Accesses)
    if (X.Locks.find(Guard->Mutex)) {
      Keep(Holders, X);
      if (isWrite(X))
        Keep(WriteHolders, X);
    }
  auto ShownFor = [&](const ResolvedAccess &A) -> const ResolvedAccess * {
    for (const ResolvedAccess *const *List : {WriteHolders, Holders})
      for (unsigned I = 0; I < 2; ++I)
        if (List[I] && List[I]->Access.Site != A.Access.Site)
          return List[I];
    return nullptr;
  };
  for (const ResolvedAccess &A : Accesses) {
    const HeldLock *L = A.Locks.find(Guard->Mutex);
    if (!L && A.Locks.holdsUnknown())
      continue; // may hold the guard under a name we cannot resolve
    if (!L && OrderedByLauncher(A))
      continue;
    bool WritesUnderReaderLock = L && L->Shared && isWrite(A);
    if (L && !WritesUnderReaderLock)
      continue; // holds the guard
    Race R;
    R.At = A;
    R.Expected = *Guard;
    const ResolvedAccess *Shown = ShownFor(A);
    if (Shown)
      R.Other = *Shown;
    if (WritesUnderReaderLock) {
      R.Why = Race::Reason::WriteUnderSharedLock;
      R.SharedHeld = *L;
    } else if (isWrite(A)) {
      R.Why = Race::Reason::InferredGuardWrite;
    } else if (GuardedWrite) {
      R.Why = isCopy(A) ? Race::Reason::InferredGuardCopy : Race::Reason::InferredGuardRead;
    } else {
      continue;
    }
    if (!Shown && !Annotated)
      continue;
    Races.push_back(std::move(R));
  }
  return Races;
}

} // namespace mapsafety
