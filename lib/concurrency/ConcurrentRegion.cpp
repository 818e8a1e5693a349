//===- ConcurrentRegion.cpp - where a launcher runs beside its thread -------===//
#include "mapsafety/concurrency/ConcurrentRegion.h"
#include "mapsafety/containers/ContainerIdentity.h"
#include "mapsafety/support/AnalysisSession.h"
#include "mapsafety/support/Declarations.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
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

bool ConcurrentRegionFinder::endsProcess(const FunctionDecl *Callee) {
  if (!Callee)
    return false;
  if (Callee->isNoReturn())
    return true;
  auto [It, New] = EndsProcess.try_emplace(Callee->getCanonicalDecl(), false);
  if (!New)
    return It->second;
  // One call down, and only into a body no override can replace.
  const FunctionDecl *Def = userDefinition(Callee, Session.context().getSourceManager());
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Def);
  const FunctionCFG *G = Def && !(MD && MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
                                  !MD->getParent()->hasAttr<FinalAttr>())
                             ? Session.cfg(Def)
                             : nullptr;
  if (!G || !G->valid())
    return false;
  // Every path from the entry ends in a call the CFG knows never returns;
  // one that reaches the exit otherwise (returning or throwing) may return.
  const CFGBlock *Exit = &G->cfg().getExit();
  llvm::DenseSet<const CFGBlock *> Seen;
  llvm::SmallVector<const CFGBlock *, 16> Work{&G->cfg().getEntry()};
  bool Ends = true;
  while (!Work.empty() && Ends) {
    const CFGBlock *B = Work.pop_back_val();
    if (!Seen.insert(B).second || B->hasNoReturnElement())
      continue;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs())
      if (const CFGBlock *Next = Succ.getReachableBlock()) {
        Ends &= Next != Exit;
        Work.push_back(Next);
      }
  }
  EndsProcess[Callee->getCanonicalDecl()] = Ends;
  return Ends;
}

unsigned ConcurrentRegionFinder::pathEnd(const CFGBlock &B, unsigned From) {
  if (PathEnds.try_emplace(&B).second)
    for (unsigned I = 0; I < B.size(); ++I)
      if (auto S = B[I].getAs<CFGStmt>())
        if (const auto *Call = dyn_cast<CallExpr>(S->getStmt());
            Call && endsProcess(Call->getDirectCallee()))
          PathEnds[&B].push_back(I);
  for (unsigned I : PathEnds[&B])
    if (I >= From)
      return I;
  return B.size();
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
    // A call that never returns ends the path, unjoined but not escaping.
    unsigned End = pathEnd(*B, From);
    bool Ends = End < I || (!Joined && B->hasNoReturnElement());
    if (End < I)
      I = End + 1;
    // Launched again before this one was joined.
    if (B == Start && LaunchIsElement && StartIndex >= From && StartIndex < I)
      R.SelfConcurrent = true;
    R.Ranges[B].emplace_back(From, I);
    if (Joined || Ends)
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

// ---- lifecycle: where another method has joined a member thread ------------

namespace {
/// `this->M`, or `M` inside a method.
bool isThisMember(const Expr *X, const FieldDecl *M) {
  const auto *ME = dyn_cast_or_null<MemberExpr>(X ? X->IgnoreParenImpCasts() : nullptr);
  return ME && ME->getMemberDecl() == M && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts());
}

/// The name of the method S calls, when S is a member call.
llvm::StringRef methodName(const CXXMemberCallExpr *MC) {
  const CXXMethodDecl *D = MC ? MC->getMethodDecl() : nullptr;
  return D && D->getIdentifier() ? D->getName() : llvm::StringRef();
}

/// `for (auto &t : workers_) t.join();`: a range-for over this->M whose body
/// joins its loop variable.
bool joinsEachThreadOf(const CXXForRangeStmt *RF, const FieldDecl *M) {
  if (!isThisMember(RF->getRangeInit(), M))
    return false;
  const VarDecl *V = RF->getLoopVariable();
  bool Joins = false;
  forEachStmt(RF->getBody(), [&](const Stmt *S) {
    const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
    if (!MC || !ThreadModel::isJoinMethod(methodName(MC)))
      return;
    const auto *DRE = dyn_cast<DeclRefExpr>(MC->getImplicitObjectArgument()->IgnoreParenImpCasts());
    Joins |= DRE && DRE->getDecl() == V;
  });
  return Joins;
}

/// A method a call on `this` surely runs: not one an override may replace.
bool isFinalTarget(const CXXMethodDecl *MD) {
  return !MD->isVirtual() || MD->hasAttr<FinalAttr>() || MD->getParent()->hasAttr<FinalAttr>();
}
} // namespace

bool ConcurrentRegionFinder::detachedAnywhere(const FieldDecl *Member) {
  auto [It, New] = Detached.try_emplace(Member, false);
  if (!New)
    return It->second;
  bool Found = false;
  for (const FunctionDecl *F : Session.definitions())
    forEachStmt(F->getBody(), [&](const Stmt *S) {
      const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
      if (!MC || methodName(MC) != "detach")
        return;
      const auto *ME = dyn_cast<MemberExpr>(MC->getImplicitObjectArgument()->IgnoreParenImpCasts());
      Found |= ME && ME->getMemberDecl() == Member;
    });
  Detached[Member] = Found;
  return Found;
}

bool ConcurrentRegionFinder::joinsMember(const CFGElement &Elem, const FieldDecl *Member,
                                         unsigned Depth) {
  auto S = Elem.getAs<CFGStmt>();
  const auto *MC = S ? dyn_cast<CXXMemberCallExpr>(S->getStmt()) : nullptr;
  if (!MC)
    return false;
  if (ThreadModel::isJoinMethod(methodName(MC)))
    return isThisMember(MC->getImplicitObjectArgument(), Member);
  // stop() { joinWorker(); ... }: a helper that returns only joined.
  if (Depth > 0 || !isa<CXXThisExpr>(MC->getImplicitObjectArgument()->IgnoreParenImpCasts()))
    return false;
  const FunctionDecl *Def =
      userDefinition(MC->getMethodDecl(), Session.context().getSourceManager());
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Def);
  if (!MD || !isFinalTarget(MD))
    return false;
  const MemberJoins *Callee = memberJoins(MD, Member, Depth + 1);
  return Callee && Callee->JoinedAtExit;
}

bool ConcurrentRegionFinder::edgeJoinsMember(const CFGBlock &From, unsigned Succ,
                                             const FieldDecl *Member) {
  const Stmt *T = From.getTerminatorStmt();
  // The loop's exit edge: every thread of the member was joined in turn.
  if (const auto *RF = dyn_cast_or_null<CXXForRangeStmt>(T))
    return Succ == 1 && joinsEachThreadOf(RF, Member);
  // `if (t_.joinable()) t_.join();`: on the other branch there is no thread
  // to join, unless one was detached.
  const auto *Cond = dyn_cast_or_null<Expr>(From.getTerminatorCondition());
  if (!Cond || From.succ_size() != 2)
    return false;
  bool Negated = false;
  Cond = Cond->IgnoreParenImpCasts();
  while (const auto *U = dyn_cast<UnaryOperator>(Cond)) {
    if (U->getOpcode() != UO_LNot)
      return false;
    Negated = !Negated;
    Cond = U->getSubExpr()->IgnoreParenImpCasts();
  }
  const auto *MC = dyn_cast<CXXMemberCallExpr>(Cond);
  if (!MC || methodName(MC) != "joinable" || !isThisMember(MC->getImplicitObjectArgument(), Member))
    return false;
  return Succ == (Negated ? 0u : 1u) && !detachedAnywhere(Member);
}

const ConcurrentRegionFinder::MemberJoins *
ConcurrentRegionFinder::memberJoins(const Decl *F, const FieldDecl *Member, unsigned Depth) {
  auto Key = std::make_tuple(F, Member, Depth);
  auto Known = MemberJoinsOf.find(Key);
  if (Known != MemberJoinsOf.end())
    return Known->second.get();
  MemberJoinsOf[Key] = nullptr; // a helper calling back into F: unknown
  const FunctionCFG *G = Session.cfg(F);
  if (!G || !G->valid())
    return nullptr;
  auto R = std::make_unique<MemberJoins>();
  R->Cfg = G;
  const CFG &C = G->cfg();
  for (const CFGBlock *B : C) {
    for (unsigned I = 0; I < B->size(); ++I)
      if (joinsMember((*B)[I], Member, Depth)) {
        R->FirstJoin[B] = I;
        break;
      }
    R->JoinedAtEntry[B] = B != &C.getEntry(); // optimistic: a "must" fixpoint
  }
  // A path that never returns needs no join; an edge may join on its own.
  auto JoinedAfter = [&](const CFGBlock *P, const CFGBlock *B) {
    if (R->JoinedAtEntry.lookup(P) || R->FirstJoin.count(P) || P->hasNoReturnElement())
      return true;
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : P->succs()) {
      if (Succ.getReachableBlock() == B && !edgeJoinsMember(*P, Index, Member))
        return false;
      ++Index;
    }
    return true;
  };
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const CFGBlock *B : C) {
      bool &In = R->JoinedAtEntry[B];
      if (!In)
        continue;
      bool Reached = false, All = true;
      for (const CFGBlock::AdjacentBlock &Pred : B->preds())
        if (const CFGBlock *P = Pred.getReachableBlock()) {
          Reached = true;
          All = All && JoinedAfter(P, B);
        }
      if (!Reached || !All) { // a block nothing reaches: dead, so unknown
        In = false;
        Changed = true;
      }
    }
  }
  R->JoinedAtExit = R->JoinedAtEntry[&C.getExit()];
  return (MemberJoinsOf[Key] = std::move(R)).get();
}

namespace {
/// The member E's thread is kept in: `worker_ = std::thread(...)`, or
/// `workers_.emplace_back(...)` (the thread finder leaves a member container
/// of threads unnamed).
const FieldDecl *memberHandleOf(const ThreadEntry &E) {
  if (E.Joined == ThreadEntry::JoinedBy::MemberHandle)
    return E.MemberHandle;
  const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(E.Launch);
  if (E.Joined != ThreadEntry::JoinedBy::Unknown || !MC ||
      (E.How != LaunchKind::Thread && E.How != LaunchKind::JThread))
    return nullptr;
  const auto *ME = dyn_cast<MemberExpr>(MC->getImplicitObjectArgument()->IgnoreParenImpCasts());
  return ME && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts())
             ? dyn_cast<FieldDecl>(ME->getMemberDecl())
             : nullptr;
}
} // namespace

bool ConcurrentRegionFinder::joinedBefore(const ThreadEntry &E, const Decl *F, const Stmt *S) {
  const FieldDecl *Member = memberHandleOf(E);
  if (!Member)
    return false;
  const MemberJoins *J = memberJoins(F, Member, 0);
  if (!J)
    return false;
  auto [B, I] = J->Cfg->locate(S);
  if (!B)
    return false;
  auto First = J->FirstJoin.find(B);
  return J->JoinedAtEntry.lookup(B) || (First != J->FirstJoin.end() && First->second < I);
}

} // namespace mapsafety
