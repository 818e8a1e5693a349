//===- CallerLocks.cpp - the locks a function's callers always hold --------===//
#include "CallerLocks.h"
#include "CallIndex.h"
#include "mapsafety/support/AnalysisSession.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace mapsafety {

namespace {
const Decl *keyOf(const FunctionDecl *F) { return F->getCanonicalDecl(); }
} // namespace

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

llvm::ArrayRef<CallerLocks::CallSite> CallerLocks::callsTo(const FunctionDecl *F) {
  if (auto It = CallsTo.find(keyOf(F)); It != CallsTo.end())
    return It->second;
  // The root functions among F's callers, each call of F in its summary:
  // only callers of what is asked about get summarised here.
  std::vector<CallSite> Sites;
  for (const Decl *D : CallIndex::in(Session).callersOf(F)) {
    const auto *Caller = dyn_cast<FunctionDecl>(D);
    if (!Caller || !isRootFunction(Caller))
      continue;
    for (const FollowableCall &C : Summaries.of(Caller).Calls)
      if (keyOf(C.Callee) == keyOf(F))
        Sites.push_back({Caller, &C});
  }
  return CallsTo[keyOf(F)] = std::move(Sites);
}

llvm::ArrayRef<FollowableCall> CallerLocks::callsFrom(const FunctionDecl *F) {
  if (!isRootFunction(F))
    return {};
  return Summaries.of(F).Calls;
}

CallerLocks::SiteUse CallerLocks::use(const FunctionDecl *Callee, const CallSite &S) {
  if (keyOf(S.Caller) == keyOf(Callee))
    return SiteUse::Ignored; // recursion holds at least what the entry does
  const Expr *Object = S.Call->Object ? S.Call->Object->IgnoreParenImpCasts() : nullptr;
  // Only calls on the same object keep this-rooted mutex paths meaningful.
  if (Object && !isa<CXXThisExpr>(Object))
    return SiteUse::StopsInheritance;
  // The object is not shared while its constructor or destructor runs.
  if (Object && (isa<CXXConstructorDecl>(S.Caller) || isa<CXXDestructorDecl>(S.Caller)))
    return SiteUse::Ignored;
  return SiteUse::Counts;
}

void CallerLocks::solve(const FunctionDecl *F) {
  // F and the callers above it that are not settled: entry locks flow down
  // the call graph, so these are all F's depend on.
  std::vector<const FunctionDecl *> Order;
  llvm::DenseMap<const Decl *, unsigned> Index;
  for (llvm::SmallVector<const FunctionDecl *, 8> Stack{F}; !Stack.empty();) {
    const FunctionDecl *G = Stack.pop_back_val();
    if (Entry.count(keyOf(G)) || !Index.try_emplace(keyOf(G), Order.size()).second)
      continue;
    Order.push_back(G);
    for (const CallSite &S : callsTo(G))
      if (use(G, S) == SiteUse::Counts)
        Stack.push_back(S.Caller);
  }
  // nullopt: everything held, the top the fixpoint descends from.
  std::vector<std::optional<LockSet>> Value(Order.size());
  auto EntryOf = [&](const FunctionDecl *G) -> std::optional<LockSet> {
    if (auto It = Entry.find(keyOf(G)); It != Entry.end())
      return It->second;
    return Value[Index.lookup(keyOf(G))];
  };
  auto Evaluate = [&](const FunctionDecl *G) -> std::optional<LockSet> {
    std::optional<LockSet> FromCallers;
    bool Counted = false;
    for (const CallSite &S : callsTo(G)) {
      SiteUse Use = use(G, S);
      if (Use == SiteUse::StopsInheritance)
        return annotated(G);
      if (Use == SiteUse::Ignored)
        continue;
      Counted = true;
      std::optional<LockSet> CallerEntry = EntryOf(S.Caller);
      if (!CallerEntry)
        continue; // still "everything": the intersection keeps the others
      LockSet AtCall = LockSets.heldAt(S.Caller, S.Call->Call);
      AtCall.unionWith(*CallerEntry);
      if (FromCallers)
        FromCallers->intersect(AtCall);
      else
        FromCallers = std::move(AtCall);
    }
    if (!Counted)
      return annotated(G);
    if (!FromCallers)
      return std::nullopt;
    LockSet Result = annotated(G);
    Result.unionWith(*FromCallers);
    return Result;
  };
  std::vector<unsigned> Worklist;
  std::vector<bool> Queued(Order.size(), true);
  for (unsigned I = Order.size(); I-- > 0;)
    Worklist.push_back(I);
  // Values only shrink, so this settles; the budget is a guard, and running
  // out of it leaves the sets unknown (never reported on).
  unsigned Budget = 16 * Order.size() + 64;
  for (; !Worklist.empty() && Budget; --Budget) {
    unsigned I = Worklist.back();
    Worklist.pop_back();
    Queued[I] = false;
    std::optional<LockSet> New = Evaluate(Order[I]);
    if (New == Value[I])
      continue;
    Value[I] = std::move(New);
    for (const FollowableCall &C : callsFrom(Order[I]))
      if (auto It = Index.find(keyOf(C.Callee)); It != Index.end() && !Queued[It->second]) {
        Queued[It->second] = true;
        Worklist.push_back(It->second);
      }
  }
  for (unsigned I = 0; I < Order.size(); ++I) {
    LockSet &Settled = Entry[keyOf(Order[I])];
    if (!Worklist.empty())
      Settled = LockSet::unknown();
    else if (const std::optional<LockSet> &V = Value[I])
      Settled = *V;
    else
      Settled = annotated(Order[I]); // a cycle nothing enters
  }
}

LockSet CallerLocks::atEntry(const FunctionDecl *F) {
  if (!Entry.count(keyOf(F)))
    solve(F);
  return Entry.lookup(keyOf(F));
}

llvm::ArrayRef<CallerLocks::Context> CallerLocks::contexts(const FunctionDecl *F) {
  if (auto It = Contexts.find(keyOf(F)); It != Contexts.end())
    return It->second;
  atEntry(F); // settles every caller too
  std::vector<Context> Out;
  for (const CallSite &S : callsTo(F)) {
    SiteUse Use = use(F, S);
    if (Use == SiteUse::StopsInheritance)
      return Contexts[keyOf(F)] = {};
    if (Use == SiteUse::Ignored)
      continue;
    LockSet Held = LockSets.heldAt(S.Caller, S.Call->Call);
    Held.unionWith(Entry.lookup(keyOf(S.Caller)));
    Out.push_back({S.Caller, S.Call->Call, std::move(Held)});
  }
  return Contexts[keyOf(F)] = std::move(Out);
}

namespace {
/// Every chain holds just Locks: following them further up adds nothing.
bool allHold(llvm::ArrayRef<CallerLocks::Chain> Chains, const LockSet &Locks) {
  return llvm::all_of(Chains, [&](const CallerLocks::Chain &C) { return C.Held == Locks; });
}
} // namespace

void CallerLocks::chainsInto(const FunctionDecl *F, const LockSet &Held,
                             std::vector<const Expr *> &Below,
                             llvm::SmallPtrSetImpl<const Decl *> &OnChain, unsigned &Budget,
                             std::vector<Chain> &Out) {
  for (const Context &C : contexts(F)) {
    if (C.Caller->hasAttr<NoThreadSafetyAnalysisAttr>() || OnChain.count(keyOf(C.Caller)))
      continue; // not analysed, or recursion: the chain's outer calls stand for it
    LockSet AtCall = Held;
    AtCall.unionWith(C.Held);
    std::vector<Chain> Up;
    if (OnChain.size() <= MaxChainLevels && Budget > 0) {
      --Budget;
      OnChain.insert(keyOf(C.Caller));
      Below.push_back(C.Call);
      LockSet Local = Held; // the caller's entry locks are its chains' to add
      Local.unionWith(LockSets.heldAt(C.Caller, C.Call));
      chainsInto(C.Caller, Local, Below, OnChain, Budget, Up);
      Below.pop_back();
      OnChain.erase(keyOf(C.Caller));
    }
    if (!Up.empty() && !allHold(Up, AtCall)) {
      std::move(Up.begin(), Up.end(), std::back_inserter(Out));
      continue;
    }
    Out.push_back({C.Caller, C.Call, {Below.rbegin(), Below.rend()}, std::move(AtCall)});
  }
}

llvm::ArrayRef<CallerLocks::Chain> CallerLocks::entryChains(const FunctionDecl *F) {
  if (auto It = Chains.find(keyOf(F)); It != Chains.end())
    return It->second;
  std::vector<Chain> Out;
  std::vector<const Expr *> Below;
  llvm::SmallPtrSet<const Decl *, 8> OnChain{keyOf(F)};
  unsigned Budget = 128;
  chainsInto(F, LockSet(), Below, OnChain, Budget, Out);
  return Chains[keyOf(F)] = std::move(Out);
}

} // namespace mapsafety
