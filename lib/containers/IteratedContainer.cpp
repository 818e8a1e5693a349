//===- IteratedContainer.cpp - which container does a loop iterate? --------===//
#include "mapsafety/containers/IteratedContainer.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace mapsafety {

namespace {
/// The object of `C.NAME()` or of `std::NAME(C)` where NAME satisfies IsName.
const Expr *callObject(const Expr *E, llvm::function_ref<bool(llvm::StringRef)> IsName) {
  E = ignoreCopies(E);
  auto Named = [&](const NamedDecl *D) { return D && D->getIdentifier() && IsName(D->getName()); };
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (MC->getNumArgs() == 0 && Named(MC->getMethodDecl()))
      return MC->getImplicitObjectArgument();
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (Call->getNumArgs() == 1 && Named(Call->getDirectCallee()))
      return Call->getArg(0);
  return nullptr;
}
} // namespace

const Expr *endCallObject(const Expr *E) {
  return callObject(E, [](llvm::StringRef N) {
    return N == "end" || N == "cend" || N == "rend" || N == "crend";
  });
}

const Expr *beginCallObject(const Expr *E) {
  return callObject(E, [](llvm::StringRef N) {
    return N == "begin" || N == "cbegin" || N == "rbegin" || N == "crbegin";
  });
}

namespace {
const VarDecl *localVar(const Expr *E) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(ignoreCopies(E)))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      if (V->isLocalVarDecl() && !V->getType()->isReferenceType())
        return V;
  return nullptr;
}

/// The two sides of `A != B` (builtin, overloaded, or C++20's rewritten form).
bool inequalitySides(const Expr *Cond, const Expr *&LHS, const Expr *&RHS) {
  if (!Cond)
    return false;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond)) {
    if (BO->getOpcode() != BO_NE)
      return false;
    LHS = BO->getLHS();
    RHS = BO->getRHS();
    return true;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Cond)) {
    if (Op->getOperator() != OO_ExclaimEqual || Op->getNumArgs() != 2)
      return false;
    LHS = Op->getArg(0);
    RHS = Op->getArg(1);
    return true;
  }
  if (const auto *Rewritten = dyn_cast<CXXRewrittenBinaryOperator>(Cond)) {
    // C++20 rewrites `a != b` to `!(a == b)`.
    if (Rewritten->getOpcode() != BO_NE)
      return false;
    LHS = Rewritten->getLHS();
    RHS = Rewritten->getRHS();
    return true;
  }
  return false;
}

/// Matches `it != END` / `END != it` where END is an end() call or a local
/// variable initialised with one. Returns the iterator variable and the container.
bool matchEndCondition(const Expr *LHS, const Expr *RHS, const VarDecl *&It,
                       const Expr *&Container) {
  for (int Swap = 0; Swap < 2; ++Swap, std::swap(LHS, RHS)) {
    const VarDecl *V = localVar(LHS);
    if (!V)
      continue;
    const Expr *Obj = endCallObject(RHS);
    if (!Obj)
      if (const VarDecl *EndVar = localVar(RHS); EndVar && EndVar->getInit())
        Obj = endCallObject(EndVar->getInit());
    if (Obj) {
      It = V;
      Container = Obj;
      return true;
    }
  }
  return false;
}

/// The value S gives V: its initializer when S declares V, the right side when
/// S is `V = X`; null otherwise.
const Expr *valueSetBy(const Stmt *S, const VarDecl *V) {
  if (!S)
    return nullptr;
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    return llvm::is_contained(DS->decls(), V) ? V->getInit() : nullptr;
  if (const auto *E = dyn_cast<Expr>(S))
    S = E->IgnoreImplicit(); // the temporaries' cleanups
  auto IsV = [&](const Expr *E) {
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return DRE && DRE->getDecl() == V;
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    return BO->getOpcode() == BO_Assign && IsV(BO->getLHS()) ? BO->getRHS() : nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
    return Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 && IsV(Op->getArg(0))
               ? Op->getArg(1)
               : nullptr;
  return nullptr;
}

/// The statement just before S in the block that holds it, or null.
const Stmt *previousStatement(const Stmt *S, const FunctionParents &Parents) {
  const auto *Block = dyn_cast_or_null<CompoundStmt>(Parents.parent(S));
  if (!Block)
    return nullptr;
  const Stmt *Previous = nullptr;
  for (const Stmt *Child : Block->body()) {
    if (Child == S)
      return Previous;
    Previous = Child;
  }
  return nullptr;
}

/// C when E is a position in C: `std::begin(C)` (or a reverse one), or a call
/// of C's member function that returns one of C's iterator types
/// (`C.begin()`, `C.find(k)`, `C.lower_bound(k)`...).
const Expr *positionObject(const Expr *E, ASTContext &Ctx) {
  if (const Expr *Obj = beginCallObject(E))
    return Obj;
  const auto *MC = dyn_cast<CXXMemberCallExpr>(ignoreCopies(E));
  const CXXRecordDecl *RD = MC ? MC->getRecordDecl() : nullptr;
  if (!RD)
    return nullptr;
  return isMemberTypeOf(
             MC->getType(), RD,
             {"iterator", "const_iterator", "reverse_iterator", "const_reverse_iterator"}, Ctx)
             ? MC->getImplicitObjectArgument()
             : nullptr;
}

/// `it != bound` where the bound is not an end (`it != marker`): the loop
/// still walks the container `it` starts in, when that is known for sure,
/// i.e. the loop's init statement, or else the statement right before the
/// loop, sets `it` to a position in C (positionObject). Returns the iterator
/// variable and C.
bool matchBoundedByOther(const Expr *LHS, const Expr *RHS, const Stmt *Loop, const Stmt *Init,
                         const FunctionParents *Parents, ASTContext &Ctx, const VarDecl *&It,
                         const Expr *&Container) {
  for (int Swap = 0; Swap < 2; ++Swap, std::swap(LHS, RHS)) {
    const VarDecl *V = localVar(LHS);
    if (!V)
      continue;
    const Expr *Start = valueSetBy(Init, V);
    // An init statement that does not set `it` may still change it.
    if (!Start && (!Init || isa<DeclStmt>(Init)) && Parents)
      Start = valueSetBy(previousStatement(Loop, *Parents), V);
    if (const Expr *Obj = Start ? positionObject(Start, Ctx) : nullptr) {
      It = V;
      Container = Obj;
      return true;
    }
  }
  return false;
}

/// The iterator variable and the container of an iterator loop's condition.
bool matchIteratorLoop(const Expr *Cond, const Stmt *Loop, const Stmt *Init,
                       const FunctionParents *Parents, ASTContext &Ctx, const VarDecl *&It,
                       const Expr *&Container) {
  const Expr *LHS = nullptr, *RHS = nullptr;
  if (!inequalitySides(Cond, LHS, RHS))
    return false;
  return matchEndCondition(LHS, RHS, It, Container) ||
         matchBoundedByOther(LHS, RHS, Loop, Init, Parents, Ctx, It, Container);
}

/// Maps declare mapped_type (directly or in a base); sets do not.
bool declaresMappedType(const CXXRecordDecl *RD, ASTContext &Ctx, unsigned Depth = 0) {
  if (!RD || !RD->hasDefinition() || Depth > 8)
    return false;
  RD = RD->getDefinition();
  if (!RD->lookup(&Ctx.Idents.get("mapped_type")).empty())
    return true;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (declaresMappedType(Base.getType()->getAsCXXRecordDecl(), Ctx, Depth + 1))
      return true;
  return false;
}
} // namespace

bool isMemberTypeOf(QualType T, const CXXRecordDecl *RD, llvm::ArrayRef<llvm::StringRef> Names,
                    ASTContext &Ctx, unsigned Depth) {
  if (!RD || !RD->hasDefinition() || Depth > 8)
    return false;
  RD = RD->getDefinition();
  QualType Wanted = Ctx.getCanonicalType(T).getUnqualifiedType();
  for (llvm::StringRef Name : Names)
    for (const NamedDecl *D : RD->lookup(&Ctx.Idents.get(Name)))
      if (const auto *TD = dyn_cast<TypeDecl>(D))
        if (Ctx.getCanonicalType(QualType(Ctx.getTypeDeclType(TD))).getUnqualifiedType() == Wanted)
          return true;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (isMemberTypeOf(T, Base.getType()->getAsCXXRecordDecl(), Names, Ctx, Depth + 1))
      return true;
  return false;
}

bool LoopIteration::namesIterator(const Expr *E) const {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? ignoreCopies(E) : nullptr);
  return DRE && !hidesIterator() && DRE->getDecl() == IteratorVar;
}

bool LoopIteration::namesIteratorPosition(const Expr *E) const {
  if (!E)
    return false;
  E = ignoreCopies(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->isPrefix())
    E = U->getSubExpr();
  else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
           Op && Op->getNumArgs() == 1 &&
           (Op->getOperator() == OO_PlusPlus || Op->getOperator() == OO_MinusMinus))
    E = Op->getArg(0);
  return namesIterator(E);
}

bool LoopIteration::isKeyOfCurrentElement(const Expr *E, ASTContext &Ctx,
                                          FrameBinding InLoopFrame) const {
  // X with what a helper's parameter in it is bound to in the loop's body.
  auto InLoop = [&](const Expr *X) {
    X = ignoreCopies(X);
    return InLoopFrame ? ignoreCopies(InLoopFrame(X)) : X;
  };
  if (!E)
    return false;
  E = InLoop(E);
  // `const int id = it->first; m.erase(id);`
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && V != LoopVar)
      if (const Expr *Init = initializerOfUnmodifiedLocal(V, Ctx))
        return !V->getType()->isPointerType() && isKeyOfCurrentElement(Init, Ctx, InLoopFrame);
  auto RefersTo = [&](const Expr *X, const ValueDecl *Var) {
    return Var && referencedDecl(InLoop(X)) == Var;
  };
  // `*it`, `it->first`, `(*it).first` for iterator loops.
  auto IsDerefOfIterator = [&](const Expr *X) {
    X = ignoreCopies(X);
    const Expr *Sub = nullptr;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(X)) {
      if ((Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow) && Op->getNumArgs() == 1)
        Sub = Op->getArg(0);
    } else if (const auto *U = dyn_cast<UnaryOperator>(X)) {
      if (U->getOpcode() == UO_Deref)
        Sub = U->getSubExpr();
    }
    return Sub && !hidesIterator() && RefersTo(Sub, IteratorVar);
  };
  if (IsSetLike)
    return hidesIterator() ? RefersTo(E, LoopVar) : IsDerefOfIterator(E);
  // Maps: the key is `.first` of the element, or the first structured binding.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *B = dyn_cast<BindingDecl>(DRE->getDecl()))
      if (const auto *DD = dyn_cast_or_null<DecompositionDecl>(LoopVar))
        return !DD->bindings().empty() && DD->bindings()[0] == B;
  if (const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts())) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD || FD->getName() != "first")
      return false;
    const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
    if (hidesIterator())
      return !ME->isArrow() && RefersTo(Base, LoopVar);
    if (ME->isArrow()) {
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Base); Op && Op->getOperator() == OO_Arrow)
        Base = Op->getArg(0);
      return RefersTo(Base, IteratorVar);
    }
    return IsDerefOfIterator(Base);
  }
  return false;
}

std::optional<LoopIteration> findIteratedContainer(const Stmt *Loop, const ContainerModel &Model,
                                                   ASTContext &Ctx,
                                                   const FunctionParents *Parents) {
  LoopIteration Result;
  Result.Loop = Loop;
  const Expr *ContainerExpr = nullptr;
  if (const auto *RF = dyn_cast<CXXForRangeStmt>(Loop)) {
    const auto *BeginStmt = dyn_cast_or_null<DeclStmt>(RF->getBeginStmt());
    if (!BeginStmt || !BeginStmt->isSingleDecl() || !RF->getRangeInit())
      return std::nullopt;
    Result.IsRangeFor = true;
    Result.IteratorVar = dyn_cast<VarDecl>(BeginStmt->getSingleDecl());
    Result.LoopVar = RF->getLoopVariable();
    Result.Body = RF->getBody();
    ContainerExpr = RF->getRangeInit();
  } else if (const auto *F = dyn_cast<ForStmt>(Loop)) {
    if (!matchIteratorLoop(F->getCond(), F, F->getInit(), Parents, Ctx, Result.IteratorVar,
                           ContainerExpr))
      return std::nullopt;
    Result.Body = F->getBody();
  } else if (const auto *W = dyn_cast<WhileStmt>(Loop)) {
    if (!matchIteratorLoop(W->getCond(), W, nullptr, Parents, Ctx, Result.IteratorVar,
                           ContainerExpr))
      return std::nullopt;
    Result.Body = W->getBody();
  } else {
    return std::nullopt;
  }
  if (!ContainerExpr || !Result.IteratorVar || !Result.Body ||
      !bindIteratedContainer(Result, ContainerExpr, Model, Ctx))
    return std::nullopt;
  return Result;
}

bool bindIteratedContainer(LoopIteration &Result, const Expr *ContainerExpr,
                           const ContainerModel &Model, ASTContext &Ctx) {
  QualType ContainerType = ContainerExpr->getType();
  Result.ContainerIsPointer = ContainerType->isPointerType();
  if (Result.ContainerIsPointer)
    ContainerType = ContainerType->getPointeeType();
  std::optional<ContainerTraits> Traits = Model.classify(ContainerType);
  if (!Traits)
    return false;
  Result.IsSetLike = !declaresMappedType(ContainerType->getAsCXXRecordDecl(), Ctx);
  std::optional<ContainerPath> Path =
      Result.ContainerIsPointer ? resolvePointee(ContainerExpr, Ctx, loopRuleResolve(Model))
                                : resolveObject(ContainerExpr, Ctx, loopRuleResolve(Model));
  if (!Path)
    return false;
  Result.ContainerExpr = ContainerExpr;
  Result.Container = *Path;
  Result.Traits = *Traits;
  return true;
}

} // namespace mapsafety
