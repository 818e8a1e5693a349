//===- SourceText.cpp - naming code in messages and edits -------------------===//
#include "mapsafety/support/SourceText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace mapsafety {

std::string sourceText(SourceRange R, ASTContext &Ctx) {
  if (R.isInvalid() || R.getBegin().isMacroID() || R.getEnd().isMacroID())
    return "";
  return Lexer::getSourceText(CharSourceRange::getTokenRange(R), Ctx.getSourceManager(),
                              Ctx.getLangOpts())
      .str();
}

std::string displayText(const Expr *E, ASTContext &Ctx) {
  std::string Text = sourceText(E->getSourceRange(), Ctx);
  if (!Text.empty())
    return Text;
  CharSourceRange File =
      Lexer::makeFileCharRange(CharSourceRange::getTokenRange(E->getSourceRange()),
                               Ctx.getSourceManager(), Ctx.getLangOpts());
  if (File.isValid())
    Text = Lexer::getSourceText(File, Ctx.getSourceManager(), Ctx.getLangOpts()).str();
  if (!Text.empty())
    return Text;
  llvm::raw_string_ostream OS(Text);
  E->IgnoreParenImpCasts()->printPretty(OS, nullptr, Ctx.getPrintingPolicy());
  return OS.str();
}

} // namespace mapsafety
