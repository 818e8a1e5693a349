//===- FunctionCFG.cpp - one CFG per function body, shared by the analyses --===//
#include "mapsafety/FunctionCFG.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"

using namespace clang;

namespace mapsafety {

FunctionCFG::FunctionCFG(const Decl *Function, const Stmt *Body, ASTContext &Ctx)
    : Function(Function), Body(Body) {
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Options.AddImplicitDtors = true;
  Options.AddTemporaryDtors = true;
  Cfg = CFG::buildCFG(Function, const_cast<Stmt *>(Body), &Ctx, Options);
  if (!Cfg)
    return;
  Parents = std::make_unique<ParentMap>(const_cast<Stmt *>(Body));
  for (const CFGBlock *Block : *Cfg) {
    unsigned Index = 0;
    for (const CFGElement &E : *Block) {
      if (auto S = E.getAs<CFGStmt>())
        Position.try_emplace(S->getStmt(), Block, Index);
      ++Index;
    }
  }
}

FunctionCFG::~FunctionCFG() = default;

std::pair<const CFGBlock *, unsigned> FunctionCFG::locate(const Stmt *S) const {
  if (!Cfg)
    return {nullptr, 0};
  for (unsigned Steps = 0; S && Steps < 64; ++Steps) {
    auto It = Position.find(S);
    if (It != Position.end())
      return It->second;
    S = Parents->getParent(const_cast<Stmt *>(S));
  }
  return {nullptr, 0};
}

const FunctionCFG *FunctionCFGCache::of(const Decl *Function) {
  if (!Function)
    return nullptr;
  std::unique_ptr<FunctionCFG> &Slot = CFGs[Function];
  if (!Slot) {
    const Stmt *Body = Function->getBody();
    if (!Body)
      return nullptr;
    Slot = std::make_unique<FunctionCFG>(Function, Body, Ctx);
  }
  return Slot.get();
}

} // namespace mapsafety
