//===- FunctionCFG.cpp - the CFG of one function body ----------------------===//
#include "mapsafety/support/FunctionCFG.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"

using namespace clang;

namespace mapsafety {

FunctionCFG::FunctionCFG(const Decl *Function, const FunctionParents &Parents, ASTContext &Ctx)
    : Function(Function), Body(Function->getBody()), Parents(Parents) {
  if (!Body)
    return;
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Options.AddImplicitDtors = true;
  Options.AddTemporaryDtors = true;
  Cfg = CFG::buildCFG(Function, const_cast<Stmt *>(Body), &Ctx, Options);
  if (!Cfg)
    return;
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
    S = Parents.parent(S);
  }
  return {nullptr, 0};
}

} // namespace mapsafety
