//===- DocLinks.cpp - rule links in diagnostics point at our docs ----------===//
//
// clangd gives every clang-tidy diagnostic a link (LSP codeDescription.href,
// the rule name an editor underlines) built from the check's name:
// https://clang.llvm.org/extra/clang-tidy/checks/<module>/<check>.html. For
// mapsafety-* that page does not exist (a 404 on clang.llvm.org). The link is
// made inside Diagnostics.cpp (getDiagnosticDocURI, called from the same object
// file, so it cannot be wrapped); what we can wrap is where the diagnostics
// become JSON: clang::clangd::toJSON(const PublishDiagnosticsParams &), defined in
// Protocol.cpp and called from ClangdLSPServer.cpp (CMakeLists.txt: --wrap).
// The wrapper rewrites the href of our diagnostics to our rule page:
//  1. MAPSAFETY_DOCS_URL (CMake cache, a web copy of the docs) + /checks/<id>.md;
//  2. else the page installed with this binary: <bin>/../share/doc/mapsafety/checks/<id>.md;
//  3. else the page in the source tree the binary was built from;
// as a file:// URI; with no page anywhere, the link is dropped rather than left
// pointing at a 404. Other checks keep clangd's link. As with FastTidyChecks.cpp,
// should a clangd rename the function, the link fails on __real_ instead of
// silently keeping the 404.
//
//===----------------------------------------------------------------------===//
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include <optional>
#include <string>

#ifndef MAPSAFETY_DOCS_URL
#error "CMake passes MAPSAFETY_DOCS_URL (possibly empty)"
#endif
#ifndef MAPSAFETY_SOURCE_DOCS_DIR
#error "CMake passes MAPSAFETY_SOURCE_DOCS_DIR"
#endif

namespace clang::clangd {
struct PublishDiagnosticsParams; // Only passed through, by reference.
} // namespace clang::clangd

namespace {

/// file:// URI of an absolute path (percent-encoding what a URI may not hold).
std::string fileURI(llvm::StringRef Path) {
  std::string URI = "file://";
  for (char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C))
      URI += C;
    else
      URI += "%" + llvm::utohexstr(static_cast<unsigned char>(C), /*LowerCase=*/false, /*Width=*/2);
  }
  return URI;
}

/// Where the rule pages are: a URL base or a directory, once per process.
const std::string &checksDocsBase(bool &IsURL) {
  static bool URL = false;
  static const std::string Base = [] {
    llvm::StringRef Configured(MAPSAFETY_DOCS_URL);
    if (!Configured.empty()) {
      URL = true;
      return Configured.rtrim('/').str() + "/checks/";
    }
    static int Anchor;
    std::string Exe = llvm::sys::fs::getMainExecutable("mapsafety-clangd", &Anchor);
    llvm::SmallString<256> Installed(
        llvm::sys::path::parent_path(llvm::sys::path::parent_path(Exe)));
    llvm::sys::path::append(Installed, "share", "doc", "mapsafety", "checks");
    for (llvm::StringRef Dir :
         {llvm::StringRef(Installed), llvm::StringRef(MAPSAFETY_SOURCE_DOCS_DIR)})
      if (llvm::sys::fs::is_directory(Dir))
        return Dir.str() + "/";
    return std::string();
  }();
  IsURL = URL;
  return Base;
}

/// The link for check Name: our page, or nullopt when there is none.
std::optional<std::string> ruleLink(llvm::StringRef Name) {
  bool IsURL = false;
  const std::string &Base = checksDocsBase(IsURL);
  if (Base.empty())
    return std::nullopt;
  std::string Page = Base + Name.str() + ".md";
  if (IsURL)
    return Page;
  if (!llvm::sys::fs::exists(Page))
    return std::nullopt;
  return fileURI(Page);
}

void relinkOurDiagnostics(llvm::json::Value &Params) {
  llvm::json::Object *Obj = Params.getAsObject();
  llvm::json::Array *Diags = Obj ? Obj->getArray("diagnostics") : nullptr;
  if (!Diags)
    return;
  for (llvm::json::Value &D : *Diags) {
    llvm::json::Object *Diag = D.getAsObject();
    std::optional<llvm::StringRef> Code = Diag ? Diag->getString("code") : std::nullopt;
    if (!Code || !Code->starts_with("mapsafety-"))
      continue;
    if (std::optional<std::string> Link = ruleLink(*Code))
      (*Diag)["codeDescription"] = llvm::json::Object{{"href", *Link}};
    else
      Diag->erase("codeDescription");
  }
}

} // namespace

// The mangled name of
// `llvm::json::Value clang::clangd::toJSON(const clang::clangd::PublishDiagnosticsParams &)`.
#define MAPSAFETY_TO_JSON _ZN5clang6clangd6toJSONERKNS0_24PublishDiagnosticsParamsE
#define MAPSAFETY_CONCAT2(A, B) A##B
#define MAPSAFETY_CONCAT(A, B) MAPSAFETY_CONCAT2(A, B)

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wreturn-type-c-linkage"
extern "C" {
// NOLINTBEGIN(readability-identifier-naming,bugprone-reserved-identifier): names fixed by --wrap
llvm::json::Value
    MAPSAFETY_CONCAT(__real_, MAPSAFETY_TO_JSON)(const clang::clangd::PublishDiagnosticsParams &P);

llvm::json::Value
MAPSAFETY_CONCAT(__wrap_, MAPSAFETY_TO_JSON)(const clang::clangd::PublishDiagnosticsParams &P) {
  llvm::json::Value Params = MAPSAFETY_CONCAT(__real_, MAPSAFETY_TO_JSON)(P);
  relinkOurDiagnostics(Params);
  return Params;
}
// NOLINTEND(readability-identifier-naming,bugprone-reserved-identifier)
}
#pragma clang diagnostic pop
