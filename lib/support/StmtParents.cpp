//===- StmtParents.cpp - where a statement sits, one function at a time -----===//
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/StmtOpenMP.h"
#include "clang/Basic/OpenMPKinds.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace mapsafety {

void forEachStmt(const Stmt *S, llvm::function_ref<void(const Stmt *)> F) {
  if (!S)
    return;
  F(S);
  if (isa<LambdaExpr>(S))
    return;
  for (const Stmt *Child : S->children())
    forEachStmt(Child, F);
}

void forEachEvaluatedStmt(const Stmt *S, llvm::function_ref<void(const Stmt *)> F,
                          EvaluationWalk Walk) {
  if (!S)
    return;
  if (const auto *D = dyn_cast<OMPExecutableDirective>(S);
      D && Walk.SkipOpenMPDirectives &&
      (isOpenMPParallelDirective(D->getDirectiveKind()) ||
       isOpenMPTeamsDirective(D->getDirectiveKind()) ||
       isOpenMPTargetExecutionDirective(D->getDirectiveKind())))
    return;
  F(S);
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : L->capture_inits())
      forEachEvaluatedStmt(Init, F, Walk);
    return;
  }
  // An OpenMP construct's outlined body (single, task...): what it runs, not
  // the references it captures.
  if (const auto *CS = dyn_cast<CapturedStmt>(S)) {
    forEachEvaluatedStmt(CS->getCapturedStmt(), F, Walk);
    return;
  }
  if (const auto *RF = dyn_cast<CXXForRangeStmt>(S)) {
    for (const Stmt *Part : {static_cast<const Stmt *>(RF->getRangeInit()), RF->getInit(),
                             static_cast<const Stmt *>(RF->getLoopVarStmt()), RF->getBody()})
      forEachEvaluatedStmt(Part, F, Walk);
    return;
  }
  for (const Stmt *Child : S->children())
    forEachEvaluatedStmt(Child, F, Walk);
}

FunctionParents::FunctionParents(const Decl *Function) {
  std::vector<Stmt *> Roots;
  if (Function)
    if (Stmt *Body = Function->getBody())
      Roots.push_back(Body);
  if (const auto *Ctor = dyn_cast_or_null<CXXConstructorDecl>(Function))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Expr *E = Init->getInit()) {
        Roots.push_back(E);
        MemberInits.insert(E);
      }
  if (Roots.empty())
    return;
  Map = std::make_unique<ParentMap>(Roots.front());
  for (Stmt *Root : llvm::drop_begin(Roots))
    Map->addStmt(Root);
}

FunctionParents::~FunctionParents() = default;

const Stmt *FunctionParents::parent(const Stmt *S) const {
  return Map && S ? Map->getParent(S) : nullptr;
}

const Stmt *FunctionParents::parentIgnoringParenImpCasts(const Stmt *S) const {
  return Map && S ? Map->getParentIgnoreParenImpCasts(const_cast<Stmt *>(S)) : nullptr;
}

const VarDecl *FunctionParents::variableInitializedBy(const DeclStmt *DS, const Stmt *Init) {
  for (const Decl *D : DS->decls())
    if (const auto *V = dyn_cast<VarDecl>(D); V && V->getInit() == Init)
      return V;
  return nullptr;
}

void EnclosingFunctionIndex::addFunction(const FunctionDecl *F) {
  if (F && F->doesThisDeclarationHaveABody())
    Functions.push_back(F);
}

bool EnclosingFunctionIndex::mayContain(const FunctionDecl *F, const Stmt *S) const {
  SourceLocation Begin = SM.getExpansionLoc(F->getBeginLoc());
  SourceLocation End = SM.getExpansionLoc(F->getEndLoc());
  SourceLocation At = SM.getExpansionLoc(S->getBeginLoc());
  if (Begin.isInvalid() || End.isInvalid() || At.isInvalid())
    return true;
  auto [BeginFile, BeginOffset] = SM.getDecomposedLoc(Begin);
  auto [EndFile, EndOffset] = SM.getDecomposedLoc(End);
  auto [AtFile, AtOffset] = SM.getDecomposedLoc(At);
  return BeginFile == AtFile && EndFile == AtFile && BeginOffset <= AtOffset &&
         AtOffset <= EndOffset;
}

void EnclosingFunctionIndex::walk(const Stmt *S, const Decl *In) {
  if (!S)
    return;
  Owner.try_emplace(S, In);
  // A lambda's capture initializers run in the enclosing function, its body in
  // its own call operator.
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : L->capture_inits())
      walk(Init, In);
    walk(L->getBody(), L->getCallOperator());
    return;
  }
  for (const Stmt *Child : S->children())
    walk(Child, In);
}

void EnclosingFunctionIndex::index(const FunctionDecl *F) {
  if (!Indexed.insert(F).second)
    return;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      walk(Init->getInit(), F);
  walk(F->getBody(), F);
}

const Decl *EnclosingFunctionIndex::enclosing(const Stmt *S) {
  if (!S)
    return nullptr;
  auto Found = [&]() -> const Decl * {
    auto It = Owner.find(S);
    return It == Owner.end() ? nullptr : It->second;
  };
  if (const Decl *D = Found())
    return D;
  // The functions whose text covers S, newest (innermost, most recently matched) first.
  for (const FunctionDecl *F : llvm::reverse(Functions))
    if (!Indexed.count(F) && mayContain(F, S)) {
      index(F);
      if (const Decl *D = Found())
        return D;
    }
  // Text positions can mislead (a body that #includes part of itself): every
  // body is walked at most once, so looking through the rest stays linear.
  for (const FunctionDecl *F : llvm::reverse(Functions))
    if (!Indexed.count(F)) {
      index(F);
      if (const Decl *D = Found())
        return D;
    }
  return nullptr;
}

} // namespace mapsafety
