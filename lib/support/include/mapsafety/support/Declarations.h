//===- Declarations.h - how the models name and read declarations ------===//
//
// The models (containers, mutexes, guards, launch functions) recognise
// classes and functions by qualified name; these spell a declaration the way
// the models and the options write it, whichever standard library is used.
// Also: which callee definitions the analyses may read (user code only).
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_SUPPORT_DECLARATIONS_H
#define MAPSAFETY_SUPPORT_DECLARATIONS_H

#include <string>

namespace clang {
class CXXRecordDecl;
class FunctionDecl;
class NamedDecl;
class SourceManager;
} // namespace clang

namespace mapsafety {

/// The qualified name of D with inline namespaces (std::__1, absl::lts_*) left out.
std::string qualifiedNameWithoutInlineNamespaces(const clang::NamedDecl *D);

/// The name models know a class by: its template's for a specialization
/// (`std::map` for `std::map<int, int>`), its own otherwise; inline
/// namespaces left out. Empty for a null class.
std::string classOrTemplateName(const clang::CXXRecordDecl *RD);

/// The definition of Callee when the translation unit has it outside system
/// headers (a call the analyses can follow into); null otherwise.
const clang::FunctionDecl *userDefinition(const clang::FunctionDecl *Callee,
                                          const clang::SourceManager &SM);

} // namespace mapsafety

#endif
