//===- MapSafetyTidyMain.cpp - clang-tidy with the mapsafety checks built in -===//
//
// For places where `--load` is not available (older run-clang-tidy, Windows):
// clang-tidy's own main with our module linked in statically. Every clang-tidy
// flag works as it does in clang-tidy.
//
//===----------------------------------------------------------------------===//
#include "clang-tidy/tool/ClangTidyMain.h"

extern volatile int MapSafetyModuleAnchorSource;
// Keeps the module's registration object in the link.
[[maybe_unused]] static int MapSafetyModuleAnchorDestination = MapSafetyModuleAnchorSource;

int main(int argc, const char **argv) { return clang::tidy::clangTidyMain(argc, argv); }
