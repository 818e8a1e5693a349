//===- OpenMPConstructs.cpp - what the constructs of a parallel region order -===//
#include "OpenMPConstructs.h"
#include "mapsafety/support/AnalysisSession.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/OpenMPClause.h"
#include "clang/AST/StmtOpenMP.h"
#include "clang/Basic/OpenMPKinds.h"

using namespace clang;

namespace mapsafety {

namespace {
/// Calls F on each directive around S, innermost first, up to the parallel
/// directive (or the function body) S is in.
template <typename Fn> void forEachEnclosing(const FunctionParents &Up, const Stmt *S, Fn F) {
  for (unsigned Steps = 0; S && Steps < 256; ++Steps) {
    S = Up.parent(S);
    const auto *D = dyn_cast_or_null<OMPExecutableDirective>(S);
    if (!D)
      continue;
    if (isOpenMPParallelDirective(D->getDirectiveKind()))
      return;
    F(D);
  }
}

/// A block the team's primary thread runs: master, or masked with no filter.
bool runsOnPrimary(const OMPExecutableDirective *D) {
  return isa<OMPMasterDirective>(D) ||
         (isa<OMPMaskedDirective>(D) && D->getSingleClause<OMPFilterClause>() == nullptr);
}
} // namespace

bool OpenMPConstructs::isCritical(const ContainerPath &Mutex) {
  return Mutex.isThisRooted() && Mutex.RootIsPointee && Mutex.Fields.size() == 1 &&
         !Mutex.Fields.front() && Mutex.Keys.size() == 1 && !Mutex.Keys.front().Var;
}

void OpenMPConstructs::addCriticals(const Decl *Function, const Stmt *S, LockSet &Held) {
  if (!Session.context().getLangOpts().OpenMP || Held.isUnknown() || !Function)
    return;
  forEachEnclosing(Session.parents(Function), S, [&](const OMPExecutableDirective *D) {
    const auto *C = dyn_cast<OMPCriticalDirective>(D);
    if (!C)
      return;
    // One lock per name; a `this`-rooted pointee with an element step is a
    // path resolution never produces, so it names no other mutex.
    std::string Name = C->getDirectiveName().getAsString();
    HeldLock L;
    L.Mutex.RootIsPointee = true;
    L.Mutex.Fields.push_back(nullptr);
    L.Mutex.Keys.push_back(ElementKey{nullptr, Name});
    L.Synthetic =
        Names.save(Name.empty() ? std::string("omp critical") : "omp critical(" + Name + ")")
            .data();
    L.AcquiredAt = C->getBeginLoc();
    Held.add(L);
  });
}

const OMPExecutableDirective *OpenMPConstructs::oneThreadBlock(const Decl *Function,
                                                               const Stmt *S) {
  if (!Session.context().getLangOpts().OpenMP || !Function)
    return nullptr;
  auto [It, New] = OneThread.try_emplace(S, nullptr);
  if (!New)
    return It->second;
  const OMPExecutableDirective *Block = nullptr;
  forEachEnclosing(Session.parents(Function), S, [&](const OMPExecutableDirective *D) {
    if (!Block &&
        (isa<OMPSingleDirective>(D) || isa<OMPMasterDirective>(D) || isa<OMPMaskedDirective>(D)))
      Block = D;
  });
  OneThread[S] = Block;
  return Block;
}

bool OpenMPConstructs::sameThread(const OMPExecutableDirective *A,
                                  const OMPExecutableDirective *B) {
  return A && B && (A == B || (runsOnPrimary(A) && runsOnPrimary(B)));
}

bool OpenMPConstructs::isPrivate(const ValueDecl *V, const Stmt *Directive) {
  const auto *D = dyn_cast_or_null<OMPExecutableDirective>(Directive);
  if (!D || !V)
    return false;
  for (const OMPClause *C : D->clauses()) {
    if (!isa<OMPPrivateClause, OMPFirstprivateClause, OMPLastprivateClause, OMPReductionClause,
             OMPLinearClause>(C))
      continue;
    for (const Stmt *Var : const_cast<OMPClause *>(C)->children())
      if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(Var);
          DRE && DRE->getDecl()->getCanonicalDecl() == V->getCanonicalDecl())
        return true;
  }
  return false;
}

} // namespace mapsafety
