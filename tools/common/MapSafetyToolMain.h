//===- MapSafetyToolMain.h - what mapsafety-tidy and mapsafety-clangd add ---===//
//
// Both executables are an LLVM tool's own main (clangTidyMain, clangdMain) with
// our checks linked in. Each adds two things before handing over:
//  - `--version` also names mapsafety's version (CMake passes MAPSAFETY_VERSION,
//    read from tools/mapsafety_gate/__init__.py, the version's one home);
//  - clang's builtin headers (stddef.h, stdarg.h...). LLVM tools look for them
//    next to their executable (<bin>/../lib/clang/<major>), which is wrong for a
//    binary in a build tree or in /usr/bin outside the LLVM tree; without them
//    every cross-target TU (--target=...) loses <stddef.h> and the checks see a
//    truncated file. CMake passes MAPSAFETY_CLANG_RESOURCE_DIR, what the LLVM's
//    own `clang -print-resource-dir` says (lib/clang/14.0.6 for 14, lib/clang/NN
//    for 19 and 22 on Debian).
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_TOOLS_COMMON_MAPSAFETYTOOLMAIN_H
#define MAPSAFETY_TOOLS_COMMON_MAPSAFETYTOOLMAIN_H

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

#ifndef MAPSAFETY_VERSION
#error "CMake passes MAPSAFETY_VERSION (tools/CMakeLists.txt)"
#endif
#ifndef MAPSAFETY_CLANG_RESOURCE_DIR
#error "CMake passes MAPSAFETY_CLANG_RESOURCE_DIR (tools/CMakeLists.txt)"
#endif

namespace mapsafety::tools {

/// The line `--version` adds below LLVM's: which mapsafety, for which LLVM.
inline void printMapSafetyVersion(llvm::raw_ostream &OS) {
  OS << "mapsafety version " << MAPSAFETY_VERSION << " (checks for LLVM " << MAPSAFETY_LLVM_MAJOR
     << ")\n";
}

/// True if Dir holds clang's builtin headers.
inline bool hasBuiltinHeaders(llvm::StringRef Dir) {
  llvm::SmallString<256> Probe(Dir);
  llvm::sys::path::append(Probe, "include", "stddef.h");
  return llvm::sys::fs::exists(Probe);
}

/// True if Arg sets the resource directory (-resource-dir, --resource-dir,
/// with `=` or as a separate argument; also inside --extra-arg=...).
inline bool isResourceDirFlag(llvm::StringRef Arg) {
  if (Arg.consume_front("--extra-arg-before=") || Arg.consume_front("--extra-arg=") ||
      Arg.consume_front("-extra-arg-before=") || Arg.consume_front("-extra-arg="))
    return isResourceDirFlag(Arg);
  if (Arg.consume_front("--") || Arg.consume_front("-"))
    return Arg == "resource-dir" || Arg.substr(0, 13) == "resource-dir="; // starts_with: LLVM 18+
  return false;
}

/// The resource directory to pass, or "" when the tool's own guess (next to
/// the executable) is right or the user chose one. Tool names the program in
/// the message printed when neither place has the headers.
inline std::string resourceDirToAdd(int Argc, const char *const *Argv, llvm::StringRef Tool) {
  for (int I = 1; I < Argc; ++I)
    if (isResourceDirFlag(Argv[I]))
      return "";
  static int Anchor;
  std::string Exe = llvm::sys::fs::getMainExecutable(Argv[0], &Anchor);
  llvm::SmallString<256> NextToExe(llvm::sys::path::parent_path(llvm::sys::path::parent_path(Exe)));
  llvm::sys::path::append(NextToExe, "lib", "clang", std::to_string(MAPSAFETY_LLVM_MAJOR));
  if (hasBuiltinHeaders(NextToExe))
    return "";
  if (hasBuiltinHeaders(MAPSAFETY_CLANG_RESOURCE_DIR))
    return MAPSAFETY_CLANG_RESOURCE_DIR;
  // Both tools log to stderr: this is where a user looks when headers fail.
  llvm::errs() << Tool << ": clang's builtin headers are neither in " << NextToExe << " nor in "
               << MAPSAFETY_CLANG_RESOURCE_DIR << " (was clang-" << MAPSAFETY_LLVM_MAJOR
               << " removed?); pass -resource-dir=<dir>\n";
  return "";
}

} // namespace mapsafety::tools

#endif
