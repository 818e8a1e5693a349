//===- IteratedContainer.cpp - which container does a loop iterate? --------===//
#include "mapsafety/containers/IteratedContainer.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace mapsafety {

const Expr *endCallObject(const Expr *E) {
  E = ignoreCopies(E);
  auto IsEndName = [](const NamedDecl *D) {
    if (!D || !D->getIdentifier())
      return false;
    llvm::StringRef N = D->getName();
    return N == "end" || N == "cend" || N == "rend" || N == "crend";
  };
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (MC->getNumArgs() == 0 && IsEndName(MC->getMethodDecl()))
      return MC->getImplicitObjectArgument();
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (Call->getNumArgs() == 1 && IsEndName(Call->getDirectCallee()))
      return Call->getArg(0);
  return nullptr;
}

namespace {
const VarDecl *localVar(const Expr *E) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(ignoreCopies(E)))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      if (V->isLocalVarDecl() && !V->getType()->isReferenceType())
        return V;
  return nullptr;
}

/// Matches `it != END` / `END != it` where END is an end() call or a local
/// variable initialised with one. Returns the iterator variable and the container.
bool matchIteratorCondition(const Expr *Cond, const VarDecl *&It, const Expr *&Container) {
  if (!Cond)
    return false;
  Cond = Cond->IgnoreParenImpCasts();
  const Expr *LHS = nullptr, *RHS = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond)) {
    if (BO->getOpcode() != BO_NE)
      return false;
    LHS = BO->getLHS();
    RHS = BO->getRHS();
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Cond)) {
    if (Op->getOperator() != OO_ExclaimEqual || Op->getNumArgs() != 2)
      return false;
    LHS = Op->getArg(0);
    RHS = Op->getArg(1);
  } else if (const auto *Rewritten = dyn_cast<CXXRewrittenBinaryOperator>(Cond)) {
    // C++20 rewrites `a != b` to `!(a == b)`.
    if (Rewritten->getOpcode() != BO_NE)
      return false;
    LHS = Rewritten->getLHS();
    RHS = Rewritten->getRHS();
  } else {
    return false;
  }
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

bool LoopIteration::namesIterator(const Expr *E) const {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? ignoreCopies(E) : nullptr);
  return DRE && !hidesIterator() && DRE->getDecl() == IteratorVar;
}

bool LoopIteration::isKeyOfCurrentElement(const Expr *E, ASTContext &Ctx) const {
  if (!E)
    return false;
  E = ignoreCopies(E);
  // `const int id = it->first; m.erase(id);`
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && V != LoopVar)
      if (const Expr *Init = initializerOfUnmodifiedLocal(V, Ctx))
        return !V->getType()->isPointerType() && isKeyOfCurrentElement(Init, Ctx);
  bool IsSet = IsSetLike;
  auto RefersToLoopVar = [&](const Expr *X) {
    const auto *DRE = dyn_cast<DeclRefExpr>(ignoreCopies(X));
    return DRE && LoopVar && DRE->getDecl() == LoopVar;
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
    if (!Sub)
      return false;
    const auto *DRE = dyn_cast<DeclRefExpr>(ignoreCopies(Sub));
    return DRE && DRE->getDecl() == IteratorVar && !hidesIterator();
  };
  if (IsSet)
    return hidesIterator() ? RefersToLoopVar(E) : IsDerefOfIterator(E);
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
      return !ME->isArrow() && RefersToLoopVar(Base);
    if (ME->isArrow()) {
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Base); Op && Op->getOperator() == OO_Arrow)
        Base = Op->getArg(0);
      const auto *DRE = dyn_cast<DeclRefExpr>(ignoreCopies(Base));
      return DRE && DRE->getDecl() == IteratorVar;
    }
    return IsDerefOfIterator(Base);
  }
  return false;
}

std::optional<LoopIteration> findIteratedContainer(const Stmt *Loop, const ContainerModel &Model,
                                                   ASTContext &Ctx) {
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
    if (!matchIteratorCondition(F->getCond(), Result.IteratorVar, ContainerExpr))
      return std::nullopt;
    Result.Body = F->getBody();
  } else if (const auto *W = dyn_cast<WhileStmt>(Loop)) {
    if (!matchIteratorCondition(W->getCond(), Result.IteratorVar, ContainerExpr))
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
