//===- MemberTargets.cpp - what a copied object's pointer members reach -----===//
#include "MemberTargets.h"
#include "mapsafety/concurrency/ThreadModel.h"
#include "mapsafety/support/Declarations.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace mapsafety {

namespace {
bool isSwapOrExchange(const FunctionDecl *F) {
  if (!F || !F->getIdentifier())
    return false;
  std::string Name = qualifiedNameWithoutInlineNamespaces(F);
  return Name == "std::swap" || Name == "std::exchange";
}

/// E names V or one of its members (`c`, `c.a`, `c.in.a`).
bool namesLocal(const Expr *E, const VarDecl *V) {
  E = E->IgnoreParenImpCasts();
  for (const auto *ME = dyn_cast<MemberExpr>(E); ME && !ME->isArrow(); ME = dyn_cast<MemberExpr>(E))
    E = ME->getBase()->IgnoreParenImpCasts();
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  return DRE && DRE->getDecl() == V;
}

bool isNonConstReference(QualType T) {
  return T->isReferenceType() && !T.getNonReferenceType().isConstQualified();
}

/// S may change V (or a member of it): an assignment, a step, its address
/// taken, a non-const method, a non-const reference bound to it, or an
/// argument for a non-const reference parameter of anything but a launcher
/// that copies its arguments.
bool mayModifyLocal(const Stmt *S, const VarDecl *V) {
  if (const auto *B = dyn_cast<BinaryOperator>(S))
    return B->isAssignmentOp() && namesLocal(B->getLHS(), V);
  if (const auto *U = dyn_cast<UnaryOperator>(S))
    return (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf) &&
           namesLocal(U->getSubExpr(), V);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
    if (namesLocal(MC->getImplicitObjectArgument(), V))
      return !MC->getMethodDecl() || !MC->getMethodDecl()->isConst();
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    return llvm::any_of(DS->decls(), [&](const Decl *D) {
      const auto *Ref = dyn_cast<VarDecl>(D);
      return Ref && Ref->getInit() && isNonConstReference(Ref->getType()) &&
             namesLocal(Ref->getInit(), V);
    });
  const FunctionDecl *Callee = nullptr;
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    Callee = Call->getDirectCallee();
    Args = llvm::ArrayRef<const Expr *>(Call->getArgs(), Call->getNumArgs());
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    Callee = Construct->getConstructor();
    Args = llvm::ArrayRef<const Expr *>(Construct->getArgs(), Construct->getNumArgs());
  }
  // A member operator's object is its first argument.
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
  unsigned Shift = isa<CXXOperatorCallExpr>(S) && Method && !Method->isStatic() ? 1 : 0;
  for (unsigned I = 0; I < Args.size(); ++I) {
    if (!namesLocal(Args[I], V))
      continue;
    if (!Callee)
      return true;
    if (Shift && I == 0)
      return !Method->isConst();
    if (I - Shift < Callee->getNumParams() &&
        isNonConstReference(Callee->getParamDecl(I - Shift)->getType()) &&
        !ThreadModel::copiesArguments(Callee))
      return true;
  }
  return false;
}

/// The local V keeps the value its initializer gave it (see mayModifyLocal).
/// ExprMutationAnalyzer counts `std::thread t(work, c)` as a possible
/// mutation of c (a forwarding reference); the launchers only copy.
bool keepsInitialValue(const VarDecl *V) {
  const auto *F = dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod());
  if (!F || !F->getBody() || !V->isLocalVarDecl())
    return false;
  bool Modified = false;
  forEachStmt(F->getBody(), [&](const Stmt *S) { Modified = Modified || mayModifyLocal(S, V); });
  return !Modified;
}

/// Original, or when it names a local that still holds its initial value,
/// that initializer; null for a local that may have changed.
const Expr *throughUnmodifiedLocal(const Expr *Original, ASTContext &Ctx) {
  const Expr *E = ignoreCallableCopies(Original);
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  if (!DRE)
    return E;
  const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
  const Expr *Init = initializerOfUnmodifiedLocal(V, Ctx);
  if (!Init && V && V->getInit() && keepsInitialValue(V))
    Init = V->getInit();
  return Init ? ignoreCallableCopies(Init) : nullptr;
}

/// How Original was built: a braced aggregate, a constructor call, or the
/// initializer of a local that is never modified afterwards; null otherwise.
const Expr *constructionOf(const Expr *Original, ASTContext &Ctx) {
  const Expr *E = throughUnmodifiedLocal(Original, Ctx);
  return isa_and_nonnull<InitListExpr, CXXConstructExpr>(E) ? E : nullptr;
}

/// The object a pointer or reference member reaches when it is initialised
/// with Init, an expression of the launching frame.
std::optional<ContainerPath> targetOf(const FieldDecl *FD, const Expr *Init, ASTContext &Ctx) {
  return FD->getType()->isReferenceType() ? resolveObject(Init, Ctx) : resolvePointee(Init, Ctx);
}

/// What a constructor's member initializer (`m_(m)`, `p_(&m)`, `p_(p)`)
/// makes a pointer or reference member reach, in terms of the argument Call
/// passes for the parameter it names; Arg is set to that argument.
std::optional<ContainerPath> initializedTarget(const FieldDecl *FD, const Expr *Init,
                                               const CXXConstructExpr *Call, const Expr *&Arg,
                                               ASTContext &Ctx) {
  const Expr *E = ignoreCastsAndTemporaries(Init);
  std::optional<UnaryOperatorKind> Op;
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    Op = U->getOpcode();
    E = ignoreCastsAndTemporaries(U->getSubExpr());
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  if (!P || P->getDeclContext() != Call->getConstructor()->getDefinition() ||
      P->getFunctionScopeIndex() >= Call->getNumArgs())
    return std::nullopt;
  Arg = Call->getArg(P->getFunctionScopeIndex());
  bool ToReference = FD->getType()->isReferenceType();
  // A reference parameter names the argument's object: stored as a
  // reference, or as a pointer by taking its address.
  if (P->getType()->isReferenceType() && (ToReference ? !Op : Op == UO_AddrOf))
    return resolveObject(Arg, Ctx);
  // A pointer parameter reaches the argument's pointee: stored as a pointer,
  // or as a reference to what it points to.
  if (P->getType()->isPointerType() && (ToReference ? Op == UO_Deref : !Op))
    return resolvePointee(Arg, Ctx);
  return std::nullopt;
}

/// FD may be made to point elsewhere after construction: assigned, stepped,
/// swapped or its address taken in a method of its class or in Callable.
bool mayBeReseated(const FieldDecl *FD, const FunctionDecl *Callable) {
  if (FD->getType()->isReferenceType() || FD->getType().isConstQualified())
    return false;
  auto NamesField = [&](const Expr *E) {
    const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
    return ME && ME->getMemberDecl() == FD;
  };
  bool Reseated = false;
  auto Scan = [&](const Stmt *Body) {
    forEachStmt(Body, [&](const Stmt *S) {
      if (const auto *B = dyn_cast<BinaryOperator>(S); B && B->isAssignmentOp())
        Reseated |= NamesField(B->getLHS());
      else if (const auto *U = dyn_cast<UnaryOperator>(S);
               U && (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf))
        Reseated |= NamesField(U->getSubExpr());
      else if (const auto *Call = dyn_cast<CallExpr>(S);
               Call && isSwapOrExchange(Call->getDirectCallee()))
        Reseated |= llvm::any_of(Call->arguments(), NamesField);
    });
  };
  if (const auto *RD = dyn_cast<CXXRecordDecl>(FD->getParent()))
    for (const CXXMethodDecl *M : RD->methods()) {
      const FunctionDecl *Def = nullptr;
      if (M->hasBody(Def) && Def)
        Scan(Def->getBody());
    }
  if (Callable && Callable->getBody())
    Scan(Callable->getBody());
  return Reseated;
}
} // namespace

namespace {
/// Records the targets of the pointer and reference members of the object
/// Built constructs (a braced aggregate, a constructor call), reached from
/// the recorded object through Via; a member that is itself a struct built
/// by a nested braced list is followed into.
void addBuiltTargets(const Expr *Built, const ParmVarDecl *Key, const ContainerPath &Via,
                     ThreadEntry &Entry, ASTContext &Ctx, unsigned Depth = 0) {
  const CXXRecordDecl *RD = Built ? Built->getType()->getAsCXXRecordDecl() : nullptr;
  if (!RD || !RD->hasDefinition() || Depth > 3)
    return;
  auto Add = [&](const FieldDecl *FD, std::optional<ContainerPath> Target, const Expr *At) {
    if (!Target || !At || mayBeReseated(FD, Entry.Callable))
      return;
    ContainerPath Steps = Via;
    Steps.Fields.push_back(FD);
    Entry.MemberTargets.push_back({Key, Steps, *Target, At, FD->getType()->isReferenceType()});
  };
  auto PointsOut = [](const FieldDecl *FD) {
    return FD->getType()->isPointerType() || FD->getType()->isReferenceType();
  };
  if (const auto *List = dyn_cast<InitListExpr>(Built)) {
    unsigned I = 0;
    for (const FieldDecl *FD : RD->getDefinition()->fields()) {
      if (I >= List->getNumInits())
        break;
      const Expr *Init = List->getInit(I++);
      if (PointsOut(FD)) {
        Add(FD, targetOf(FD, Init, Ctx), Init);
      } else if (const auto *Inner = dyn_cast<InitListExpr>(ignoreCallableCopies(Init));
                 Inner && FD->getType()->isRecordType() && !mayBeReseated(FD, Entry.Callable)) {
        ContainerPath Deeper = Via;
        Deeper.Fields.push_back(FD);
        addBuiltTargets(Inner, Key, Deeper, Entry, Ctx, Depth + 1);
      }
    }
    return;
  }
  const auto *Call = dyn_cast<CXXConstructExpr>(Built);
  const auto *Ctor =
      Call ? dyn_cast_or_null<CXXConstructorDecl>(Call->getConstructor()->getDefinition())
           : nullptr;
  if (!Ctor)
    return;
  for (const CXXCtorInitializer *Init : Ctor->inits())
    if (const FieldDecl *FD = Init->getMember(); FD && Init->isWritten() && PointsOut(FD)) {
      const Expr *Arg = nullptr;
      Add(FD, initializedTarget(FD, Init->getInit(), Call, Arg, Ctx), Arg);
    }
}

/// The elements a std::tuple is built from: the arguments of
/// std::make_tuple, std::forward_as_tuple, std::tie or a std::tuple
/// constructor (not a copy), through a local initialised so and unmodified.
std::optional<llvm::SmallVector<const Expr *, 4>> tupleElements(const Expr *Original,
                                                                ASTContext &Ctx) {
  const Expr *E = throughUnmodifiedLocal(Original, Ctx);
  llvm::SmallVector<const Expr *, 4> Out;
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E)) {
    const FunctionDecl *F = Call->getDirectCallee();
    std::string Name = F && F->getIdentifier() ? qualifiedNameWithoutInlineNamespaces(F) : "";
    if (Name != "std::make_tuple" && Name != "std::forward_as_tuple" && Name != "std::tie")
      return std::nullopt;
    Out.append(Call->arg_begin(), Call->arg_end());
    return Out;
  }
  const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E);
  if (!Construct || Construct->getConstructor()->isCopyOrMoveConstructor())
    return std::nullopt;
  Out.append(Construct->arg_begin(), Construct->arg_end());
  return Out;
}

/// The reference elements of a std::tuple argument for Key: element I of
/// `std::tuple<Table &, int>` refers to what its I-th source names
/// (`std::ref(m)` or `m`), in every copy of the tuple.
void addTupleTargets(const Expr *Original, const ParmVarDecl *Key, ThreadEntry &Entry,
                     ASTContext &Ctx) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Key->getType().getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || classOrTemplateName(Spec) != "std::tuple" || Spec->getTemplateArgs().size() != 1 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Pack)
    return;
  llvm::ArrayRef<TemplateArgument> Types = Spec->getTemplateArgs()[0].pack_elements();
  std::optional<llvm::SmallVector<const Expr *, 4>> Sources = tupleElements(Original, Ctx);
  if (!Sources || Sources->size() != Types.size())
    return;
  for (unsigned I = 0; I < Types.size(); ++I) {
    if (Types[I].getKind() != TemplateArgument::Type || !Types[I].getAsType()->isReferenceType())
      continue;
    std::optional<ContainerPath> Target = resolveObject((*Sources)[I], Ctx);
    if (!Target)
      continue;
    ContainerPath Via;
    Via.Fields.push_back(nullptr);
    Via.Keys.push_back({nullptr, "get:" + std::to_string(I)});
    Entry.MemberTargets.push_back({Key, Via, *Target, (*Sources)[I], true});
  }
}
} // namespace

/// Records in Entry what the pointer and reference members of Original (the
/// object `this` is in the callable, Key null, or the argument of parameter
/// Key) reach in the launching frame, when Original is built in view.
void addMemberTargets(const Expr *Original, const ParmVarDecl *Key, ThreadEntry &Entry,
                      ASTContext &Ctx) {
  if (Key)
    addTupleTargets(Original, Key, Entry, Ctx);
  addBuiltTargets(constructionOf(Original, Ctx), Key, ContainerPath{}, Entry, Ctx);
}

} // namespace mapsafety
