//===- InferredGuards.cpp - the mutex that guards a map, from how it is locked -===//
#include "InferredGuards.h"
#include "CallerLocks.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
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

/// A function's own access as each way into it sees it (CallerLocks'
/// entryChains: the locks held there added), when those do not all hold the
/// locks the access holds; empty otherwise. A version is the chain's
/// outermost call, with the access as its callee's.
std::vector<ResolvedAccess> seenFromCallers(const ResolvedAccess &A, CallerLocks &Callers) {
  std::vector<ResolvedAccess> Out;
  const auto *F = llvm::dyn_cast_or_null<clang::FunctionDecl>(A.Access.Function);
  if (!F || !A.Hops.empty())
    return Out;
  bool Differ = false;
  for (const CallerLocks::Chain &C : Callers.entryChains(F)) {
    ResolvedAccess V = A;
    V.CalleeHops = C.Below;
    if (A.InCallee.Site) { // already a call handing the map to a helper: one more hop
      V.CalleeHops.push_back(llvm::cast<clang::Expr>(A.Access.Site));
      V.CalleeHops.insert(V.CalleeHops.end(), A.CalleeHops.begin(), A.CalleeHops.end());
    } else {
      V.InCallee = A.Access;
    }
    V.Access.Site = C.Call;
    V.Access.Function = C.Caller;
    V.Locks.unionWith(C.Held);
    Differ |= !(V.Locks == A.Locks);
    Out.push_back(std::move(V));
  }
  if (!Differ)
    Out.clear();
  return Out;
}
} // namespace

std::vector<Race> findInferredGuardRaces(
    llvm::ArrayRef<ResolvedAccess> Accesses, const std::optional<HeldLock> &Annotated,
    llvm::function_ref<bool(const HeldLock &)> CanGuard,
    llvm::function_ref<bool(const ResolvedAccess &)> OrderedByLauncher, CallerLocks &Callers) {
  std::vector<Race> Races;
  if (llvm::none_of(Accesses, isWrite))
    return Races; // read-only maps need no guard
  // What a helper does under the lock some of its callers hold is evidence
  // for that lock, seen from each of those calls (the helper's own entry
  // locks keep only what every caller holds).
  std::vector<std::vector<ResolvedAccess>> Versions;
  Versions.reserve(Accesses.size());
  std::vector<ResolvedAccess> Expanded;
  for (const ResolvedAccess &A : Accesses)
    Versions.push_back(seenFromCallers(A, Callers));
  bool AnyVersions = llvm::any_of(Versions, [](const auto &V) { return !V.empty(); });
  if (AnyVersions)
    for (unsigned I = 0; I < Accesses.size(); ++I) {
      if (Versions[I].empty())
        Expanded.push_back(Accesses[I]);
      for (const ResolvedAccess &V : Versions[I])
        if (!V.Locks.isUnknown())
          Expanded.push_back(V);
    }
  llvm::ArrayRef<ResolvedAccess> Evidence =
      AnyVersions ? llvm::ArrayRef<ResolvedAccess>(Expanded) : Accesses;
  std::optional<HeldLock> Guard = Annotated;
  if (!Guard)
    for (const Candidate &C : candidates(Evidence, CanGuard))
      if (enoughEvidence(Evidence, C)) {
        Guard = C.Lock;
        break;
      }
  if (!Guard)
    return Races;
  bool GuardedWrite = llvm::any_of(Evidence, [&](const ResolvedAccess &A) {
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
  for (const ResolvedAccess &X : Evidence)
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
  // The race of an access that skips the guard (or writes under its reader
  // lock), if it is one to report.
  auto SkipsGuard = [&](const ResolvedAccess &A) -> std::optional<Race> {
    const HeldLock *L = A.Locks.find(Guard->Mutex);
    if (!L && A.Locks.holdsUnknown())
      return std::nullopt; // may hold the guard under a name we cannot resolve
    if (!L && OrderedByLauncher(A))
      return std::nullopt;
    bool WritesUnderReaderLock = L && L->Shared && isWrite(A);
    if (L && !WritesUnderReaderLock)
      return std::nullopt; // holds the guard
    Race R;
    R.At = A;
    R.Expected = *Guard;
    const ResolvedAccess *Shown = ShownFor(A);
    if (!Shown && !Annotated)
      return std::nullopt;
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
      return std::nullopt;
    }
    return R;
  };
  auto Holds = [&](const ResolvedAccess &A) { return A.Locks.find(Guard->Mutex) != nullptr; };
  for (unsigned I = 0; I < Accesses.size(); ++I) {
    // A helper some callers enter holding the guard: the fix goes at the
    // calls that do not (each is its own finding), not in the helper.
    bool AtCalls = !Holds(Accesses[I]) && llvm::any_of(Versions[I], Holds);
    for (const ResolvedAccess &A :
         AtCalls ? llvm::ArrayRef<ResolvedAccess>(Versions[I]) : Accesses.slice(I, 1))
      if (std::optional<Race> R = SkipsGuard(A))
        Races.push_back(std::move(*R));
  }
  return Races;
}

} // namespace mapsafety
