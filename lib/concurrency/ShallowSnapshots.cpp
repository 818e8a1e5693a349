//===- ShallowSnapshots.cpp - snapshots of maps of pointers, written through ---===//
//
// A local map copied from a guarded map under its lock is private; what its
// values point to is not. Finds such snapshots (by copy, copy assignment, or a
// getter of the TU that returns a copy taken under its lock) and the writes
// through their values made without that lock. Part of GuardEscapeAnalysis.
//
//===----------------------------------------------------------------------===//
#include "GuardEscapeSupport.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include <functional>

using namespace clang;

namespace mapsafety::guard_escape {

namespace {
/// Members of a map that return an iterator into it.
bool isIteratorGetter(llvm::StringRef Name) {
  return Name == "find" || Name == "begin" || Name == "lower_bound" || Name == "upper_bound";
}

/// The qualified name of T's class, or of its template for a specialization
/// (`std::shared_ptr` for `std::shared_ptr<Conn>`); empty when T is no class.
/// MC calls a method named Name.
bool calls(const CXXMemberCallExpr *MC, llvm::StringRef Name) {
  const CXXMethodDecl *M = MC->getMethodDecl();
  return M && M->getIdentifier() && M->getName() == Name;
}

const HeldLock *anyIdentifiedLock(const LockSet &Held) {
  if (Held.holdsUnknown() || Held.locks().empty())
    return nullptr;
  return &Held.locks().front();
}

/// The mapped type of a map-like container (its `mapped_type` member).
QualType mappedTypeOf(QualType Container) {
  const CXXRecordDecl *RD = Container.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return QualType();
  for (const NamedDecl *D :
       RD->getDefinition()->lookup(&RD->getASTContext().Idents.get("mapped_type")))
    if (const auto *T = dyn_cast<TypedefNameDecl>(D))
      return T->getUnderlyingType();
  return QualType();
}

/// The object S modifies: the left side of an assignment, the operand of
/// ++/--, the object of a non-const member call.
const Expr *mutatedObject(const Stmt *S) {
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
    return BO->getLHS();
  if (const auto *U = dyn_cast<UnaryOperator>(S); U && U->isIncrementDecrementOp())
    return U->getSubExpr();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
    OverloadedOperatorKind K = Op->getOperator();
    bool Mutates = K == OO_Equal || K == OO_PlusEqual || K == OO_MinusEqual || K == OO_StarEqual ||
                   K == OO_PlusPlus || K == OO_MinusMinus || K == OO_PipeEqual || K == OO_AmpEqual;
    const auto *M = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
    if (Op->getNumArgs() >= 1 && (Mutates || (M && !M->isConst() && K != OO_Arrow && K != OO_Star)))
      return Op->getArg(0);
    return nullptr;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
    if (const CXXMethodDecl *M = MC->getMethodDecl();
        M && !M->isConst() && !isa<CXXConversionDecl>(M))
      return MC->getImplicitObjectArgument();
  return nullptr;
}

bool pointerOperand(const Expr *Base, const std::function<bool(const Expr *)> &IsValue) {
  const Expr *B = ignoreCastsAndTemporaries(Base);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(B); Op && Op->getOperator() == OO_Arrow)
    return IsValue(Op->getArg(0));
  return IsValue(B);
}

/// Target is (a member of) the object a value points to: `v->x`, `*v`,
/// `v.get()` of a reference_wrapper, `v->a.b`, or `v` itself when it is a
/// raw pointer used as the object of an arrow call.
bool throughValue(const Expr *Target, const std::function<bool(const Expr *)> &IsValue) {
  const Expr *E = ignoreCastsAndTemporaries(Target);
  while (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (ME->isArrow())
      return pointerOperand(ME->getBase(), IsValue);
    E = ignoreCastsAndTemporaries(ME->getBase());
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref)
    return IsValue(U->getSubExpr());
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && (Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow) &&
      Op->getNumArgs() == 1)
    return IsValue(Op->getArg(0));
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E); MC && calls(MC, "get"))
    return IsValue(MC->getImplicitObjectArgument());
  return false;
}
} // namespace

struct ShallowSnapshotFinder::Snapshot {
  const VarDecl *Var;
  const Expr *CopiedFrom;
  ContainerPath Map;
  HeldLock Lock;           ///< named as at the copy
  ContainerPath MutexHere; ///< the lock's mutex in the snapshot's function
};

/// A local initialised with a copy of a map taken under a lock, directly or
/// by a function of the TU that returns such a copy.
std::optional<ShallowSnapshotFinder::Snapshot>
ShallowSnapshotFinder::snapshotOf(const FunctionDecl *F, const VarDecl *V) {
  if (!V->isLocalVarDecl() || V->getType()->isReferenceType() || !V->getInit() ||
      !isContainer(V->getType()) || !isShallow(mappedTypeOf(V->getType())))
    return std::nullopt;
  const Expr *Init = ignoreCastsAndTemporaries(V->getInit());
  if (const auto *C = dyn_cast<CXXConstructExpr>(Init);
      C && C->getNumArgs() == 1 && C->getConstructor()->isCopyOrMoveConstructor())
    Init = ignoreCastsAndTemporaries(C->getArg(0));
  if (const auto *Call = dyn_cast<CallExpr>(Init)) {
    const FunctionDecl *G = Call->getDirectCallee();
    const FunctionDecl *Def = nullptr;
    if (!G || !G->hasBody(Def) || !Def || Def->getReturnType()->isReferenceType())
      return std::nullopt;
    std::optional<Snapshot> Inner;
    forEachStmt(Def->getBody(), [&](const Stmt *S) {
      if (const auto *Ret = dyn_cast<ReturnStmt>(S); Ret && Ret->getRetValue() && !Inner)
        Inner = copyUnderLock(Def, Ret->getRetValue());
    });
    if (!Inner)
      return std::nullopt;
    std::optional<ContainerPath> Mutex = mutexInCaller(Inner->Lock.Mutex, Call, Ctx);
    if (!Mutex)
      return std::nullopt;
    Inner->Var = V;
    Inner->MutexHere = *Mutex;
    return Inner;
  }
  std::optional<Snapshot> S = copyUnderLock(F, V->getInit());
  if (S)
    S->Var = V;
  return S;
}

/// Copied is a copy of a long-lived map made while a lock is held in F.
std::optional<ShallowSnapshotFinder::Snapshot>
ShallowSnapshotFinder::copyUnderLock(const FunctionDecl *F, const Expr *Copied) {
  const Expr *E = ignoreCastsAndTemporaries(Copied);
  if (const auto *C = dyn_cast<CXXConstructExpr>(E);
      C && C->getNumArgs() == 1 && C->getConstructor()->isCopyConstructor())
    E = ignoreCastsAndTemporaries(C->getArg(0));
  if (!isContainer(E->getType()) || !E->isLValue())
    return std::nullopt;
  std::optional<ContainerPath> Map = resolveObject(E, Ctx);
  if (!Map || !isLongLived(*Map))
    return std::nullopt;
  LockSet Held = LockSets.heldAt(F, Copied);
  const HeldLock *L = anyIdentifiedLock(Held);
  if (!L)
    return std::nullopt;
  return Snapshot{nullptr, E, *Map, *L, L->Mutex};
}

std::vector<SnapshotWrite>
ShallowSnapshotFinder::find(llvm::ArrayRef<const FunctionDecl *> Functions) {
  std::vector<SnapshotWrite> Out;
  for (const FunctionDecl *F : Functions) {
    std::vector<Snapshot> Snaps;
    forEachStmt(F->getBody(), [&](const Stmt *S) {
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (const auto *V = dyn_cast<VarDecl>(D))
            if (std::optional<Snapshot> Snap = snapshotOf(F, V))
              Snaps.push_back(std::move(*Snap));
      // snap = m_; (a local declared earlier, assigned under the lock)
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
          Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
        if (const auto *DRE = dyn_cast<DeclRefExpr>(ignoreCastsAndTemporaries(Op->getArg(0))))
          if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
              V && V->isLocalVarDecl() && !V->getType()->isReferenceType() &&
              isShallow(mappedTypeOf(V->getType())))
            if (std::optional<Snapshot> Snap = copyUnderLock(F, Op->getArg(1))) {
              Snap->Var = V;
              Snaps.push_back(std::move(*Snap));
            }
    });
    for (const Snapshot &Snap : Snaps)
      for (const Expr *W : writesThroughValues(F, Snap.Var)) {
        LockSet Held = LockSets.heldAt(F, W);
        if (Held.holdsUnknown() || Held.find(Snap.MutexHere))
          continue;
        Out.push_back({W, Snap.Var, Snap.CopiedFrom, Snap.Map, Snap.Lock});
      }
  }
  return Out;
}

/// Writes in F to objects that Snap's values point to.
std::vector<const Expr *> ShallowSnapshotFinder::writesThroughValues(const FunctionDecl *F,
                                                                     const VarDecl *Snap) {
  // The expressions that denote a value of Snap: `v` of `for (auto &[k, v] : snap)`,
  // `kv.second` of `for (auto &kv : snap)`, `snap[k]`, `snap.at(k)`, and
  // locals initialised from one of those.
  llvm::DenseSet<const ValueDecl *> ValueVars, PairVars, IteratorVars;
  auto NamesSnap = [&](const Expr *E) {
    const auto *DRE = dyn_cast<DeclRefExpr>(ignoreCastsAndTemporaries(E));
    return DRE && DRE->getDecl() == Snap;
  };
  std::function<bool(const Expr *)> IsValueOfSnap = [&](const Expr *E) {
    E = ignoreCastsAndTemporaries(E);
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return ValueVars.count(DRE->getDecl()) > 0;
    if (const auto *ME = dyn_cast<MemberExpr>(E);
        ME && ME->getMemberDecl()->getIdentifier() && ME->getMemberDecl()->getName() == "second") {
      const Expr *Base = ignoreCastsAndTemporaries(ME->getBase());
      // it->second: the base is it.operator->()
      if (const auto *Arrow = dyn_cast<CXXOperatorCallExpr>(Base);
          ME->isArrow() && Arrow && Arrow->getOperator() == OO_Arrow)
        Base = ignoreCastsAndTemporaries(Arrow->getArg(0));
      const auto *DRE = dyn_cast<DeclRefExpr>(Base);
      return DRE && (ME->isArrow() ? IteratorVars : PairVars).count(DRE->getDecl()) > 0;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
      return NamesSnap(Op->getArg(0));
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E); MC && calls(MC, "at"))
      return NamesSnap(MC->getImplicitObjectArgument());
    return false;
  };
  forEachStmt(F->getBody(), [&](const Stmt *S) {
    if (const auto *RF = dyn_cast<CXXForRangeStmt>(S);
        RF && RF->getRangeInit() && NamesSnap(RF->getRangeInit())) {
      const VarDecl *LV = RF->getLoopVariable();
      if (const auto *DD = dyn_cast<DecompositionDecl>(LV)) {
        if (DD->bindings().size() == 2)
          ValueVars.insert(DD->bindings()[1]);
      } else {
        PairVars.insert(LV);
      }
    }
    const auto *DS = dyn_cast<DeclStmt>(S);
    if (const auto *V = DS && DS->isSingleDecl() ? dyn_cast<VarDecl>(DS->getSingleDecl()) : nullptr)
      if (V->getInit()) {
        if (isShallow(V->getType().getNonReferenceType()) && IsValueOfSnap(V->getInit()))
          ValueVars.insert(V);
        // auto it = snap.find(k); it->second->...
        if (const auto *MC = dyn_cast<CXXMemberCallExpr>(ignoreCopies(V->getInit())))
          if (const CXXMethodDecl *M = MC->getMethodDecl();
              M && M->getIdentifier() && NamesSnap(MC->getImplicitObjectArgument()) &&
              isIteratorGetter(M->getName()))
            IteratorVars.insert(V);
      }
  });
  std::vector<const Expr *> Writes;
  forEachStmt(F->getBody(), [&](const Stmt *S) {
    const Expr *Target = mutatedObject(S);
    if (!Target)
      return;
    // `v->update()` on a raw pointer: the call's object is the pointer itself.
    bool ArrowCall =
        isa<CXXMemberCallExpr>(S) && Target->getType()->isPointerType() && IsValueOfSnap(Target);
    if ((ArrowCall || throughValue(Target, IsValueOfSnap)) && !isThreadSafeWrite(S, Target))
      Writes.push_back(cast<Expr>(S));
  });
  return Writes;
}

/// Writes the pointed-to object synchronises itself: std::atomic members, a
/// mutex, or a method that takes a lock of its own (`session->close()`
/// locking the session's mutex).
bool ShallowSnapshotFinder::isThreadSafeWrite(const Stmt *S, const Expr *Target) {
  QualType T = ignoreCastsAndTemporaries(Target)->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  if (isSynchronised(T))
    return true;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    const FunctionDecl *Def = nullptr;
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (M && M->hasBody(Def) && Def && takesALock(Def->getBody()))
      return true;
  }
  return false;
}

bool ShallowSnapshotFinder::isSynchronised(QualType T) const {
  std::string Name = classOrTemplateName(T.getNonReferenceType()->getAsCXXRecordDecl());
  if (Name.empty())
    return false;
  return Name == "std::atomic" || Name == "std::atomic_flag" || Name == "std::atomic_ref" ||
         Locks.isMutexType(T);
}

/// Body declares a lock guard or calls lock()/Lock() on a mutex.
bool ShallowSnapshotFinder::takesALock(const Stmt *Body) const {
  bool Found = false;
  forEachStmt(Body, [&](const Stmt *S) {
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D))
          Found |= Locks.guardKind(V->getType()).has_value();
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
      if (const Expr *Obj = MC->getImplicitObjectArgument()) {
        QualType OT = Obj->getType();
        if (OT->isPointerType())
          OT = OT->getPointeeType();
        Found |= Locks.isMutexType(OT);
      }
  });
  return Found;
}

bool ShallowSnapshotFinder::isShallow(QualType T) const {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType().getCanonicalType();
  if (T->isPointerType())
    return !T->getPointeeType()->isFunctionType();
  std::string Name = classOrTemplateName(T.getNonReferenceType()->getAsCXXRecordDecl());
  if (Name.empty())
    return false;
  for (const char *Known : {"std::shared_ptr", "std::weak_ptr", "std::reference_wrapper",
                            "std::basic_string_view", "std::span", "absl::Span", "gsl::span"})
    if (Name == Known)
      return true;
  if (llvm::is_contained(Options.ShallowMappedTypes, Name))
    return true;
  // Iterators into other containers.
  return llvm::StringRef(Name).contains_insensitive("iterator");
}

} // namespace mapsafety::guard_escape
