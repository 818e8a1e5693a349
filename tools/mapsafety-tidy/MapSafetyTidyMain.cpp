//===- MapSafetyTidyMain.cpp - clang-tidy with the mapsafety checks built in -===//
//
// For places where `--load` is not available (older run-clang-tidy, Windows):
// clang-tidy's own main with our module linked in statically. Every clang-tidy
// flag works as it does in clang-tidy. What main adds (MapSafetyToolMain.h):
// mapsafety's version in --version, and the LLVM's resource directory.
//
//===----------------------------------------------------------------------===//
#include "../common/MapSafetyToolMain.h"
#include "clang-tidy/tool/ClangTidyMain.h"
#include "llvm/Support/CommandLine.h"
#include <string>
#include <vector>

extern volatile int MapSafetyModuleAnchorSource;
// Keeps the module's registration object in the link.
[[maybe_unused]] static int MapSafetyModuleAnchorDestination = MapSafetyModuleAnchorSource;

int main(int Argc, const char **Argv) {
  llvm::cl::AddExtraVersionPrinter(mapsafety::tools::printMapSafetyVersion);
  std::vector<const char *> Args(Argv, Argv + Argc);
  // clang-tidy's ClangTool adds `-resource-dir=` next to the executable only
  // when the command has none; --extra-arg-before puts the LLVM's in front of
  // every compile command, so a -resource-dir in compile_commands.json (later
  // on the line) still wins.
  std::string ResourceDir = mapsafety::tools::resourceDirToAdd(Argc, Argv, "mapsafety-tidy");
  std::string ExtraArg = "--extra-arg-before=-resource-dir=" + ResourceDir;
  if (!ResourceDir.empty())
    Args.insert(Args.begin() + 1, ExtraArg.c_str());
  Args.push_back(nullptr);
  return clang::tidy::clangTidyMain(static_cast<int>(Args.size() - 1), Args.data());
}
