//===- CallerLocks.cpp - the locks a function's callers always hold --------===//
#include "CallerLocks.h"
#include "mapsafety/support/AnalysisSession.h"

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace mapsafety {

CallerLocks &CallerLocks::in(AnalysisSession &Session, FunctionSummaries &Summaries,
                             FunctionLockSets &LockSets) {
  return Session.partFor<CallerLocks>({&Summaries, &LockSets}, [&] {
    return std::make_unique<CallerLocks>(Session, Summaries, LockSets);
  });
}

LockSet CallerLocks::annotated(const FunctionDecl *F) {
  LockSet Result;
  for (const char *Which : {"requires", "requires_shared"})
    for (const Expr *Arg : capabilityArguments(F, Which))
      if (std::optional<HeldLock> L = lockNamedBy(Arg, Session.context())) {
        L->Shared = llvm::StringRef(Which) == "requires_shared";
        L->AcquiredAt = F->getLocation();
        Result.add(*L);
      }
  return Result;
}

void CallerLocks::indexCallSites() {
  Indexed = true;
  for (const FunctionDecl *Caller : Session.definitions())
    if (isRootFunction(Caller))
      for (const FollowableCall &C : Summaries.of(Caller).Calls)
        CallsTo[C.Callee->getCanonicalDecl()].push_back({Caller, &C});
}

LockSet CallerLocks::atEntry(const FunctionDecl *F, unsigned Levels) {
  auto Key = std::make_pair(static_cast<const Decl *>(F), Levels);
  if (auto It = Cache.find(Key); It != Cache.end())
    return It->second.value_or(LockSet()); // unset: a call cycle, inherit nothing through it
  Cache[Key] = std::nullopt;
  if (!Indexed)
    indexCallSites();
  LockSet Result = annotated(F);
  std::optional<LockSet> FromCallers;
  auto Sites = CallsTo.find(F->getCanonicalDecl());
  bool OtherObject = false;
  if (Sites != CallsTo.end())
    for (const CallSite &S : Sites->second) {
      if (S.Caller == F)
        continue;
      // Only calls on the same object keep this-rooted mutex paths meaningful.
      if (S.Call->Object && !isa<CXXThisExpr>(S.Call->Object->IgnoreParenImpCasts())) {
        OtherObject = true;
        break;
      }
      LockSet AtCall = LockSets.heldAt(S.Caller, S.Call->Call);
      if (Levels > 1)
        AtCall.unionWith(atEntry(S.Caller, Levels - 1));
      if (!FromCallers)
        FromCallers = AtCall;
      else
        FromCallers->intersect(AtCall);
    }
  if (FromCallers && !OtherObject)
    Result.unionWith(*FromCallers);
  Cache[Key] = Result;
  return Result;
}

} // namespace mapsafety
