//===- FunctionCFG.cpp - the CFG of one function body ----------------------===//
#include "mapsafety/support/FunctionCFG.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

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

bool FunctionCFG::neverReturns() const {
  if (NeverReturns)
    return *NeverReturns;
  NeverReturns = false;
  if (!Cfg)
    return false;
  // Walk what the entry reaches; a block that falls into the exit without a
  // noreturn call or a throw is a path that returns. Clang's CFG already
  // sends a noreturn call's block to the exit and nowhere else.
  const CFGBlock *Exit = &Cfg->getExit();
  llvm::SmallPtrSet<const CFGBlock *, 32> Seen;
  llvm::SmallVector<const CFGBlock *, 32> Work{&Cfg->getEntry()};
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    if (!Seen.insert(B).second)
      continue;
    bool EndsHere = B->hasNoReturnElement();
    if (!EndsHere && !B->empty())
      if (auto Last = B->back().getAs<CFGStmt>())
        EndsHere = isa<CXXThrowExpr>(Last->getStmt());
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      const CFGBlock *S = Succ.getReachableBlock();
      if (!S)
        continue;
      if (S == Exit) {
        if (!EndsHere)
          return false;
        continue;
      }
      Work.push_back(S);
    }
  }
  NeverReturns = true;
  return true;
}

} // namespace mapsafety
