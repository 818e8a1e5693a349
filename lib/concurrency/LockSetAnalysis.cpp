//===- LockSetAnalysis.cpp - which mutexes are held at each statement -------===//
#include "mapsafety/concurrency/LockSetAnalysis.h"
#include "LockTransfer.h"
#include "mapsafety/support/AnalysisSession.h"
#include "mapsafety/support/Declarations.h"
#include "mapsafety/support/SourceText.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/FlowSensitive/DataflowWorklist.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Support/raw_ostream.h"

#define DEBUG_TYPE "mapsafety-lockset"

using namespace clang;

namespace mapsafety {

// Counted in every build (a release LLVM compiles plain STATISTICs out);
// printed by `clang-tidy -stats` where LLVM prints statistics. Its
// constructor stores three string literals and cannot throw.
// NOLINTNEXTLINE(bugprone-throwing-static-initialization)
ALWAYS_ENABLED_STATISTIC(NumBudgetHits,
                         "Lock-set analyses stopped on their budget (their answers are unknown)");

// ---- LockSet ---------------------------------------------------------------

LockSet LockSet::unknown() {
  LockSet S;
  S.Indeterminate = true;
  return S;
}

const HeldLock *LockSet::find(const ContainerPath &Mutex) const {
  for (const HeldLock &L : Locks)
    if (!L.Unknown && L.Mutex == Mutex)
      return &L;
  return nullptr;
}

bool LockSet::holdsUnknown() const {
  return Indeterminate || llvm::any_of(Locks, [](const HeldLock &L) { return L.Unknown; });
}

void LockSet::add(const HeldLock &L) {
  if (!L.Unknown)
    llvm::erase_if(Released, [&](const ContainerPath &M) { return M == L.Mutex; });
  for (HeldLock &Existing : Locks)
    if (Existing.Unknown == L.Unknown && Existing.Mutex == L.Mutex &&
        (!L.Unknown || Existing.Guard == L.Guard)) {
      Existing = L;
      return;
    }
  Locks.push_back(L);
}

void LockSet::remove(const ContainerPath &Mutex) {
  llvm::erase_if(Locks, [&](const HeldLock &L) { return L.Mutex == Mutex; });
}

void LockSet::release(const ContainerPath &Mutex) {
  remove(Mutex);
  if (!llvm::is_contained(Released, Mutex))
    Released.push_back(Mutex);
}

void LockSet::removeGuard(const VarDecl *Guard) {
  llvm::erase_if(Locks, [&](const HeldLock &L) { return L.Guard == Guard; });
}

void LockSet::moveGuard(const VarDecl *From, const VarDecl *To) {
  LockSet Moved;
  for (const HeldLock &L : Locks)
    if (L.Guard == From) {
      HeldLock N = L;
      N.Guard = To;
      Moved.add(N);
    }
  removeGuard(From);
  unionWith(Moved);
}

void LockSet::intersect(const LockSet &Other) {
  Indeterminate |= Other.Indeterminate;
  for (const ContainerPath &M : Other.Released)
    if (!llvm::is_contained(Released, M))
      Released.push_back(M);
  llvm::erase_if(Locks, [&](HeldLock &L) {
    if (L.Unknown)
      return !llvm::any_of(Other.Locks,
                           [&](const HeldLock &O) { return O.Unknown && O.Guard == L.Guard; });
    const HeldLock *O = Other.find(L.Mutex);
    if (!O)
      return true;
    L.Shared |= O->Shared;
    if (L.Guard != O->Guard)
      L.Guard = nullptr;
    return false;
  });
}

void LockSet::unionWith(const LockSet &Other) {
  Indeterminate |= Other.Indeterminate;
  for (const HeldLock &L : Other.Locks)
    if (!find(L.Mutex) && (L.Unknown || !llvm::is_contained(Released, L.Mutex)))
      Locks.push_back(L);
}

bool LockSet::operator==(const LockSet &Other) const {
  if (Locks.size() != Other.Locks.size() || Indeterminate != Other.Indeterminate ||
      Released.size() != Other.Released.size() ||
      !llvm::all_of(Released,
                    [&](const ContainerPath &M) { return llvm::is_contained(Other.Released, M); }))
    return false;
  for (const HeldLock &L : Locks) {
    // Unknown locks have no mutex to look up: they match by guard.
    bool Same = llvm::any_of(Other.Locks, [&](const HeldLock &O) {
      return O.Unknown == L.Unknown && O.Shared == L.Shared && O.Guard == L.Guard &&
             (L.Unknown || O.Mutex == L.Mutex);
    });
    if (!Same)
      return false;
  }
  return true;
}

// ---- attributes --------------------------------------------------------------

std::vector<const Expr *> capabilityArguments(const NamedDecl *D, llvm::StringRef Which) {
  std::vector<const Expr *> Args;
  auto Take = [&](auto Range) {
    for (const Expr *E : Range)
      Args.push_back(E);
  };
  if (Which == "acquire" || Which == "acquire_shared") {
    for (const auto *A : D->specific_attrs<AcquireCapabilityAttr>())
      if (A->isShared() == (Which == "acquire_shared"))
        Take(A->args());
    for (const auto *A : D->specific_attrs<AssertCapabilityAttr>())
      if (A->isShared() == (Which == "acquire_shared"))
        Take(A->args());
  } else if (Which == "release") {
    for (const auto *A : D->specific_attrs<ReleaseCapabilityAttr>())
      Take(A->args());
  } else if (Which == "requires" || Which == "requires_shared") {
    for (const auto *A : D->specific_attrs<RequiresCapabilityAttr>())
      if (A->isShared() == (Which == "requires_shared"))
        Take(A->args());
  }
  return Args;
}

std::string printedName(const Expr *E, ASTContext &Ctx) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  E->IgnoreParenImpCasts()->printPretty(OS, nullptr, Ctx.getPrintingPolicy());
  OS.flush();
  if (Text.rfind("this->", 0) == 0)
    Text = Text.substr(6);
  return Text;
}

std::optional<HeldLock> lockNamedBy(const Expr *Capability, ASTContext &Ctx) {
  const Expr *E = Capability->IgnoreParenImpCasts();
  std::optional<ContainerPath> P =
      E->getType()->isPointerType() ? resolvePointee(E, Ctx) : resolveObject(E, Ctx);
  if (!P)
    return std::nullopt;
  HeldLock L;
  L.Mutex = *P;
  L.Spelling = E;
  L.SpellingIsPrinted = true;
  return L;
}

std::string lockName(const HeldLock &L, ASTContext &Ctx) {
  if (L.Synthetic)
    return L.Synthetic;
  if (!L.Spelling)
    return "";
  std::string Name;
  if (L.SpellingIsPrinted) {
    Name = printedName(L.Spelling, Ctx);
  } else {
    Name = displayText(L.Spelling, Ctx);
    if (L.Spelling->getType()->isPointerType() && Name.size() > 1 && Name[0] == '&')
      Name = Name.substr(1);
  }
  return L.Owner ? displayText(L.Owner, Ctx) + "." + Name : Name;
}

// ---- the dataflow ------------------------------------------------------------

LockSetAnalysis::LockSetAnalysis(const FunctionCFG &Function, const LockModel &Model,
                                 ASTContext &Ctx, LockSet Entry, unsigned BudgetPerBlock,
                                 llvm::function_ref<bool(const CallExpr *)> EndsPath)
    : Function(Function), Apply(std::make_unique<Transfer>(Model, Ctx)) {
  if (!Function.valid())
    return;
  const CFG &G = Function.cfg();
  if (EndsPath)
    for (const CFGBlock *B : G) {
      unsigned Index = 0;
      for (const CFGElement &E : *B) {
        auto S = E.getAs<CFGStmt>();
        const auto *Call = S ? dyn_cast<CallExpr>(S->getStmt()) : nullptr;
        if (Call && EndsPath(Call)) {
          DeadAfter.try_emplace(B, Index);
          break;
        }
        ++Index;
      }
    }
  PostOrderCFGView Order(&G);
  ForwardDataflowWorklist Work(G, &Order);
  llvm::DenseMap<const CFGBlock *, LockSet> Out;
  EntrySets[&G.getEntry()] = std::move(Entry);
  Work.enqueueBlock(&G.getEntry());
  // Sets only shrink under intersection, so this settles; the budget guards
  // against pathological CFGs, and running out of it makes every answer unknown.
  unsigned long Budget = static_cast<unsigned long>(BudgetPerBlock) * G.size() + 64;
  while (const CFGBlock *B = Work.dequeue()) {
    if (Budget-- == 0) {
      Complete = false;
      ++NumBudgetHits;
      break;
    }
    if (B != &G.getEntry())
      EntrySets[B] = joinPredecessors(*B, Out);
    // A call that never returns ends every path through this block: nothing
    // flows on from it (what only it reaches stays unreached, so unknown).
    if (DeadAfter.count(B))
      continue;
    LockSet Set = EntrySets[B];
    Apply->elements(*B, 0, B->size(), Set);
    auto It = Out.find(B);
    if (It != Out.end() && It->second == Set)
      continue;
    Out[B] = std::move(Set);
    Work.enqueueSuccessors(B);
  }
}

LockSetAnalysis::~LockSetAnalysis() = default;

LockSet
LockSetAnalysis::joinPredecessors(const CFGBlock &B,
                                  const llvm::DenseMap<const CFGBlock *, LockSet> &Out) const {
  // Predecessors not reached yet are left out: optimistic, like Clang's
  // thread-safety analysis; they join in when the worklist reaches them.
  std::optional<LockSet> In;
  for (const CFGBlock::AdjacentBlock &P : B.preds()) {
    const CFGBlock *Pred = P.getReachableBlock();
    auto PredOut = Pred ? Out.find(Pred) : Out.end();
    if (PredOut == Out.end())
      continue;
    LockSet FromPred = PredOut->second;
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &S : Pred->succs()) {
      if (S.getReachableBlock() == &B) {
        Apply->edge(*Pred, Index, FromPred);
        break;
      }
      ++Index;
    }
    if (!In)
      In = std::move(FromPred);
    else
      In->intersect(FromPred);
  }
  return In.value_or(LockSet());
}

LockSet LockSetAnalysis::heldAt(const Stmt *S) const {
  auto [Block, Index] = Function.locate(S);
  if (!Block) {
    const FunctionParents &Parents = Function.parents();
    bool InFunction = S == Function.body() || Parents.parent(S) || Parents.isMemberInitializer(S);
    return InFunction ? LockSet() : LockSet::unknown();
  }
  auto It = EntrySets.find(Block);
  if (!Complete || It == EntrySets.end())
    return LockSet::unknown();
  auto Dead = DeadAfter.find(Block);
  if (Dead != DeadAfter.end() && Index > Dead->second)
    return LockSet::unknown(); // after a call that never returns
  // Replaying a block from its start for every query is quadratic in the
  // block's length (a function of thousands of lock scopes): keep the set at
  // every Stride-th element, computed on the first query into the block.
  constexpr unsigned Stride = 16;
  std::vector<LockSet> &Marks = Checkpoints[Block];
  if (Marks.empty()) {
    LockSet Set = It->second;
    Marks.push_back(Set);
    for (unsigned I = Stride; I <= Block->size(); I += Stride) {
      Apply->elements(*Block, I - Stride, I, Set);
      Marks.push_back(Set);
    }
  }
  unsigned Mark = std::min<unsigned>(Index / Stride, Marks.size() - 1);
  LockSet Set = Marks[Mark];
  Apply->elements(*Block, Mark * Stride, Index, Set);
  return Set;
}

// ---- per translation unit ------------------------------------------------------

FunctionLockSets::FunctionLockSets(AnalysisSession &Session, const LockModel &Model)
    : Session(Session), Model(Model) {}

FunctionLockSets &FunctionLockSets::in(AnalysisSession &Session, const LockModel &Model) {
  return Session.partFor<FunctionLockSets>(
      {&Model}, [&] { return std::make_unique<FunctionLockSets>(Session, Model); });
}

const LockSetAnalysis *FunctionLockSets::of(const Decl *F) {
  std::unique_ptr<LockSetAnalysis> &Slot = Analyses[F];
  if (!Slot) {
    const FunctionCFG *G = Session.cfg(F);
    if (!G || !G->valid())
      return nullptr;
    Slot = std::make_unique<LockSetAnalysis>(
        *G, Model, Session.context(), LockSet(), 32,
        [&](const CallExpr *Call) { return neverReturns(Call->getDirectCallee()); });
  }
  return Slot.get();
}

bool FunctionLockSets::neverReturns(const FunctionDecl *Callee) {
  if (!Callee)
    return false;
  if (Callee->isNoReturn())
    return true;
  auto [It, New] = NeverReturns.try_emplace(Callee->getCanonicalDecl(), false);
  if (!New)
    return It->second;
  // One call down, and only where the call cannot reach another body: a
  // virtual method may be overridden by one that returns.
  const FunctionDecl *Def = userDefinition(Callee, Session.context().getSourceManager());
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Def);
  if (!Def || (MD && MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
               !MD->getParent()->hasAttr<FinalAttr>()))
    return false;
  const FunctionCFG *G = Session.cfg(Def);
  bool Ends = G && G->neverReturns();
  NeverReturns[Callee->getCanonicalDecl()] = Ends;
  return Ends;
}

unsigned lockSetBudgetHits() { return NumBudgetHits.getValue(); }

LockSet FunctionLockSets::heldAt(const Decl *F, const Stmt *S) {
  const LockSetAnalysis *A = of(F);
  return A ? A->heldAt(S) : LockSet::unknown();
}

} // namespace mapsafety
