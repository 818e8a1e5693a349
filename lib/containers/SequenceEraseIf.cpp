//===- SequenceEraseIf.cpp - std::erase_if for erase-in-loop over a sequence ===//
#include "mapsafety/containers/SequenceEraseIf.h"
#include "mapsafety/containers/LoopRewrite.h"
#include "mapsafety/support/SourceText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include <algorithm>

using namespace clang;

namespace mapsafety {
namespace {

bool namesVar(const Expr *E, const VarDecl *V) {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? ignoreCopies(E) : nullptr);
  return DRE && DRE->getDecl() == V;
}

/// A callee that cannot change its arguments or reach the container other
/// than through them: a const member function, or a standard library
/// function taking its arguments by value or by reference to const.
bool isObservingCall(const CallExpr *Call, const SourceManager &SM) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return false;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee); Method && !Method->isStatic())
    return Method->isConst();
  if (!SM.isInSystemHeader(Callee->getLocation()))
    return false;
  return llvm::all_of(Callee->parameters(), [](const ParmVarDecl *P) {
    QualType T = P->getType();
    return !T->isPointerType() &&
           (!T->isReferenceType() || T.getNonReferenceType().isConstQualified());
  });
}

/// Rewrites the predicate of the loop over the element: `*it` becomes
/// `elem_`, `it->` becomes `elem_.`; refuses anything that could observe the
/// container or change state.
class PredicateRewrite {
public:
  PredicateRewrite(const VarDecl *It, const ContainerPath &Container, ASTContext &Ctx)
      : It(It), Container(Container), Ctx(Ctx), SM(Ctx.getSourceManager()) {}

  /// P's text with the element renamed, or "" when P is not provably pure.
  std::string rewrite(const Expr *P) {
    if (!walk(P))
      return "";
    SourceLocation Begin = P->getBeginLoc();
    SourceLocation End = Lexer::getLocForEndOfToken(P->getEndLoc(), 0, SM, Ctx.getLangOpts());
    if (Begin.isMacroID() || End.isInvalid() || End.isMacroID())
      return "";
    std::sort(Edits.begin(), Edits.end(), [&](const Edit &A, const Edit &B) {
      return SM.isBeforeInTranslationUnit(A.Begin, B.Begin);
    });
    std::string Out;
    SourceLocation At = Begin;
    for (const Edit &E : Edits) {
      if (E.Begin.isMacroID() || E.End.isMacroID() || SM.isBeforeInTranslationUnit(E.Begin, At))
        return "";
      Out += text(At, E.Begin) + E.Text;
      At = E.End;
    }
    return Out + text(At, End);
  }

private:
  struct Edit {
    SourceLocation Begin, End; ///< characters [Begin, End) become Text
    std::string Text;
  };

  std::string text(SourceLocation From, SourceLocation To) {
    return Lexer::getSourceText(CharSourceRange::getCharRange(From, To), SM, Ctx.getLangOpts())
        .str();
  }

  /// `*it` (builtin or overloaded): the element itself.
  bool isDeref(const Expr *E) {
    if (const auto *U = dyn_cast<UnaryOperator>(E))
      return U->getOpcode() == UO_Deref && namesVar(U->getSubExpr(), It);
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
      return Op->getOperator() == OO_Star && Op->getNumArgs() == 1 && namesVar(Op->getArg(0), It);
    return false;
  }

  /// `it->m`: the base of the member access names the iterator.
  bool isArrowOfIterator(const MemberExpr *ME) {
    if (!ME->isArrow())
      return false;
    const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Base);
        Op && Op->getOperator() == OO_Arrow && Op->getNumArgs() == 1)
      Base = Op->getArg(0);
    return namesVar(Base, It);
  }

  bool allowedVariable(const ValueDecl *D) {
    if (isa<EnumConstantDecl>(D))
      return true;
    const auto *V = dyn_cast<VarDecl>(D);
    if (!V || V == It || V->hasGlobalStorage() || V == Container.Root)
      return false;
    // A value that cannot reach the container: a number, an enum, a bool.
    QualType T = V->getType();
    return !T->isReferenceType() && T->isScalarType() && !T->isAnyPointerType() &&
           !T->isMemberPointerType();
  }

  bool walk(const Stmt *S) {
    if (!S)
      return true;
    if (const auto *E = dyn_cast<Expr>(S); E && isDeref(E)) {
      Edits.push_back({E->getBeginLoc(),
                       Lexer::getLocForEndOfToken(E->getEndLoc(), 0, SM, Ctx.getLangOpts()),
                       "elem_"});
      return true;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(S); ME && isArrowOfIterator(ME)) {
      Edits.push_back({ME->getBase()->getBeginLoc(), ME->getMemberLoc(), "elem_."});
      return true;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      return allowedVariable(DRE->getDecl());
    if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
      return false;
    if (const auto *UO = dyn_cast<UnaryOperator>(S); UO && UO->isIncrementDecrementOp())
      return false;
    if (const auto *Call = dyn_cast<CallExpr>(S); Call && !isObservingCall(Call, SM))
      return false;
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(S);
        Construct && !SM.isInSystemHeader(Construct->getConstructor()->getLocation()) &&
        !Construct->getConstructor()->isTrivial())
      return false;
    if (!isa<CallExpr, CXXConstructExpr, ParenExpr, ImplicitCastExpr, ExplicitCastExpr,
             BinaryOperator, UnaryOperator, ConditionalOperator, MemberExpr, IntegerLiteral,
             FloatingLiteral, CharacterLiteral, StringLiteral, CXXBoolLiteralExpr,
             CXXNullPtrLiteralExpr, MaterializeTemporaryExpr, ExprWithCleanups,
             CXXBindTemporaryExpr, CXXDefaultArgExpr, UnaryExprOrTypeTraitExpr>(S))
      return false;
    for (const Stmt *Child : S->children())
      if (!walk(Child))
        return false;
    return true;
  }

  const VarDecl *It;
  const ContainerPath &Container;
  ASTContext &Ctx;
  const SourceManager &SM;
  std::vector<Edit> Edits;
};
} // namespace

std::vector<TextEdit> rewriteSequenceLoopAsEraseIf(const LoopIteration &Loop, const LoopMutation &M,
                                                   ASTContext &Ctx) {
  if (!Ctx.getLangOpts().CPlusPlus20 || !Loop.Traits.IsStd || !Loop.Traits.isSequence() ||
      Loop.hidesIterator() || Loop.ContainerIsPointer || M.Kind != MutationKind::Erase ||
      M.helperCall() || M.ObjectIsPointer || M.Conditional || !writtenOnce(Loop))
    return {};
  // The erase: `C.erase(it)`.
  const auto *Erase = dyn_cast<CXXMemberCallExpr>(M.Mutation);
  if (!Erase || Erase->getNumArgs() != 1 || !namesVar(Erase->getArg(0), Loop.IteratorVar) ||
      M.Mutation->getBeginLoc().isMacroID())
    return {};
  // The loop: `for (auto it = C.begin(); it != C.end(); ++it)`, `it` its own.
  const auto *For = dyn_cast<ForStmt>(Loop.Loop);
  const auto *Init = For ? dyn_cast_or_null<DeclStmt>(For->getInit()) : nullptr;
  if (!Init || !Init->isSingleDecl() || Init->getSingleDecl() != Loop.IteratorVar)
    return {};
  const auto *Begin = dyn_cast_or_null<CXXMemberCallExpr>(
      Loop.IteratorVar->getInit() ? ignoreCopies(Loop.IteratorVar->getInit()) : nullptr);
  const CXXMethodDecl *BeginMethod = Begin ? Begin->getMethodDecl() : nullptr;
  if (!BeginMethod || !BeginMethod->getIdentifier() || BeginMethod->getName() != "begin" ||
      resolveObject(Begin->getImplicitObjectArgument(), Ctx) != Loop.Container)
    return {};
  const Expr *Inc = For->getInc() ? For->getInc()->IgnoreParenImpCasts() : nullptr;
  const Expr *Incremented = nullptr;
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(Inc); U && U->isIncrementOp())
    Incremented = U->getSubExpr();
  else if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Inc);
           Op && Op->getOperator() == OO_PlusPlus)
    Incremented = Op->getArg(0);
  if (!namesVar(Incremented, Loop.IteratorVar))
    return {};
  // The body: exactly `if (P) C.erase(it);`.
  const auto *If = dyn_cast_or_null<IfStmt>(onlyStatement(Loop.Body));
  if (!If || If->getElse() || If->getInit() || If->getConditionVariable() || If->isConstexpr())
    return {};
  const auto *Then = dyn_cast_or_null<Expr>(onlyStatement(If->getThen()));
  if (!Then || ignoreCastsAndTemporaries(Then) != M.Mutation)
    return {};
  std::string Pred = PredicateRewrite(Loop.IteratorVar, Loop.Container, Ctx).rewrite(If->getCond());
  std::string Container = sourceText(Loop.ContainerExpr->getSourceRange(), Ctx);
  if (Pred.empty() || Container.empty())
    return {};
  // The loop ends at its body; a body that is not a block ends with a `;`.
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation End =
      isa<CompoundStmt>(For->getBody())
          ? Lexer::getLocForEndOfToken(For->getEndLoc(), 0, SM, Ctx.getLangOpts())
          : Lexer::findLocationAfterToken(For->getEndLoc(), tok::semi, SM, Ctx.getLangOpts(),
                                          /*SkipTrailingWhitespaceAndNewLine=*/false);
  if (End.isInvalid() || End.isMacroID())
    return {};
  return {{CharSourceRange::getCharRange(For->getBeginLoc(), End),
           "std::erase_if(" + Container + ", [&](const auto& elem_) { return " + Pred + "; });"}};
}

} // namespace mapsafety
