//===- ContainerIdentity.cpp - "is this the same container?" ---------------===//
#include "mapsafety/containers/ContainerIdentity.h"
#include "mapsafety/containers/ContainerModel.h"
#include "mapsafety/support/Declarations.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace mapsafety {

bool ContainerPath::isPrefixOf(const ContainerPath &Other) const {
  if (Root != Other.Root || RootIsPointee != Other.RootIsPointee ||
      Fields.size() > Other.Fields.size() || Keys.size() > Other.Keys.size())
    return false;
  for (size_t I = 0; I < Fields.size(); ++I)
    if (Fields[I] != Other.Fields[I])
      return false;
  // The prefix holds its own element steps, the first of Other's.
  for (size_t I = 0; I < Keys.size(); ++I)
    if (Keys[I] != Other.Keys[I])
      return false;
  return true;
}

bool ContainerPath::operator==(const ContainerPath &Other) const {
  return Fields.size() == Other.Fields.size() && isPrefixOf(Other);
}

std::optional<ContainerPath> rebase(const ContainerPath &Path, const ContainerPath &From,
                                    const ContainerPath &To) {
  if (!From.isPrefixOf(Path))
    return std::nullopt;
  ContainerPath Result = To;
  Result.Fields.append(Path.Fields.begin() + From.Fields.size(), Path.Fields.end());
  Result.Keys.append(Path.Keys.begin() + From.Keys.size(), Path.Keys.end());
  return Result;
}

namespace {
constexpr unsigned MaxDepth = 8;

bool isStdFunction(const CallExpr *Call, std::initializer_list<llvm::StringRef> Names) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier() || Call->getNumArgs() != 1)
    return false;
  std::string Q = qualifiedNameWithoutInlineNamespaces(FD);
  for (llvm::StringRef N : Names)
    if (Q == ("std::" + N).str())
      return true;
  return false;
}

bool isSmartPointer(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  std::string Name = qualifiedNameWithoutInlineNamespaces(RD);
  return Name == "std::shared_ptr" || Name == "std::unique_ptr";
}

bool isReferenceWrapper(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() &&
         qualifiedNameWithoutInlineNamespaces(RD) == "std::reference_wrapper";
}

/// The body of the function, method or lambda that declares V (a lambda's
/// locals and init-captures belong to its call operator).
const Stmt *enclosingBody(const VarDecl *V) {
  const auto *F = dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod());
  return F ? F->getBody() : nullptr;
}

/// True when some use of pointer V in S (whose parent, parens skipped, is
/// Parent) can change V itself: anything but reading its value.
bool pointerMayChange(const Stmt *S, const Stmt *Parent, const VarDecl *V) {
  if (!S)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S); DRE && DRE->getDecl() == V) {
    const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(Parent);
    return !Cast || Cast->getCastKind() != CK_LValueToRValue;
  }
  const Stmt *ChildParent = isa<ParenExpr>(S) ? Parent : S;
  for (const Stmt *Child : S->children())
    if (pointerMayChange(Child, ChildParent, V))
      return true;
  return false;
}

/// True when some use of smart pointer V in S can make it point elsewhere:
/// assignment, reset/swap/release, or moving from it. (ExprMutationAnalyzer
/// also counts `sp->insert()`, which changes the pointee, not the pointer.)
bool smartPointerMayChange(const Stmt *S, const Stmt *Parent, const VarDecl *V) {
  if (!S)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S); DRE && DRE->getDecl() == V) {
    if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Parent))
      return Op->getOperator() == OO_Equal && Op->getArg(0)->IgnoreParenImpCasts() == DRE;
    if (const auto *ME = dyn_cast_or_null<MemberExpr>(Parent)) {
      const auto *M = ME->getMemberDecl();
      return M->getIdentifier() &&
             (M->getName() == "reset" || M->getName() == "swap" || M->getName() == "release");
    }
    if (const auto *Call = dyn_cast_or_null<CallExpr>(Parent))
      return isStdFunction(Call, {"move", "swap", "exchange"});
    return false;
  }
  const Stmt *ChildParent = isa<ParenExpr, ImplicitCastExpr>(S) ? Parent : S;
  for (const Stmt *Child : S->children())
    if (smartPointerMayChange(Child, ChildParent, V))
      return true;
  return false;
}

bool isReassignedLocal(const VarDecl *V, ASTContext &Ctx) {
  if (V->getType().isConstQualified())
    return false;
  const Stmt *Body = enclosingBody(V);
  if (!Body)
    return true;
  // ExprMutationAnalyzer counts `p->erase()` as a use that may change p; for
  // pointers only a write to p itself matters here.
  if (V->getType()->isPointerType())
    return pointerMayChange(Body, nullptr, V);
  if (isSmartPointer(V->getType()))
    return smartPointerMayChange(Body, nullptr, V);
  return ExprMutationAnalyzer(*Body, Ctx).isMutated(V);
}

std::optional<ContainerPath> resolveObjectImpl(const Expr *E, ASTContext &Ctx, unsigned Depth,
                                               ResolveOptions Opts);
std::optional<ContainerPath> resolvePointeeImpl(const Expr *E, ASTContext &Ctx, unsigned Depth,
                                                ResolveOptions Opts);

/// The expression of the only return statement in Body; null when there
/// are several (or none).
const Expr *onlyReturnValue(const Stmt *Body) {
  const Expr *Value = nullptr;
  unsigned Returns = 0;
  llvm::SmallVector<const Stmt *, 16> Work{Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (const auto *R = dyn_cast<ReturnStmt>(S)) {
      ++Returns;
      Value = R->getRetValue();
    }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  return Returns == 1 ? Value : nullptr;
}

/// With Accessors: what a call of a reference- (Pointee: pointer-)
/// returning function of the TU denotes, from its single return statement.
std::optional<ContainerPath> accessedObject(const CallExpr *Call, bool Pointee, ASTContext &Ctx,
                                            unsigned Depth, ResolveOptions Opts) {
  const FunctionDecl *Def = userDefinition(Call->getDirectCallee(), Ctx.getSourceManager());
  QualType Returned = Def ? Def->getReturnType() : QualType();
  if (!Opts.Accessors || !Def ||
      !(Pointee ? Returned->isPointerType() : Returned->isLValueReferenceType()))
    return std::nullopt;
  const Expr *Value = onlyReturnValue(Def->getBody());
  if (!Value)
    return std::nullopt;
  // In the callee's frame: its locals name nothing the caller can see.
  ResolveOptions InCallee = Opts;
  InCallee.ElementRoots = false;
  InCallee.Elements = nullptr; // its keys would be the callee's variables
  std::optional<ContainerPath> Inner = Pointee ? resolvePointeeImpl(Value, Ctx, Depth + 1, InCallee)
                                               : resolveObjectImpl(Value, Ctx, Depth + 1, InCallee);
  if (!Inner)
    return std::nullopt;
  // A member operator's object is its first argument.
  const auto *Method = dyn_cast<CXXMethodDecl>(Def);
  bool ObjectIsArg0 = isa<CXXOperatorCallExpr>(Call) && Method && !Method->isStatic();
  std::optional<ContainerPath> From;
  if (Inner->isThisRooted()) {
    const Expr *Object = nullptr;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      Object = MC->getImplicitObjectArgument();
    else if (ObjectIsArg0)
      Object = Call->getArg(0);
    if (!Object)
      return std::nullopt;
    From = Object->getType()->isPointerType() ? resolvePointeeImpl(Object, Ctx, Depth + 1, Opts)
                                              : resolveObjectImpl(Object, Ctx, Depth + 1, Opts);
  } else if (const auto *P = dyn_cast<ParmVarDecl>(Inner->Root)) {
    unsigned Index = P->getFunctionScopeIndex() + (ObjectIsArg0 ? 1 : 0);
    if (P->getDeclContext() != Def || Index >= Call->getNumArgs())
      return std::nullopt;
    const Expr *Arg = Call->getArg(Index);
    if (Inner->RootIsPointee && P->getType()->isPointerType())
      From = resolvePointeeImpl(Arg, Ctx, Depth + 1, Opts);
    else if (!Inner->RootIsPointee && P->getType()->isReferenceType())
      From = resolveObjectImpl(Arg, Ctx, Depth + 1, Opts);
    else
      return std::nullopt; // a by-value parameter: a copy
  } else if (const auto *V = dyn_cast<VarDecl>(Inner->Root); V && V->hasGlobalStorage()) {
    return Inner;
  } else {
    return std::nullopt;
  }
  if (!From)
    return std::nullopt;
  From->Fields.append(Inner->Fields.begin(), Inner->Fields.end());
  From->Keys.append(Inner->Keys.begin(), Inner->Keys.end());
  return From;
}

/// The key k of `C.at(k)` / `C[k]` as an ElementKey, when it provably keeps
/// its value: a literal, an enumerator, a variable not modified in its
/// function (not a reference to a mutable object), or a const binding.
std::optional<ElementKey> elementKey(const Expr *K, ASTContext &Ctx) {
  K = ignoreCopies(K);
  // A key converted by a constructor whose other arguments are defaults:
  // std::string from "default".
  while (const auto *C = dyn_cast<CXXConstructExpr>(K)) {
    if (C->getNumArgs() < 1 || !llvm::all_of(llvm::drop_begin(C->arguments()), [](const Expr *A) {
          return isa<CXXDefaultArgExpr>(A);
        }))
      break;
    K = ignoreCopies(C->getArg(0));
  }
  ElementKey Key;
  if (const auto *I = dyn_cast<IntegerLiteral>(K)) {
    Key.Literal = "i" + llvm::toString(I->getValue(), 10, /*Signed=*/false);
    return Key;
  }
  if (const auto *C = dyn_cast<CharacterLiteral>(K)) {
    Key.Literal = "c" + std::to_string(C->getValue());
    return Key;
  }
  if (const auto *S = dyn_cast<StringLiteral>(K)) {
    Key.Literal = "s" + S->getBytes().str();
    return Key;
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(K);
  if (!DRE)
    return std::nullopt;
  const ValueDecl *D = DRE->getDecl();
  QualType T = D->getType();
  bool Keeps = false;
  if (isa<EnumConstantDecl>(D))
    Keeps = true;
  else if (isa<BindingDecl>(D))
    Keeps = T.isConstQualified();
  else if (const auto *V = dyn_cast<VarDecl>(D))
    Keeps = (!T->isReferenceType() || T.getNonReferenceType().isConstQualified()) &&
            (T.getNonReferenceType().isConstQualified() ||
             ((V->isLocalVarDecl() || isa<ParmVarDecl>(V)) && !isReassignedLocal(V, Ctx)));
  if (!Keeps)
    return std::nullopt;
  Key.Var = D;
  return Key;
}

/// With Elements: `C.at(k)`, `C[k]`, `p->at(k)` of a container the model
/// knows, as C's path with an element step keyed k.
std::optional<ContainerPath> keyedElement(const Expr *E, ASTContext &Ctx, unsigned Depth,
                                          ResolveOptions Opts) {
  const Expr *Object = nullptr, *Key = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (M && M->getIdentifier() && M->getName() == "at" && MC->getNumArgs() == 1) {
      Object = MC->getImplicitObjectArgument();
      Key = MC->getArg(0);
    }
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
             Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2) {
    Object = Op->getArg(0);
    Key = Op->getArg(1);
  }
  if (!Object)
    return std::nullopt;
  bool IsPointer = Object->getType()->isPointerType();
  QualType T = IsPointer ? Object->getType()->getPointeeType() : Object->getType();
  if (!Opts.Elements->classify(T))
    return std::nullopt;
  std::optional<ElementKey> K = elementKey(Key, Ctx);
  if (!K)
    return std::nullopt;
  std::optional<ContainerPath> Base = IsPointer ? resolvePointeeImpl(Object, Ctx, Depth + 1, Opts)
                                                : resolveObjectImpl(Object, Ctx, Depth + 1, Opts);
  if (!Base)
    return std::nullopt;
  Base->Fields.push_back(nullptr);
  Base->Keys.push_back(std::move(*K));
  return Base;
}

/// With ElementRoots: `*it` / `it->` of a local iterator variable (a class
/// type, not a smart pointer) is rooted at the iterator's pointee.
std::optional<ContainerPath> iteratorPointee(const Expr *E, ResolveOptions Opts) {
  const auto *DRE = dyn_cast<DeclRefExpr>(ignoreCastsAndTemporaries(E));
  const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!Opts.ElementRoots || !V || !V->isLocalVarDecl() || isa<ParmVarDecl>(V) ||
      !V->getType()->isRecordType() || isSmartPointer(V->getType()))
    return std::nullopt;
  ContainerPath P;
  P.Root = V;
  P.RootIsPointee = true;
  return P;
}

std::optional<ContainerPath> resolvePointeeImpl(const Expr *E, ASTContext &Ctx, unsigned Depth,
                                                ResolveOptions Opts) {
  if (!E || Depth > MaxDepth)
    return std::nullopt;
  E = ignoreCastsAndTemporaries(E);
  if (isa<CXXThisExpr>(E))
    return ContainerPath{};
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() == UO_AddrOf)
      return resolveObjectImpl(U->getSubExpr(), Ctx, Depth + 1, Opts);
    return std::nullopt;
  }
  // sp.operator->(), it.operator->()
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Arrow && Op->getNumArgs() == 1) {
    if (std::optional<ContainerPath> P = iteratorPointee(Op->getArg(0), Opts))
      return P;
    return resolvePointeeImpl(Op->getArg(0), Ctx, Depth + 1, Opts);
  }
  // libstdc++ declares shared_ptr::get() in a base class: look past the cast to it.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E);
      MC && Opts.Accessors &&
      isSmartPointer(MC->getImplicitObjectArgument()->IgnoreParenImpCasts()->getType()) &&
      MC->getMethodDecl() && MC->getMethodDecl()->getIdentifier() &&
      MC->getMethodDecl()->getName() == "get")
    return resolvePointeeImpl(MC->getImplicitObjectArgument(), Ctx, Depth + 1, Opts);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (isStdFunction(Call, {"addressof"}))
      return resolveObjectImpl(Call->getArg(0), Ctx, Depth + 1, Opts);
    return accessedObject(Call, /*Pointee=*/true, Ctx, Depth, Opts);
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E); DRE && !isSmartPointer(E->getType())) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V || !V->getType()->isPointerType())
      return std::nullopt;
    if (isa<ParmVarDecl>(V) || !V->isLocalVarDecl()) {
      if (isa<ParmVarDecl>(V) || V->getType().isConstQualified() || V->isStaticDataMember() ||
          V->hasGlobalStorage()) {
        ContainerPath P;
        P.Root = V;
        P.RootIsPointee = true;
        return P;
      }
      return std::nullopt;
    }
    // A local pointer is an alias only while nobody reassigns it.
    if (isReassignedLocal(V, Ctx))
      return std::nullopt;
    if (const Expr *Init = V->getInit())
      return resolvePointeeImpl(Init, Ctx, Depth + 1, Opts);
    return std::nullopt;
  }
  // smart-pointer variables or members: like raw pointers.
  if (isSmartPointer(E->getType())) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
      if (!V || (V->isLocalVarDecl() && !isa<ParmVarDecl>(V) && isReassignedLocal(V, Ctx)))
        return std::nullopt;
      ContainerPath P;
      P.Root = V;
      P.RootIsPointee = true;
      return P;
    }
    if (isa<MemberExpr>(E))
      return resolveObjectImpl(E, Ctx, Depth + 1, Opts);
    return std::nullopt;
  }
  if (isa<MemberExpr>(E) && E->getType()->isPointerType()) {
    // The pointee of a pointer member is named by the member's own path: a
    // pointer field can never be a container itself.
    return resolveObjectImpl(E, Ctx, Depth + 1, Opts);
  }
  return std::nullopt;
}

std::optional<ContainerPath> resolveWrapped(const Expr *Wrapper, ASTContext &Ctx, unsigned Depth,
                                            ResolveOptions Opts) {
  Wrapper = ignoreCastsAndTemporaries(Wrapper);
  if (const auto *Call = dyn_cast<CallExpr>(Wrapper))
    if (isStdFunction(Call, {"ref", "cref"}))
      return resolveObjectImpl(Call->getArg(0), Ctx, Depth + 1, Opts);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Wrapper))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      if (V->isLocalVarDecl() && V->getInit() && !isReassignedLocal(V, Ctx))
        return resolveWrapped(V->getInit(), Ctx, Depth + 1, Opts);
  return std::nullopt;
}

/// `std::get<I>(t)` of a std::tuple or std::pair: the element step of t
/// keyed by I (ElementKey::Literal "get:I"); nullopt for anything else.
std::optional<ContainerPath> tupleElement(const CallExpr *Call, ASTContext &Ctx, unsigned Depth,
                                          ResolveOptions Opts) {
  const FunctionDecl *F = Call->getDirectCallee();
  const TemplateArgumentList *Args = F ? F->getTemplateSpecializationArgs() : nullptr;
  if (!isStdFunction(Call, {"get"}) || !Args || Args->size() < 1 ||
      Args->get(0).getKind() != TemplateArgument::Integral)
    return std::nullopt;
  const auto *RD = Call->getArg(0)->getType().getNonReferenceType()->getAsCXXRecordDecl();
  std::string Record = RD && RD->getIdentifier() ? qualifiedNameWithoutInlineNamespaces(RD) : "";
  if (Record != "std::tuple" && Record != "std::pair")
    return std::nullopt;
  std::optional<ContainerPath> P = resolveObjectImpl(Call->getArg(0), Ctx, Depth + 1, Opts);
  if (!P)
    return std::nullopt;
  P->Fields.push_back(nullptr);
  P->Keys.push_back({nullptr, "get:" + llvm::toString(Args->get(0).getAsIntegral(), 10)});
  return P;
}

std::optional<ContainerPath> resolveObjectImpl(const Expr *E, ASTContext &Ctx, unsigned Depth,
                                               ResolveOptions Opts) {
  if (!E || Depth > MaxDepth)
    return std::nullopt;
  E = ignoreCastsAndTemporaries(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    // A structured binding names one object for as long as it is in scope.
    if (const auto *B = dyn_cast<BindingDecl>(DRE->getDecl()); B && Opts.ElementRoots) {
      ContainerPath P;
      P.Root = B;
      return P;
    }
    // Else what it is bound to: `auto &[table, n] = t` names std::get<0>(t).
    if (const auto *B = dyn_cast<BindingDecl>(DRE->getDecl()))
      return B->getBinding() ? resolveObjectImpl(B->getBinding(), Ctx, Depth + 1, Opts)
                             : std::nullopt;
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V)
      return std::nullopt;
    if (V->getType()->isReferenceType() && !isa<ParmVarDecl>(V)) {
      // A reference cannot be reseated: it denotes what it was bound to, and
      // when that cannot be named (`*__begin` of a range-for), itself.
      std::optional<ContainerPath> Bound =
          V->getInit() ? resolveObjectImpl(V->getInit(), Ctx, Depth + 1, Opts) : std::nullopt;
      if (!Bound && Opts.ElementRoots && V->isLocalVarDecl()) {
        Bound = ContainerPath{};
        Bound->Root = V;
      }
      return Bound;
    }
    ContainerPath P;
    P.Root = V;
    return P;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *Static = dyn_cast<VarDecl>(ME->getMemberDecl())) {
      ContainerPath P;
      P.Root = Static;
      return P;
    }
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD)
      return std::nullopt;
    std::optional<ContainerPath> Base =
        ME->isArrow() ? resolvePointeeImpl(ME->getBase(), Ctx, Depth + 1, Opts)
                      : resolveObjectImpl(ME->getBase(), Ctx, Depth + 1, Opts);
    if (!Base)
      return std::nullopt;
    Base->Fields.push_back(FD);
    return Base;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() == UO_Deref)
      return resolvePointeeImpl(U->getSubExpr(), Ctx, Depth + 1, Opts);
    return std::nullopt;
  }
  // *it for an iterator variable
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Star && Op->getNumArgs() == 1)
    if (std::optional<ContainerPath> P = iteratorPointee(Op->getArg(0), Opts))
      return P;
  // *sp for a smart pointer
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Star && Op->getNumArgs() == 1 &&
      // libstdc++ declares operator* in a base class: look past the cast to it.
      isSmartPointer(Op->getArg(0)->IgnoreParenImpCasts()->getType()))
    return resolvePointeeImpl(Op->getArg(0), Ctx, Depth + 1, Opts);
  if (Opts.Elements && isa<CXXMemberCallExpr, CXXOperatorCallExpr>(E))
    if (std::optional<ContainerPath> P = keyedElement(E, Ctx, Depth, Opts))
      return P;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    // reference_wrapper<T>::get() and its conversion to T&.
    if (isReferenceWrapper(MC->getImplicitObjectArgument()->getType()))
      return resolveWrapped(MC->getImplicitObjectArgument(), Ctx, Depth + 1, Opts);
    return accessedObject(MC, /*Pointee=*/false, Ctx, Depth, Opts);
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (isStdFunction(Call, {"ref", "cref", "as_const", "move"}))
      return resolveObjectImpl(Call->getArg(0), Ctx, Depth + 1, Opts);
    if (std::optional<ContainerPath> P = tupleElement(Call, Ctx, Depth, Opts))
      return P;
    return accessedObject(Call, /*Pointee=*/false, Ctx, Depth, Opts);
  }
  return std::nullopt;
}
} // namespace

const Expr *ignoreCastsAndTemporaries(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E))
      E = Cleanups->getSubExpr();
    else if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *Cast = dyn_cast<CXXNamedCastExpr>(E);
             Cast && isa<CXXConstCastExpr, CXXStaticCastExpr>(Cast) &&
             (Cast->getType()->isReferenceType() || Cast->isGLValue() ||
              Cast->getType()->isPointerType()))
      E = Cast->getSubExpr();
    else
      return E;
  }
  return E;
}

const Expr *movedObject(const Expr *E) {
  E = ignoreCastsAndTemporaries(E);
  if (const auto *Cast = dyn_cast<CXXStaticCastExpr>(E))
    return Cast->getType()->isRValueReferenceType() || Cast->isXValue()
               ? Cast->getSubExpr()->IgnoreParenImpCasts()
               : nullptr;
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call || Call->getNumArgs() != 1 || !Call->getDirectCallee() ||
      qualifiedNameWithoutInlineNamespaces(Call->getDirectCallee()) != "std::move")
    return nullptr;
  return Call->getArg(0)->IgnoreParenImpCasts();
}

const Expr *ignoreCopies(const Expr *E) {
  while (E) {
    E = ignoreCastsAndTemporaries(E);
    if (const auto *C = dyn_cast<CXXConstructExpr>(E); C && C->getNumArgs() == 1)
      E = C->getArg(0);
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E))
      E = F->getSubExpr();
    else
      return E;
  }
  return E;
}

const ValueDecl *referencedDecl(const Expr *E) {
  const auto *Ref = E ? dyn_cast<DeclRefExpr>(ignoreCopies(E)->IgnoreParenImpCasts()) : nullptr;
  return Ref ? Ref->getDecl() : nullptr;
}

const Expr *initializerOfUnmodifiedLocal(const VarDecl *V, ASTContext &Ctx) {
  if (!V || !V->isLocalVarDecl() || !V->getInit() || isReassignedLocal(V, Ctx))
    return nullptr;
  return V->getInit();
}

std::optional<ContainerPath> resolveObject(const Expr *E, ASTContext &Ctx, ResolveOptions Opts) {
  return resolveObjectImpl(E, Ctx, 0, Opts);
}

std::optional<ContainerPath> resolvePointee(const Expr *E, ASTContext &Ctx, ResolveOptions Opts) {
  return resolvePointeeImpl(E, Ctx, 0, Opts);
}

} // namespace mapsafety
