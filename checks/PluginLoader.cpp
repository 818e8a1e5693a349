//===- PluginLoader.cpp - libmapsafety.so: version-checking plugin entry -----===//
//
// `clang-tidy --load=libmapsafety.so` loads this small library first. It uses
// no clang or LLVM symbol, so it always loads, whatever clang-tidy loads it.
// It finds which LLVM major the running clang-tidy uses and loads the checks
// built for that major (libmapsafety-checks-NN.so beside it). When there is no
// such build it stops clang-tidy with a message that says how to make one:
// a mismatched checks library would otherwise fail with an unreadable
// "undefined symbol" that clang-tidy ignores, and the run would report nothing.
//
//===----------------------------------------------------------------------===//
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <link.h>
#include <string>
#include <unistd.h>

namespace {

/// Parses the major version out of a loaded library's file name:
/// libclang-cpp.so.22.1, libLLVM.so.22.1, libLLVM-14.so.1, libclang-cpp.so.14.
int majorFromLibraryName(const char *Path) {
  const char *Base = std::strrchr(Path, '/');
  Base = Base ? Base + 1 : Path;
  static const char *const Prefixes[] = {"libclang-cpp.so.", "libLLVM.so.", "libLLVM-"};
  for (const char *Prefix : Prefixes) {
    size_t N = std::strlen(Prefix);
    if (std::strncmp(Base, Prefix, N) == 0 && Base[N] >= '0' && Base[N] <= '9')
      return static_cast<int>(std::strtol(Base + N, nullptr, 10));
  }
  return 0;
}

int findRunningMajor(struct dl_phdr_info *Info, size_t, void *Data) {
  int Major = Info->dlpi_name ? majorFromLibraryName(Info->dlpi_name) : 0;
  if (Major > 0) {
    *static_cast<int *>(Data) = Major;
    return 1;
  }
  return 0;
}

/// The LLVM major of the process that loaded us; 0 when clang-tidy is linked
/// statically and no shared LLVM library tells.
int runningLLVMMajor() {
  if (const char *Forced = std::getenv("MAPSAFETY_ASSUME_LLVM_MAJOR")) // for tests
    return static_cast<int>(std::strtol(Forced, nullptr, 10));
  int Major = 0;
  dl_iterate_phdr(findRunningMajor, &Major);
  return Major;
}

std::string directoryOfThisLibrary() {
  Dl_info Info;
  if (dladdr(reinterpret_cast<void *>(&runningLLVMMajor), &Info) == 0 || !Info.dli_fname)
    return ".";
  std::string Path = Info.dli_fname;
  size_t Slash = Path.rfind('/');
  return Slash == std::string::npos ? "." : Path.substr(0, Slash);
}

[[noreturn]] void stop(const std::string &Message) {
  std::fprintf(stderr, "error: mapsafety: %s\n", Message.c_str());
  std::fflush(stderr);
  _exit(2); // clang-tidy would otherwise go on and report nothing from us
}

__attribute__((constructor)) void loadChecksForRunningClangTidy() {
  const int Built = MAPSAFETY_LLVM_MAJOR;
  int Running = runningLLVMMajor();
  if (Running == 0)
    Running = Built;
  std::string Dir = directoryOfThisLibrary();
  std::string Checks = Dir + "/libmapsafety-checks-" + std::to_string(Running) + ".so";
  if (access(Checks.c_str(), R_OK) != 0) {
    std::string R = std::to_string(Running), B = std::to_string(Built);
    stop("this plugin was built for LLVM " + B + " (clang-tidy-" + B +
         "), but it was loaded into clang-tidy " + R + ", and " + Checks +
         " does not exist.\n  Either run clang-tidy-" + B + ", or build mapsafety for LLVM " + R +
         ":\n    cmake -S <mapsafety> -B build-" + R + " -DMAPSAFETY_LLVM_VERSION=" + R +
         " && cmake --build build-" + R + "\n  and load build-" + R +
         "/lib/libmapsafety.so (see README, 'Version mismatch').");
  }
  if (!dlopen(Checks.c_str(), RTLD_NOW | RTLD_GLOBAL)) {
    const char *Why = dlerror();
    stop("cannot load " + Checks + ": " + (Why ? Why : "unknown error") +
         "\n  It does not match this clang-tidy (LLVM " + std::to_string(Running) +
         "); rebuild mapsafety with -DMAPSAFETY_LLVM_VERSION=" + std::to_string(Running) + ".");
  }
}

} // namespace
