//===- GuardEscape.cpp - guarded maps that leave the scope of their lock ------===//
#include "mapsafety/concurrency/GuardEscape.h"
#include "CallerLocks.h"
#include "GuardEscapeSupport.h"
#include "mapsafety/support/AnalysisSession.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace mapsafety {

namespace guard_escape {
/// A `this`-rooted member or a map with static storage: what outlives a call.
bool isLongLived(const ContainerPath &P) {
  return (P.isThisRooted() && !P.Fields.empty() && !P.RootIsPointee) || isStaticStorage(P);
}

std::optional<ContainerPath> mutexInCaller(const ContainerPath &M, const CallExpr *Call,
                                           ASTContext &Ctx) {
  if (!M.isThisRooted())
    return M;
  const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
  if (!MC)
    return std::nullopt;
  const Expr *Obj = MC->getImplicitObjectArgument()->IgnoreParenImpCasts();
  if (isa<CXXThisExpr>(Obj))
    return M;
  std::optional<ContainerPath> Base =
      Obj->getType()->isPointerType() ? resolvePointee(Obj, Ctx) : resolveObject(Obj, Ctx);
  if (!Base)
    return std::nullopt;
  Base->Fields.append(M.Fields.begin(), M.Fields.end());
  return Base;
}

} // namespace guard_escape

using namespace guard_escape;

namespace {
const HeldLock *scopedLock(const LockSet &Held) {
  if (Held.holdsUnknown())
    return nullptr;
  for (const HeldLock &L : Held.locks())
    if (L.Guard)
      return &L;
  return nullptr;
}
} // namespace

struct GuardEscapeAnalysis::Impl {
  Impl(AnalysisSession &Session, const ContainerModel &Containers, const LockModel &Locks,
       GuardEscapeOptions Options)
      : Session(Session), Containers(Containers), Options(std::move(Options)),
        Ctx(Session.context()), LockSets(FunctionLockSets::in(Session, Locks)),
        Summaries(FunctionSummaries::in(Session, Containers)),
        Callers(CallerLocks::in(Session, Summaries, LockSets)),
        Snapshots(Containers, Locks, this->Options, LockSets, Ctx) {
    // Lambdas too: a lambda that returns a reference under its own guard leaks it.
    for (const FunctionDecl *F : Session.definitions())
      if (F->hasBody() && F->isThisDeclarationADefinition() && !F->isDependentContext())
        Functions.push_back(F);
  }

  AnalysisSession &Session;
  const ContainerModel &Containers;
  GuardEscapeOptions Options;
  ASTContext &Ctx;
  FunctionLockSets &LockSets;
  FunctionSummaries &Summaries;
  CallerLocks &Callers;
  ShallowSnapshotFinder Snapshots;
  std::vector<const FunctionDecl *> Functions;
  std::optional<std::vector<EscapingReference>> Escapes;
  const FunctionParents *Current = nullptr; ///< the caller findUses is in

  LockSet heldAt(const Decl *F, const Stmt *S) { return LockSets.heldAt(F, S); }

  bool isContainer(QualType T) const { return Containers.classify(T).has_value(); }

  /// S's parent statement in the caller being looked at; for a variable's
  /// initializer, the DeclStmt.
  const Stmt *parentOf(const Stmt *S) { return Current ? Current->parent(S) : nullptr; }

  /// The expression E stands for once parentheses, casts and temporaries around
  /// it are passed: its first parent that is none of those.
  const Stmt *userOf(const Expr *E, const Expr *&Used) {
    Used = E;
    const Stmt *P = parentOf(E);
    while (P &&
           (isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P) || isa<MaterializeTemporaryExpr>(P) ||
            isa<CXXBindTemporaryExpr>(P) || isa<ExprWithCleanups>(P))) {
      Used = cast<Expr>(P);
      P = parentOf(P);
    }
    return P;
  }

  // ---- escaping references ---------------------------------------------------

  std::vector<EscapingReference> findEscapes() {
    std::vector<EscapingReference> Out;
    for (const FunctionDecl *F : Functions) {
      QualType R = F->getReturnType();
      bool ReturnsRef = R->isReferenceType() && isContainer(R.getNonReferenceType());
      bool ReturnsPtr = R->isPointerType() && isContainer(R->getPointeeType());
      forEachStmt(F->getBody(), [&](const Stmt *S) {
        if (const auto *Ret = dyn_cast<ReturnStmt>(S);
            Ret && Ret->getRetValue() && (ReturnsRef || ReturnsPtr)) {
          const Expr *V = ignoreCastsAndTemporaries(Ret->getRetValue());
          std::optional<ContainerPath> Map =
              ReturnsRef ? resolveObject(V, Ctx) : resolvePointee(V, Ctx);
          if (Map && isLongLived(*Map))
            add(Out, F,
                ReturnsRef ? EscapingReference::Kind::ReturnedReference
                           : EscapingReference::Kind::ReturnedPointer,
                Ret->getRetValue(), V, *Map,
                ReturnsRef ? R.getNonReferenceType().isConstQualified()
                           : R->getPointeeType().isConstQualified());
        }
        if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->getOpcode() == BO_Assign)
          storedPointer(Out, F, BO);
      });
    }
    return Out;
  }

  /// A map declared const is never written: no lock is needed to read it.
  static bool isConstObject(const ContainerPath &Map) {
    const ValueDecl *D = Map.Fields.empty() ? Map.Root : Map.Fields.back();
    return D && D->getType().isConstQualified();
  }

  void add(std::vector<EscapingReference> &Out, const FunctionDecl *F, EscapingReference::Kind How,
           const Expr *Escaping, const Expr *MapExpr, const ContainerPath &Map, bool ToConst) {
    // The option is about getters: a stored pointer outlives the guard either way.
    bool Getter = How != EscapingReference::Kind::StoredPointer;
    if ((Getter && ToConst && !Options.ReportConstReferences) || isConstObject(Map))
      return;
    EscapingReference E;
    E.How = How;
    E.Function = F;
    E.Escaping = Escaping;
    E.Map = Map;
    E.MapExpr = MapExpr;
    E.ToConst = ToConst;
    LockSet Held = heldAt(F, Escaping);
    if (const HeldLock *L = scopedLock(Held)) {
      E.Lock = *L;
      Out.push_back(std::move(E));
    } else if (Getter && returnedUnlocked(E, Held)) {
      // No guard ends here; the reference leaves without the writers' guard.
      Out.push_back(std::move(E));
    }
  }

  /// The mutex every write of Map (a member or static, in its own frame)
  /// holds exclusively in the functions of the TU, with one such write;
  /// nothing when a write skips it, a write's locks are unknown, or nothing
  /// writes it. Constructors and destructors run alone and are left out.
  std::vector<std::pair<ContainerPath, std::optional<std::pair<HeldLock, const Stmt *>>>>
      GuardsOfWrites; ///< guardOfWrites, per map asked about

  std::optional<std::pair<HeldLock, const Stmt *>> guardOfWrites(const ContainerPath &Map) {
    for (const auto &Known : GuardsOfWrites)
      if (Known.first == Map)
        return Known.second;
    std::optional<std::pair<HeldLock, const Stmt *>> Guard = findGuardOfWrites(Map);
    GuardsOfWrites.emplace_back(Map, Guard);
    return Guard;
  }

  std::optional<std::pair<HeldLock, const Stmt *>> findGuardOfWrites(const ContainerPath &Map) {
    std::optional<std::pair<HeldLock, const Stmt *>> Guard;
    for (const FunctionDecl *F : Functions) {
      if (isa<CXXConstructorDecl>(F) || isa<CXXDestructorDecl>(F))
        continue;
      for (const MapAccess &A : Summaries.of(F).Accesses) {
        if (A.Kind != AccessKind::Write || A.Path != Map)
          continue;
        LockSet Held = heldAt(F, A.Site);
        Held.unionWith(Callers.atEntry(F));
        if (Held.isUnknown() || Held.holdsUnknown())
          return std::nullopt;
        if (!Guard) {
          for (const HeldLock &L : Held.locks())
            if (!L.Shared && !L.Synthetic && L.Spelling) {
              Guard.emplace(L, A.Site);
              break;
            }
          if (!Guard)
            return std::nullopt;
          continue;
        }
        const HeldLock *Same = Held.find(Guard->first.Mutex);
        if (!Same || Same->Shared)
          return std::nullopt;
      }
    }
    return Guard;
  }

  /// `return m_;` (by reference or pointer) without the mutex that guards
  /// m_'s writes, where not every caller holds it either: fills in E's guard.
  bool returnedUnlocked(EscapingReference &E, LockSet Held) {
    Held.unionWith(Callers.atEntry(E.Function));
    if (Held.isUnknown() || Held.holdsUnknown())
      return false;
    std::optional<std::pair<HeldLock, const Stmt *>> Guard = guardOfWrites(E.Map);
    if (!Guard || Held.find(Guard->first.Mutex))
      return false;
    E.Lock = Guard->first;
    E.Unlocked = true;
    E.GuardedWrite = Guard->second;
    return true;
  }

  /// `ptr_ = &m_;` under a guard, into something that outlives the guard.
  void storedPointer(std::vector<EscapingReference> &Out, const FunctionDecl *F,
                     const BinaryOperator *BO) {
    QualType T = BO->getRHS()->getType();
    if (!T->isPointerType() || !isContainer(T->getPointeeType()))
      return;
    const Expr *RHS = ignoreCastsAndTemporaries(BO->getRHS());
    std::optional<ContainerPath> Map = resolvePointee(RHS, Ctx);
    if (!Map || !isLongLived(*Map))
      return;
    LockSet Held = heldAt(F, BO);
    const HeldLock *L = scopedLock(Held);
    if (!L)
      return;
    const Expr *LHS = ignoreCastsAndTemporaries(BO->getLHS());
    bool Outlives = isa<MemberExpr>(LHS);
    if (const auto *DRE = dyn_cast<DeclRefExpr>(LHS))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        Outlives = V->hasGlobalStorage() || Ctx.getSourceManager().isBeforeInTranslationUnit(
                                                V->getLocation(), L->Guard->getLocation());
    if (Outlives)
      add(Out, F, EscapingReference::Kind::StoredPointer, RHS, RHS, *Map,
          T->getPointeeType().isConstQualified());
  }

  // ---- uses after release ----------------------------------------------------

  /// A call of member M on the container Object denotes: a write when it
  /// changes the structure (for the container's own family), else a read.
  AccessKind memberAccess(const CXXMethodDecl *M, const Expr *Object) const {
    QualType OT = Object->getType();
    std::optional<ContainerTraits> T =
        Containers.classify(OT->isPointerType() ? OT->getPointeeType() : OT);
    MutationKind K = T ? Containers.classifyMemberCall(M, *T) : Containers.classifyMemberCall(M);
    return K == MutationKind::None ? AccessKind::Read : AccessKind::Write;
  }

  /// How the map a use denotes is used by its parent, if it is a whole-map use.
  std::optional<std::pair<AccessKind, const Stmt *>> classifyUse(const Expr *Use) {
    const Expr *Used = nullptr;
    const Stmt *P = userOf(Use, Used);
    if (!P)
      return std::nullopt;
    if (const auto *U = dyn_cast<UnaryOperator>(P); U && U->getOpcode() == UO_Deref)
      return classifyUse(U); // *reg.find_map()
    if (const auto *RF = dyn_cast<CXXForRangeStmt>(P))
      if (RF->getRangeInit() &&
          ignoreCastsAndTemporaries(RF->getRangeInit()) == ignoreCastsAndTemporaries(Use))
        return std::make_pair(AccessKind::Iterate, static_cast<const Stmt *>(RF));
    // The range-for's hidden `auto &&__range = <use>;`.
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      if (const Stmt *Up = parentOf(DS))
        if (const auto *RF = dyn_cast<CXXForRangeStmt>(Up); RF && RF->getRangeStmt() == DS)
          return std::make_pair(AccessKind::Iterate, static_cast<const Stmt *>(RF));
      return std::nullopt;
    }
    if (const auto *C = dyn_cast<CXXConstructExpr>(P);
        C && C->getConstructor()->isCopyConstructor() && isContainer(C->getType()))
      return std::make_pair(AccessKind::Copy, static_cast<const Stmt *>(C));
    if (const auto *ME = dyn_cast<MemberExpr>(P))
      if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(parentOf(ME)))
        if (const CXXMethodDecl *M = MC->getMethodDecl())
          return std::make_pair(memberAccess(M, Used), static_cast<const Stmt *>(MC));
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P);
        Op && Op->getNumArgs() >= 1 &&
        ignoreCastsAndTemporaries(Op->getArg(0)) == ignoreCastsAndTemporaries(Use)) {
      // A map's operator[] inserts; a sequence's operators say what they do
      // (`v[i]` reads the structure, `s += x` appends).
      std::optional<ContainerTraits> T = Containers.classify(Used->getType());
      const auto *M = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
      return std::make_pair(T && T->isSequence() && M ? memberAccess(M, Used) : AccessKind::Write,
                            static_cast<const Stmt *>(Op));
    }
    return std::nullopt;
  }

  std::vector<UseAfterRelease> findUses(const std::vector<EscapingReference> &Escaping) {
    std::vector<UseAfterRelease> Out;
    llvm::DenseMap<const FunctionDecl *, const EscapingReference *> Returning;
    for (const EscapingReference &E : Escaping)
      if (E.How != EscapingReference::Kind::StoredPointer)
        Returning.try_emplace(E.Function->getCanonicalDecl(), &E);
    if (Returning.empty())
      return Out;
    for (const FunctionDecl *Caller : Functions) {
      Current = &Session.parents(Caller);
      forEachStmt(Caller->getBody(), [&](const Stmt *S) {
        const auto *Call = dyn_cast<CallExpr>(S);
        if (!Call || !Call->getDirectCallee())
          return;
        auto It = Returning.find(Call->getDirectCallee()->getCanonicalDecl());
        if (It == Returning.end() || It->second->Function == Caller)
          return;
        std::optional<ContainerPath> Mutex = mutexInCaller(It->second->Lock.Mutex, Call, Ctx);
        if (!Mutex)
          return;
        for (const Expr *Use : usesOf(Call))
          if (auto Kind = classifyUse(Use)) {
            LockSet Held = heldAt(Caller, Use); // an expression: a CFG element, unlike a loop
            if (Held.holdsUnknown() || Held.find(*Mutex))
              continue;
            Out.push_back({Call, Kind->second, Kind->first, It->second});
          }
      });
    }
    Current = nullptr;
    return Out;
  }

  /// The call itself, or the uses of a local reference bound to it.
  std::vector<const Expr *> usesOf(const CallExpr *Call) {
    const Expr *Used = nullptr;
    const Stmt *P = userOf(Call, Used);
    const auto *DS = dyn_cast_or_null<DeclStmt>(P);
    if (!DS || !DS->isSingleDecl())
      return {Call};
    if (const auto *RF = dyn_cast_or_null<CXXForRangeStmt>(parentOf(DS));
        RF && RF->getRangeStmt() == DS)
      return {Call}; // the loop's hidden __range

    const auto *V = dyn_cast<VarDecl>(DS->getSingleDecl());
    if (!V || !V->getType()->isReferenceType() || V->isCXXForRangeDecl())
      return {Call};
    std::vector<const Expr *> Uses;
    if (const FunctionDecl *F = dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod()))
      forEachStmt(F->getBody(), [&](const Stmt *S) {
        if (const auto *DRE = dyn_cast<DeclRefExpr>(S); DRE && DRE->getDecl() == V)
          Uses.push_back(DRE);
      });
    return Uses;
  }
};

GuardEscapeAnalysis::GuardEscapeAnalysis(AnalysisSession &Session, const ContainerModel &Containers,
                                         const LockModel &Locks, GuardEscapeOptions Options)
    : P(std::make_unique<Impl>(Session, Containers, Locks, std::move(Options))) {}

GuardEscapeAnalysis::~GuardEscapeAnalysis() = default;

const std::vector<EscapingReference> &GuardEscapeAnalysis::escapingReferences() {
  if (!P->Escapes)
    P->Escapes = P->findEscapes();
  return *P->Escapes;
}

std::vector<UseAfterRelease> GuardEscapeAnalysis::usesAfterRelease() {
  return P->findUses(escapingReferences());
}

std::vector<SnapshotWrite> GuardEscapeAnalysis::snapshotWrites() {
  return P->Snapshots.find(P->Functions);
}

bool GuardEscapeAnalysis::isShallow(QualType T) const { return P->Snapshots.isShallow(T); }

} // namespace mapsafety
