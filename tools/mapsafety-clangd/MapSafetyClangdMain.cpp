//===- MapSafetyClangdMain.cpp - clangd with the mapsafety checks built in --===//
//
// Stock clangd cannot load clang-tidy plugins, so this is clangd's own main
// (libclangdMain.a) linked with our module: every clangd feature and flag works
// as in the clangd of the same LLVM, and the mapsafety-* checks run with the
// built-in ones.
//
// The one thing main adds: the resource directory (clang's builtin headers,
// stddef.h and friends). clangd looks for it next to its own executable
// (<bin>/../lib/clang/<major>), which is wrong for a binary in a build tree or
// in /usr/local/bin, and without it every standard header fails to parse.
//
//===----------------------------------------------------------------------===//
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
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

/// True if Dir holds clang's builtin headers.
bool hasBuiltinHeaders(llvm::StringRef Dir) {
  llvm::SmallString<256> Probe(Dir);
  llvm::sys::path::append(Probe, "include", "stddef.h");
  return llvm::sys::fs::exists(Probe);
}

/// True if the user already chose a resource directory on the command line.
bool hasResourceDirFlag(int Argc, char **Argv) {
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg(Argv[I]);
    if (Arg.consume_front("--") || Arg.consume_front("-"))
      if (Arg == "resource-dir" || Arg.starts_with("resource-dir="))
        return true;
  }
  return false;
}

/// The --resource-dir argument to add, or "" when clangd's own guess (next to
/// the executable) is right or the user chose one.
std::string resourceDirArgument(int Argc, char **Argv) {
  if (hasResourceDirFlag(Argc, Argv))
    return "";
  static int Anchor;
  std::string Exe = llvm::sys::fs::getMainExecutable(Argv[0], &Anchor);
  llvm::SmallString<256> NextToExe(llvm::sys::path::parent_path(llvm::sys::path::parent_path(Exe)));
  llvm::sys::path::append(NextToExe, "lib", "clang", std::to_string(MAPSAFETY_LLVM_MAJOR));
  if (hasBuiltinHeaders(NextToExe))
    return "";
  if (hasBuiltinHeaders(MAPSAFETY_CLANG_RESOURCE_DIR))
    return std::string("--resource-dir=") + MAPSAFETY_CLANG_RESOURCE_DIR;
  // clangd's log goes to stderr: this is where a user looks when headers fail.
  llvm::errs() << "mapsafety-clangd: clang's builtin headers are neither in " << NextToExe
               << " nor in " << MAPSAFETY_CLANG_RESOURCE_DIR
               << " (was clang-" << MAPSAFETY_LLVM_MAJOR
               << " removed?); pass --resource-dir=<dir>\n";
  return "";
}

} // namespace

int main(int Argc, char **Argv) {
  std::vector<char *> Args(Argv, Argv + Argc);
  std::string ResourceDir = resourceDirArgument(Argc, Argv);
  if (!ResourceDir.empty())
    Args.insert(Args.begin() + 1, ResourceDir.data());
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size() - 1), Args.data());
}
