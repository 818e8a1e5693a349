//===- StaleElementReference.cpp - element references an insertion leaves dangling ===//
#include "mapsafety/containers/StaleElementReference.h"
#include "mapsafety/containers/ContainerIdentity.h"
#include "mapsafety/containers/InvalidationFlow.h"
#include "mapsafety/support/AnalysisSession.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace mapsafety {
namespace {

/// A variable bound to an element of a sequence, and that sequence.
struct ElementBinding {
  const VarDecl *Var;
  ContainerPath Container;
};

/// The object of an element access (`v[i]`, `v.at(i)`, `v.front()`,
/// `v.back()`, `v.data()`), or null.
const Expr *elementAccessObject(const Expr *E) {
  E = ignoreCastsAndTemporaries(E);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    return Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2 ? Op->getArg(0) : nullptr;
  const auto *MC = dyn_cast<CXXMemberCallExpr>(E);
  const CXXMethodDecl *M = MC ? MC->getMethodDecl() : nullptr;
  if (!M || !M->getIdentifier())
    return nullptr;
  llvm::StringRef N = M->getName();
  bool Access = N == "at" || N == "front" || N == "back" || N == "data";
  return Access ? MC->getImplicitObjectArgument() : nullptr;
}

/// What V is bound to, when it is a reference to an element or a pointer to one.
const Expr *boundElementObject(const VarDecl *V) {
  const Expr *Init = V->getInit();
  if (!Init)
    return nullptr;
  if (V->getType()->isReferenceType())
    return elementAccessObject(Init);
  if (!V->getType()->isPointerType())
    return nullptr;
  Init = ignoreCastsAndTemporaries(Init);
  if (const auto *U = dyn_cast<UnaryOperator>(Init); U && U->getOpcode() == UO_AddrOf)
    return elementAccessObject(U->getSubExpr());
  // v.data() points into v; `p = v.back()` copies a pointer element, which
  // points wherever it did before.
  const auto *Data = dyn_cast<CXXMemberCallExpr>(Init);
  const CXXMethodDecl *M = Data ? Data->getMethodDecl() : nullptr;
  if (!M || !M->getIdentifier() || M->getName() != "data")
    return nullptr;
  return elementAccessObject(Init);
}

/// Insertions that move the elements themselves (not only the iterators).
bool movesElements(MutationKind Kind, ContainerFamily F) {
  bool Growth = Kind == MutationKind::Insert || Kind == MutationKind::InsertAtEnd ||
                Kind == MutationKind::Resize;
  if (F == ContainerFamily::Contiguous)
    return Growth;
  return F == ContainerFamily::Deque && Kind == MutationKind::Insert;
}

bool isSequenceObject(const Expr *Object, const ContainerModel &Model) {
  std::optional<ContainerTraits> T = Model.classify(Object->getType());
  return T && T->isSequence();
}
} // namespace

std::vector<StaleElementUse> findStaleElementUses(const Stmt *Body, const Decl *Function,
                                                  const ContainerModel &Model,
                                                  AnalysisSession &Session) {
  std::vector<StaleElementUse> Result;
  const FunctionCFG *Flow = Session.cfg(Function);
  if (!Body || !Flow || !Flow->valid())
    return Result;
  ASTContext &Ctx = Session.context();
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<ElementBinding> Bindings;
  forEachEvaluatedStmt(Body, [&](const Stmt *S) {
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D))
          if (const Expr *Obj = boundElementObject(V); Obj && isSequenceObject(Obj, Model))
            if (std::optional<ContainerPath> P = resolveObject(Obj, Ctx, loopRuleResolve(Model)))
              Bindings.push_back({V, *P});
      return;
    }
    const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
    if (!MC || Bindings.empty())
      return;
    const Expr *Obj = MC->getImplicitObjectArgument();
    std::optional<ContainerTraits> T = Obj ? Model.classify(Obj->getType()) : std::nullopt;
    if (!T || !T->isSequence())
      return;
    MutationKind Kind = Model.classifyMemberCall(MC->getMethodDecl(), *T);
    std::optional<ContainerPath> P = movesElements(Kind, T->Family)
                                         ? resolveObject(Obj, Ctx, loopRuleResolve(Model))
                                         : std::nullopt;
    if (!P)
      return;
    for (const ElementBinding &B : Bindings) {
      // Only a binding taken before the insertion can be left dangling by it.
      if (B.Container != *P ||
          !SM.isBeforeInTranslationUnit(B.Var->getLocation(), MC->getBeginLoc()))
        continue;
      if (const Expr *Use = findUseAfter(*Flow, MC, B.Var))
        Result.push_back({B.Var, MC, Obj, Kind, *T, Use});
    }
  });
  return Result;
}

} // namespace mapsafety
