//===- LoopRewrite.cpp - provably equivalent rewrites of erase-in-loop ------===//
#include "mapsafety/containers/LoopRewrite.h"
#include "mapsafety/support/SourceText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace mapsafety {

bool writtenOnce(const LoopIteration &Loop) {
  if (Loop.Loop->getBeginLoc().isMacroID() || Loop.Loop->getEndLoc().isMacroID())
    return false;
  // Any template around the loop, a lambda's or a local class's included.
  for (const DeclContext *DC = dyn_cast_or_null<DeclContext>(Loop.Function); DC;
       DC = DC->getParent())
    if (const auto *FD = dyn_cast<FunctionDecl>(DC))
      if (FD->isTemplateInstantiation() || FD->getTemplateInstantiationPattern() ||
          FD->isDependentContext())
        return false;
  return Loop.Function != nullptr;
}

const Stmt *onlyStatement(const Stmt *S) {
  while (const auto *CS = dyn_cast_or_null<CompoundStmt>(S)) {
    if (CS->size() != 1)
      return nullptr;
    S = CS->body_front();
  }
  return S;
}

namespace {

/// Rewriting is only sound where the text we edit is the text that was
/// compiled, once: not in macros, not in code shared by template instantiations.
bool rewritable(const LoopIteration &Loop, const LoopMutation &M) {
  return !M.Mutation->getBeginLoc().isMacroID() && !M.Mutation->getEndLoc().isMacroID() &&
         writtenOnce(Loop);
}

/// `if (P) <erase>;` with no else, no init and no condition variable, whose
/// then-branch is exactly the erase call of Mutation.
const IfStmt *ifGuardingOnly(const Stmt *S, const LoopMutation &M) {
  const auto *If = dyn_cast_or_null<IfStmt>(S);
  if (!If || If->getElse() || If->getInit() || If->getConditionVariable() || If->isConstexpr())
    return nullptr;
  const Stmt *Then = onlyStatement(If->getThen());
  const auto *E = dyn_cast_or_null<Expr>(Then);
  if (!E || E->IgnoreParenImpCasts() != M.Mutation)
    return nullptr;
  return If;
}

bool isIncrementOf(const Stmt *S, const VarDecl *V) {
  const Expr *Sub = nullptr;
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(S)) {
    if (U->isIncrementOp())
      Sub = U->getSubExpr();
  } else if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(S)) {
    if (Op->getOperator() == OO_PlusPlus)
      Sub = Op->getArg(0);
  }
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(Sub ? Sub->IgnoreParenImpCasts() : nullptr);
  return DRE && DRE->getDecl() == V;
}

/// The location just past the `;` that ends the statement ending at End.
SourceLocation afterSemicolon(SourceLocation End, ASTContext &Ctx) {
  return Lexer::findLocationAfterToken(End, tok::semi, Ctx.getSourceManager(), Ctx.getLangOpts(),
                                       /*SkipTrailingWhitespaceAndNewLine=*/false);
}

/// Where `else ...` goes after the if's then-branch.
SourceLocation afterThen(const IfStmt *If, ASTContext &Ctx) {
  const Stmt *Then = If->getThen();
  if (isa<CompoundStmt>(Then))
    return Lexer::getLocForEndOfToken(Then->getEndLoc(), 0, Ctx.getSourceManager(),
                                      Ctx.getLangOpts());
  return afterSemicolon(Then->getEndLoc(), Ctx);
}

/// The whitespace that starts the line holding Loc ("" for an invalid Loc).
std::string indentOfLine(SourceLocation Loc, const SourceManager &SM) {
  bool Invalid = false;
  const char *At = Loc.isValid() ? SM.getCharacterData(SM.getSpellingLoc(Loc), &Invalid) : nullptr;
  if (!At || Invalid)
    return "";
  unsigned Col = SM.getSpellingColumnNumber(Loc);
  StringRef Line(At - (Col - 1), Col - 1);
  return Line.substr(0, Line.find_first_not_of(" \t")).str();
}

/// True if only whitespace precedes Loc on its line.
bool firstOnLine(SourceLocation Loc, const SourceManager &SM) {
  return indentOfLine(Loc, SM).size() + 1 == SM.getSpellingColumnNumber(Loc);
}

/// "\r\n" if the line holding Loc ends that way, else "\n".
std::string lineBreakAt(SourceLocation Loc, const SourceManager &SM) {
  bool Invalid = false;
  const char *At = SM.getCharacterData(SM.getSpellingLoc(Loc), &Invalid);
  if (Invalid)
    return "\n";
  StringRef Rest(At);
  size_t NL = Rest.find('\n');
  return NL != StringRef::npos && NL > 0 && Rest[NL - 1] == '\r' ? "\r\n" : "\n";
}

bool onSameLine(SourceLocation A, SourceLocation B, const SourceManager &SM) {
  return SM.getSpellingLineNumber(A) == SM.getSpellingLineNumber(B);
}

/// Past a `// comment` that follows Loc on its line (Loc itself when none does),
/// so that text starting with a line break goes after the comment, which stays
/// with the statement it was written beside.
SourceLocation pastTrailingLineComment(SourceLocation Loc, const SourceManager &SM) {
  bool Invalid = false;
  const char *At = SM.getCharacterData(SM.getSpellingLoc(Loc), &Invalid);
  if (Invalid)
    return Loc;
  StringRef Rest(At);
  Rest = Rest.substr(0, Rest.find_first_of("\r\n"));
  StringRef Code = Rest.ltrim(" \t").rtrim(" \t");
  // A comment continued by a backslash runs on: the text stays before it.
  if (Code.substr(0, 2) != "//" || Code.back() == '\\')
    return Loc;
  return Loc.getLocWithOffset(static_cast<int>(Rest.size()));
}

/// What one level of indentation is in this code: how much deeper the if sits
/// than the loop around it; else a tab where the if's line is indented with
/// tabs, two spaces otherwise.
std::string indentStep(const Stmt *Loop, const IfStmt *If, const SourceManager &SM) {
  std::string Outer = indentOfLine(Loop->getBeginLoc(), SM);
  std::string Inner = indentOfLine(If->getBeginLoc(), SM);
  if (firstOnLine(If->getBeginLoc(), SM) && Inner.size() > Outer.size() &&
      Inner.compare(0, Outer.size(), Outer) == 0)
    return Inner.substr(Outer.size());
  return !Inner.empty() && Inner[0] == '\t' ? "\t" : "  ";
}

/// The `else` branch holding the moved increment, and where it goes, laid out
/// as the code around it:
///  - a then-branch on the if's line (braced on one line or not) gets
///    ` else ++it;` / ` else { ++it; }` on that line;
///  - an unbraced then-branch on a line of its own gets `else` on a line of its
///    own at the if's indentation and the increment below it, indented as the
///    erase (after a `//` comment that ends the erase's line);
///  - a block over several lines gets `} else {`, the increment on a line of
///    its own indented as the erase (one level deeper than the brace when the
///    erase sits on the brace's line), and the closing brace under the
///    then-branch's.
struct ElseBranch {
  SourceLocation At;
  std::string Text;
};
ElseBranch elseBranch(const Stmt *Loop, const IfStmt *If, const Stmt *Erase, const std::string &Inc,
                      ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation At = afterThen(If, Ctx);
  std::string NL = lineBreakAt(If->getBeginLoc(), SM);
  const auto *Block = dyn_cast<CompoundStmt>(If->getThen());
  if (!Block) {
    SourceLocation Then = If->getThen()->getBeginLoc();
    if (onSameLine(If->getRParenLoc(), Then, SM) || !firstOnLine(If->getBeginLoc(), SM) ||
        !firstOnLine(Then, SM))
      return {At, " else " + Inc + ";"};
    return {pastTrailingLineComment(At, SM), NL + indentOfLine(If->getBeginLoc(), SM) + "else" +
                                                 NL + indentOfLine(Then, SM) + Inc + ";"};
  }
  if (onSameLine(Block->getLBracLoc(), Block->getRBracLoc(), SM))
    return {At, " else { " + Inc + "; }"};
  std::string BodyIndent = onSameLine(Block->getLBracLoc(), Erase->getBeginLoc(), SM)
                               ? indentOfLine(Block->getRBracLoc(), SM) + indentStep(Loop, If, SM)
                               : indentOfLine(Erase->getBeginLoc(), SM);
  return {At, " else {" + NL + BodyIndent + Inc + ";" + NL +
                  indentOfLine(Block->getRBracLoc(), SM) + "}"};
}

const CXXMemberCallExpr *eraseOfOneArgument(const LoopMutation &M) {
  if (M.Kind != MutationKind::Erase || M.helperCall())
    return nullptr;
  const auto *Call = dyn_cast<CXXMemberCallExpr>(M.Mutation);
  if (!Call || Call->getNumArgs() != 1 || M.ObjectIsPointer)
    return nullptr;
  return Call;
}
} // namespace

std::vector<TextEdit> rewriteEraseThenIncrement(const LoopIteration &Loop, const LoopMutation &M,
                                                ASTContext &Ctx) {
  const CXXMemberCallExpr *Erase = eraseOfOneArgument(M);
  if (Loop.IsRangeFor || !Erase || Erase->getType()->isVoidType() || !rewritable(Loop, M))
    return {};
  if (!Loop.namesIterator(Erase->getArg(0)))
    return {};
  // erase returns a const_iterator for some containers; it must assign back to `it`.
  if (!Ctx.hasSameUnqualifiedType(Erase->getType().getNonReferenceType(),
                                  Loop.IteratorVar->getType()))
    return {};
  std::string ItName = Loop.IteratorVar->getName().str();
  std::vector<TextEdit> Edits;
  if (const auto *For = dyn_cast<ForStmt>(Loop.Loop)) {
    const IfStmt *If = ifGuardingOnly(onlyStatement(For->getBody()), M);
    if (!If || !isIncrementOf(For->getInc(), Loop.IteratorVar))
      return {};
    std::string Inc = sourceText(For->getInc()->getSourceRange(), Ctx);
    if (Inc.empty() || afterThen(If, Ctx).isInvalid())
      return {};
    ElseBranch Else = elseBranch(For, If, Erase, Inc, Ctx);
    Edits.push_back({CharSourceRange::getTokenRange(For->getInc()->getSourceRange()), ""});
    Edits.push_back({CharSourceRange::getCharRange(Erase->getBeginLoc(), Erase->getBeginLoc()),
                     ItName + " = "});
    Edits.push_back({CharSourceRange::getCharRange(Else.At, Else.At), Else.Text});
    return Edits;
  }
  if (const auto *While = dyn_cast<WhileStmt>(Loop.Loop)) {
    const auto *Body = dyn_cast<CompoundStmt>(While->getBody());
    if (!Body || Body->size() != 2)
      return {};
    const IfStmt *If = ifGuardingOnly(Body->body_front(), M);
    const Stmt *IncStmt = Body->body_back();
    if (!If || !isIncrementOf(IncStmt, Loop.IteratorVar))
      return {};
    std::string Inc = sourceText(IncStmt->getSourceRange(), Ctx);
    SourceLocation IncEnd = afterSemicolon(IncStmt->getEndLoc(), Ctx);
    if (Inc.empty() || afterThen(If, Ctx).isInvalid() || IncEnd.isInvalid())
      return {};
    ElseBranch Else = elseBranch(While, If, Erase, Inc, Ctx);
    Edits.push_back({CharSourceRange::getCharRange(Erase->getBeginLoc(), Erase->getBeginLoc()),
                     ItName + " = "});
    // The increment's own line goes (from the end of the then-branch to its `;`).
    Edits.push_back({CharSourceRange::getCharRange(Else.At, IncEnd), Else.Text});
    return Edits;
  }
  return {};
}

std::vector<TextEdit> rewriteAsEraseIf(const LoopIteration &Loop, const LoopMutation &M,
                                       ASTContext &Ctx) {
  const CXXMemberCallExpr *Erase = eraseOfOneArgument(M);
  if (!Loop.IsRangeFor || !Erase || !Ctx.getLangOpts().CPlusPlus20 || !Loop.Traits.IsStd ||
      !rewritable(Loop, M) || Loop.Traits.MultiKey ||
      !Loop.isKeyOfCurrentElement(Erase->getArg(0), Ctx))
    return {};
  const auto *RF = cast<CXXForRangeStmt>(Loop.Loop);
  const IfStmt *If = ifGuardingOnly(onlyStatement(RF->getBody()), M);
  if (!If || !Loop.LoopVar)
    return {};
  std::string Container = sourceText(Loop.ContainerExpr->getSourceRange(), Ctx);
  std::string Pred = sourceText(If->getCond()->getSourceRange(), Ctx);
  // The loop variable as written: everything between `(` and the `:`.
  std::string Decl = Lexer::getSourceText(CharSourceRange::getCharRange(
                                              Loop.LoopVar->getOuterLocStart(), RF->getColonLoc()),
                                          Ctx.getSourceManager(), Ctx.getLangOpts())
                         .trim()
                         .str();
  if (Loop.LoopVar->getOuterLocStart().isMacroID() || RF->getColonLoc().isMacroID())
    return {};
  if (Container.empty() || Pred.empty() || Decl.empty())
    return {};
  std::string Lambda;
  if (isa<DecompositionDecl>(Loop.LoopVar)) {
    size_t Open = Decl.find('['), Close = Decl.rfind(']');
    if (Open == std::string::npos || Close == std::string::npos || Close < Open)
      return {};
    std::string Param = Decl.substr(0, Open) + "elem_" + Decl.substr(Close + 1);
    Lambda = "[&](" + Param + ") { " + Decl + " = elem_; return " + Pred + "; }";
  } else {
    Lambda = "[&](" + Decl + ") { return " + Pred + "; }";
  }
  // The loop ends at its body; a body that is not a block ends with a `;`.
  SourceLocation End = isa<CompoundStmt>(RF->getBody())
                           ? Lexer::getLocForEndOfToken(RF->getEndLoc(), 0, Ctx.getSourceManager(),
                                                        Ctx.getLangOpts())
                           : afterSemicolon(RF->getEndLoc(), Ctx);
  if (End.isInvalid() || RF->getBeginLoc().isMacroID())
    return {};
  return {{CharSourceRange::getCharRange(RF->getBeginLoc(), End),
           "std::erase_if(" + Container + ", " + Lambda + ");"}};
}

} // namespace mapsafety
