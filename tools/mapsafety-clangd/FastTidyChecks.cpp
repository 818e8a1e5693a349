//===- FastTidyChecks.cpp - let clangd run the mapsafety checks ------------===//
//
// clangd runs only the clang-tidy checks its latency table (TidyFastChecks.inc,
// compiled into clangd) lists as fast, unless the user's config says
// `Diagnostics: ClangTidy: FastCheckFilter: Loose` (or `None`). Out-of-tree
// checks are in no such table, so by default clangd would drop ours, saying so
// only in its log: the user enables mapsafety-* and sees nothing.
//
// The table is read through one function, clang::clangd::isFastTidyCheck,
// called from other object files (ParsedAST.cpp, ConfigCompile.cpp). The link
// wraps it (`--wrap`, see CMakeLists.txt) so that our checks count as fast:
// tools/bench/clangd_latency.py measures what they cost (docs/editor.md). Every
// other check keeps clangd's own answer. Should a future clangd rename the
// function, the link fails on the undefined __real_ symbol instead of silently
// dropping our checks.
//
//===----------------------------------------------------------------------===//
#include "llvm/ADT/StringRef.h"
#include <optional>

// The mangled name of `std::optional<bool> clang::clangd::isFastTidyCheck(llvm::StringRef)`.
// extern "C" because --wrap works on symbol names; the calling convention of a
// C and a C++ function with these types is the same.
#define MAPSAFETY_IS_FAST _ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE
#define MAPSAFETY_CONCAT2(A, B) A##B
#define MAPSAFETY_CONCAT(A, B) MAPSAFETY_CONCAT2(A, B)

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wreturn-type-c-linkage"
extern "C" {
// NOLINTBEGIN(readability-identifier-naming,bugprone-reserved-identifier): names fixed by --wrap
std::optional<bool> MAPSAFETY_CONCAT(__real_, MAPSAFETY_IS_FAST)(llvm::StringRef Check);

std::optional<bool> MAPSAFETY_CONCAT(__wrap_, MAPSAFETY_IS_FAST)(llvm::StringRef Check) {
  if (Check.starts_with("mapsafety-"))
    return true;
  return MAPSAFETY_CONCAT(__real_, MAPSAFETY_IS_FAST)(Check);
}
// NOLINTEND(readability-identifier-naming,bugprone-reserved-identifier)
}
#pragma clang diagnostic pop
