//===- ConcurrentRegion.cpp - where a launcher runs beside its thread -------===//
#include "mapsafety/concurrency/ConcurrentRegion.h"
#include "mapsafety/containers/ContainerIdentity.h"
#include "mapsafety/support/AnalysisSession.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include <deque>
#include <functional>
#include <map>

using namespace clang;

namespace mapsafety {

bool ConcurrentRegion::contains(const Stmt *S) const {
  if (!Cfg)
    return false;
  auto [B, I] = Cfg->locate(S);
  auto It = Ranges.find(B);
  if (!B || It == Ranges.end())
    return false;
  for (auto [First, Last] : It->second)
    if (I >= First && I < Last)
      return true;
  return false;
}

/// X joins the entry: X is its handle, or the loop variable of a range-for over it.
bool ConcurrentRegionFinder::namesHandle(const Expr *X, const ThreadEntry &E) {
  // worker_.join() in the function that stored the thread in worker_.
  if (const auto *ME = dyn_cast<MemberExpr>(X->IgnoreParenImpCasts());
      ME && E.MemberHandle && ME->getMemberDecl() == E.MemberHandle &&
      isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
    return true;
  const auto *DRE = dyn_cast<DeclRefExpr>(X->IgnoreParenImpCasts());
  if (!DRE || !E.Handle)
    return false;
  const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
  if (!V)
    return false;
  if (V == E.Handle)
    return true;
  // std::thread owner = std::move(t); owner.join();
  if (const Expr *Init = V->getInit()) {
    const Expr *From = ignoreCopies(Init);
    if (const auto *Call = dyn_cast<CallExpr>(From); Call && Call->getNumArgs() == 1)
      From = ignoreCopies(Call->getArg(0));
    if (const auto *Moved = dyn_cast<DeclRefExpr>(From); Moved && Moved->getDecl() == E.Handle)
      return true;
  }
  if (!V->isCXXForRangeDecl())
    return false;
  // `for (auto &t : workers) t.join();`: the loop over the handle.
  const auto *F = dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod());
  bool OverHandle = false;
  forEachStmt(F ? F->getBody() : nullptr, [&](const Stmt *S) {
    if (const auto *RF = dyn_cast<CXXForRangeStmt>(S); RF && RF->getLoopVariable() == V) {
      const auto *Range = dyn_cast<DeclRefExpr>(RF->getRangeInit()->IgnoreParenImpCasts());
      OverHandle = Range && Range->getDecl() == E.Handle;
    }
  });
  return OverHandle;
}

bool ConcurrentRegionFinder::isJoin(const CFGElement &Elem, const ThreadEntry &E,
                                    const llvm::DenseSet<const Stmt *> &JoinLoops) {
  if (auto D = Elem.getAs<CFGAutomaticObjDtor>())
    return D->getVarDecl() == E.Handle && ThreadModel::destructorJoins(E.How);
  auto S = Elem.getAs<CFGStmt>();
  if (!S)
    return false;
  const Stmt *St = S->getStmt();
  if (JoinLoops.count(St))
    return true;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(St)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (!M || !M->getIdentifier())
      return false;
    return ThreadModel::isJoinMethod(M->getName()) &&
           namesHandle(MC->getImplicitObjectArgument(), E);
  }
  if (const auto *Call = dyn_cast<CallExpr>(St))
    if (ThreadModel::isJoinFunction(Call->getDirectCallee()) && Call->getNumArgs() >= 1)
      return namesHandle(Call->getArg(0), E);
  return false;
}

/// Range-fors over the handle whose body joins the loop variable join them all:
/// the path that skips the body (no threads) joins nothing, but has nothing to join.
llvm::DenseSet<const Stmt *> ConcurrentRegionFinder::joinLoops(const Stmt *Body,
                                                               const ThreadEntry &E) {
  if (!E.Handle)
    return {};
  // One walk per body, not per launch: a function starting thousands of
  // threads would otherwise be walked thousands of times.
  auto Known = RangeLoopsByBody.find(Body);
  if (Known == RangeLoopsByBody.end()) {
    Known = RangeLoopsByBody.try_emplace(Body).first;
    std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
      if (!S)
        return;
      if (const auto *RF = dyn_cast<CXXForRangeStmt>(S))
        if (const auto *Range = dyn_cast<DeclRefExpr>(RF->getRangeInit()->IgnoreParenImpCasts());
            Range && RF->getRangeStmt())
          Known->second[Range->getDecl()].insert(RF->getRangeStmt());
      for (const Stmt *C : S->children())
        Walk(C);
    };
    Walk(Body);
  }
  auto Loops = Known->second.find(E.Handle);
  return Loops == Known->second.end() ? llvm::DenseSet<const Stmt *>() : Loops->second;
}

unsigned ConcurrentRegionFinder::nextJoin(const CFGBlock &B, unsigned From, const ThreadEntry &E,
                                          const llvm::DenseSet<const Stmt *> &JoinLoops,
                                          std::map<unsigned, unsigned> &Scanned) {
  // A stretch scanned before that covers From: no join before its end.
  auto Next = Scanned.upper_bound(From);
  if (Next != Scanned.begin() && std::prev(Next)->second >= From)
    return std::prev(Next)->second;
  unsigned Stop = Next == Scanned.end() ? B.size() : Next->first;
  unsigned I = From;
  while (I < Stop && !isJoin(B[I], E, JoinLoops))
    ++I;
  unsigned End = I;
  if (I == Stop && Next != Scanned.end()) {
    End = Next->second; // ran into a scanned stretch: its end is ours
    Scanned.erase(Next);
  }
  Scanned[From] = End;
  return End;
}

ConcurrentRegion ConcurrentRegionFinder::regionOf(const ThreadEntry &E, const Decl *Launcher) {
  ConcurrentRegion R;
  R.SelfConcurrent = E.RunsAsManyInstances;
  if (E.Joined == ThreadEntry::JoinedBy::Launch)
    return R;
  // Returned, or never named: joined elsewhere if at all. A member handle
  // escapes unless this function joins it (the walk below finds out).
  if (E.Joined == ThreadEntry::JoinedBy::Unknown)
    R.Escapes = true;
  const FunctionCFG *G = Session.cfg(Launcher);
  if (!G || !G->valid())
    return R;
  R.Cfg = G;
  auto [Start, StartIndex] = G->locate(E.Launch);
  if (!Start)
    return R;
  llvm::DenseSet<const Stmt *> Loops = joinLoops(G->body(), E);
  auto &Scans =
      JoinScans[JoinKey(G, E.Handle, E.MemberHandle, ThreadModel::destructorJoins(E.How))];
  auto LaunchElem = (*Start)[StartIndex].getAs<CFGStmt>();
  bool LaunchIsElement = LaunchElem && LaunchElem->getStmt() == E.Launch;
  std::deque<std::pair<const CFGBlock *, unsigned>> Work;
  llvm::DenseSet<const CFGBlock *> Entered;
  Work.emplace_back(Start, StartIndex + 1);
  while (!Work.empty()) {
    auto [B, From] = Work.front();
    Work.pop_front();
    unsigned I = nextJoin(*B, From, E, Loops, Scans[B]);
    bool Joined = I < B->size();
    // Launched again before this one was joined.
    if (B == Start && LaunchIsElement && StartIndex >= From && StartIndex < I)
      R.SelfConcurrent = true;
    R.Ranges[B].emplace_back(From, I);
    if (Joined)
      continue;
    if (B == &G->cfg().getExit())
      R.Escapes = true;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      const CFGBlock *Next = Succ.getReachableBlock();
      if (!Next || !Entered.insert(Next).second)
        continue;
      Work.emplace_back(Next, 0);
    }
  }
  return R;
}

} // namespace mapsafety
