//===- InvalidationFlow.cpp - is an invalidated iterator used afterwards? ---===//
#include "mapsafety/containers/InvalidationFlow.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <deque>

using namespace clang;

namespace mapsafety {

namespace {
bool refersTo(const Expr *E, const VarDecl *V) {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
  return DRE && DRE->getDecl() == V;
}

/// `V = ...` (builtin or overloaded).
bool isAssignmentTo(const Stmt *S, const VarDecl *V) {
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    return BO->getOpcode() == BO_Assign && refersTo(BO->getLHS(), V);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
    return Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 && refersTo(Op->getArg(0), V);
  return false;
}

bool declares(const Stmt *S, const VarDecl *V) {
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (D == V)
        return true;
  return false;
}
} // namespace

const Expr *findUseAfter(const FunctionCFG &Function, const Stmt *Point, const VarDecl *Iterator) {
  if (!Function.valid())
    return nullptr;
  const FunctionParents &Parents = Function.parents();
  auto [Start, StartIndex] = Function.locate(Point);
  if (!Start)
    return nullptr;
  // Breadth-first, so that the use reported is the nearest one.
  // Assigning to a reference writes through it: that is a use, not a rebinding.
  bool Rebindable = !Iterator->getType()->isReferenceType();
  std::deque<std::pair<const CFGBlock *, unsigned>> Work;
  llvm::SmallPtrSet<const CFGBlock *, 16> Entered;
  Work.emplace_back(Start, StartIndex + 1);
  while (!Work.empty()) {
    auto [Block, From] = Work.front();
    Work.pop_front();
    bool Killed = false;
    for (unsigned I = From, N = Block->size(); I < N && !Killed; ++I) {
      auto Elem = (*Block)[I].getAs<CFGStmt>();
      if (!Elem)
        continue;
      const Stmt *S = Elem->getStmt();
      if (declares(S, Iterator) || (Rebindable && isAssignmentTo(S, Iterator))) {
        Killed = true;
        break;
      }
      const auto *DRE = dyn_cast<DeclRefExpr>(S);
      if (!DRE || DRE->getDecl() != Iterator)
        continue;
      // The left side of `it = ...` is not a use.
      const Stmt *Parent = Parents.parentIgnoringParenImpCasts(DRE);
      if (Rebindable && Parent && isAssignmentTo(Parent, Iterator))
        continue;
      return DRE;
    }
    if (Killed)
      continue;
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs())
      if (const CFGBlock *Next = Succ.getReachableBlock())
        if (Entered.insert(Next).second)
          Work.emplace_back(Next, 0);
  }
  return nullptr;
}

bool mayReturnAfter(const FunctionCFG &Function, const Stmt *Point) {
  if (!Function.valid())
    return false;
  auto [Start, StartIndex] = Function.locate(Point);
  if (!Start)
    return false;
  const CFGBlock *Exit = &Function.cfg().getExit();
  // A block that throws or calls a [[noreturn]] function also has the exit as
  // its successor: it leaves abnormally.
  auto LeavesAbnormally = [](const CFGBlock *B) {
    if (B->hasNoReturnElement())
      return true;
    return llvm::any_of(*B, [](const CFGElement &E) {
      auto S = E.getAs<CFGStmt>();
      return S && isa<CXXThrowExpr>(S->getStmt());
    });
  };
  llvm::SmallVector<const CFGBlock *, 16> Work{Start};
  llvm::SmallPtrSet<const CFGBlock *, 16> Entered{Start};
  while (!Work.empty()) {
    const CFGBlock *Block = Work.pop_back_val();
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
      const CFGBlock *Next = Succ.getReachableBlock();
      if (!Next)
        continue;
      if (Next == Exit) {
        if (!LeavesAbnormally(Block))
          return true;
        continue;
      }
      if (Entered.insert(Next).second)
        Work.push_back(Next);
    }
  }
  return false;
}

} // namespace mapsafety
