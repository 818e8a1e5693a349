//===- SourceText.h - naming code in messages and edits ---------------------===//
#ifndef MAPSAFETY_SOURCETEXT_H
#define MAPSAFETY_SOURCETEXT_H

#include "clang/Basic/SourceLocation.h"
#include <string>

namespace clang {
class ASTContext;
class Expr;
} // namespace clang

namespace mapsafety {

/// The source text of R as written (empty for macro-expanded or invalid ranges).
std::string sourceText(clang::SourceRange R, clang::ASTContext &Ctx);

/// How to name E in a message: its text as written, else the text of the macro
/// call it comes from, else E pretty-printed. Never empty for a valid E.
std::string displayText(const clang::Expr *E, clang::ASTContext &Ctx);

} // namespace mapsafety

#endif
