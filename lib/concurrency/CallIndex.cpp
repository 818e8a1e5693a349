//===- CallIndex.cpp - who calls each function of the TU, and who names it ===//
#include "CallIndex.h"
#include "mapsafety/support/AnalysisSession.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace mapsafety {

namespace {
const Decl *canonical(const Decl *D) { return D->getCanonicalDecl(); }

/// One walk per definition; lambdas are walked as their call operators.
class Indexer {
public:
  Indexer(CallIndex::CallerMap &CallersOf, CallIndex::NameSites &NamedAt)
      : CallersOf(CallersOf), NamedAt(NamedAt) {}

  void index(const FunctionDecl *F) {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        walk(F, Init->getInit());
    walk(F, F->getBody());
  }

private:
  void walk(const Decl *Caller, const Stmt *Body) {
    llvm::SmallPtrSet<const Expr *, 16> CalleePositions;
    forEachStmt(Body, [&](const Stmt *S) {
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        if (const Expr *Callee = Call->getCallee())
          CalleePositions.insert(Callee->IgnoreParenImpCasts());
        if (const FunctionDecl *Target = Call->getDirectCallee())
          addCaller(canonical(Target), Caller);
      } else if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
        if (isa<FunctionDecl>(Ref->getDecl()) && !CalleePositions.count(Ref))
          NamedAt[canonical(Ref->getDecl())].push_back(Ref->getBeginLoc());
      } else if (const auto *M = dyn_cast<MemberExpr>(S)) {
        if (isa<CXXMethodDecl>(M->getMemberDecl()) && !CalleePositions.count(M))
          NamedAt[canonical(M->getMemberDecl())].push_back(M->getBeginLoc());
      } else if (const auto *L = dyn_cast<LambdaExpr>(S)) {
        // forEachStmt stops at the lambda: its captures are initialised here.
        for (const Expr *Init : L->capture_inits())
          walk(Caller, Init);
        walk(L->getCallOperator(), L->getBody());
      }
    });
  }

  /// A set beside the lists: a helper called from hundreds of functions
  /// would otherwise cost a scan of its callers at every call.
  void addCaller(const Decl *Callee, const Decl *Caller) {
    if (Seen.insert({Callee, Caller}).second)
      CallersOf[Callee].push_back(Caller);
  }

  CallIndex::CallerMap &CallersOf;
  CallIndex::NameSites &NamedAt;
  llvm::DenseSet<std::pair<const Decl *, const Decl *>> Seen;
};
} // namespace

CallIndex::CallIndex(AnalysisSession &Session) {
  Indexer I(CallersOf, NamedAt);
  for (const FunctionDecl *F : Session.definitions())
    if (F->hasBody() && !F->isDependentContext())
      I.index(F);
}

const CallIndex &CallIndex::in(AnalysisSession &Session) {
  return Session.part<CallIndex>("", [&] { return std::make_unique<CallIndex>(Session); });
}

llvm::ArrayRef<const Decl *> CallIndex::callersOf(const Decl *F) const {
  auto It = CallersOf.find(canonical(F));
  return It == CallersOf.end() ? llvm::ArrayRef<const Decl *>()
                               : llvm::ArrayRef<const Decl *>(It->second);
}

llvm::ArrayRef<SourceLocation> CallIndex::namedAt(const Decl *F) const {
  auto It = NamedAt.find(canonical(F));
  return It == NamedAt.end() ? llvm::ArrayRef<SourceLocation>()
                             : llvm::ArrayRef<SourceLocation>(It->second);
}

} // namespace mapsafety
