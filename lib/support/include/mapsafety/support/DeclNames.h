//===- DeclNames.h - how the models name declarations ----------------------===//
//
// The models (containers, mutexes, guards, launch functions) recognise
// classes and functions by qualified name; these spell a declaration the way
// the models and the options write it, whichever standard library is used.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_SUPPORT_DECLNAMES_H
#define MAPSAFETY_SUPPORT_DECLNAMES_H

#include <string>

namespace clang {
class CXXRecordDecl;
class NamedDecl;
} // namespace clang

namespace mapsafety {

/// The qualified name of D with inline namespaces (std::__1, absl::lts_*) left out.
std::string qualifiedNameWithoutInlineNamespaces(const clang::NamedDecl *D);

/// The name models know a class by: its template's for a specialization
/// (`std::map` for `std::map<int, int>`), its own otherwise; inline
/// namespaces left out. Empty for a null class.
std::string classOrTemplateName(const clang::CXXRecordDecl *RD);

} // namespace mapsafety

#endif
