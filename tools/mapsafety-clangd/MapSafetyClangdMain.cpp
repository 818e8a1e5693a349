//===- MapSafetyClangdMain.cpp - clangd with the mapsafety checks built in --===//
//
// Stock clangd cannot load clang-tidy plugins, so this is clangd's own main
// (libclangdMain.a) linked with our module: every clangd feature and flag works
// as in the clangd of the same LLVM, and the mapsafety-* checks run with the
// built-in ones.
//
// What main adds (MapSafetyToolMain.h): mapsafety's version in --version, the
// project view beside the compile database for the thread rules, and
// the resource directory (clang's builtin headers, stddef.h and friends).
// clangd looks for it next to its own executable (<bin>/../lib/clang/<major>),
// which is wrong for a binary in a build tree or in /usr/local/bin, and
// without it every standard header fails to parse.
//
//===----------------------------------------------------------------------===//
#include "../common/MapSafetyToolMain.h"
#include <cstdlib>
#include <string>
#include <vector>

namespace clang::clangd {
// Defined in libclangdMain.a; the stock clangd's main calls only this.
int clangdMain(int Argc, char *Argv[]);
} // namespace clang::clangd

extern volatile int MapSafetyModuleAnchorSource;
// Keeps the module's registration object in the link.
[[maybe_unused]] static int MapSafetyModuleAnchorDestination = MapSafetyModuleAnchorSource;

namespace {
/// clangd replaces LLVM's version printer (cl::SetVersionPrinter), and then
/// LLVM prints no extra version printer, so cl::AddExtraVersionPrinter (what
/// mapsafety-tidy uses) would never run. clangd's printer writes to outs() and
/// exits: our line goes after it from an exit handler, registered after outs()
/// exists so that it runs before outs() is flushed and destroyed.
void printVersionAfterClangd(int Argc, char **Argv) {
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg(Argv[I]);
    if (Arg == "--") // what follows is not clangd's
      return;
    if (Arg == "--version" || Arg == "-version") {
      llvm::outs();
      std::atexit([] { mapsafety::tools::printMapSafetyVersion(llvm::outs()); });
      return;
    }
  }
}
} // namespace

int main(int Argc, char **Argv) {
  printVersionAfterClangd(Argc, Argv);
  // The thread rules read the project view the gate wrote beside the compile
  // database (docs/editor.md), and read it again when it changes.
  setenv("MAPSAFETY_FIND_PROJECT_VIEW", "1", /*overwrite=*/0);
  std::vector<char *> Args(Argv, Argv + Argc);
  std::string ResourceDir = mapsafety::tools::resourceDirToAdd(Argc, Argv, "mapsafety-clangd");
  std::string Flag = "--resource-dir=" + ResourceDir;
  if (!ResourceDir.empty())
    Args.insert(Args.begin() + 1, Flag.data());
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size() - 1), Args.data());
}
