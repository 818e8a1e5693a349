//===- MapSafetyTidyModule.cpp - registers the mapsafety checks -------------===//
#include "MutationInRangeLoopCheck.h"
#include "SharedMapCopyCheck.h"
#include "UnguardedThreadWriteCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#if MAPSAFETY_LLVM_MAJOR < 22
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif
#include "clang/Basic/Version.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>

namespace clang::tidy::mapsafety {

/// The major version of the clang libraries this process runs, parsed from
/// their own version string (e.g. "Debian clang version 22.1.8 ..."); 0 if unknown.
static unsigned runningClangMajor() {
  if (const char *Forced = std::getenv("MAPSAFETY_ASSUME_LLVM_MAJOR")) // for tests
    return static_cast<unsigned>(std::strtoul(Forced, nullptr, 10));
  std::string Full = getClangFullVersion();
  size_t At = Full.find("version ");
  if (At == std::string::npos)
    return 0;
  return static_cast<unsigned>(std::strtoul(Full.c_str() + At + 8, nullptr, 10));
}

/// A plugin built for another LLVM major would load and then silently report
/// nothing (or crash). Stop with a message that says how to fix it instead.
static void refuseMismatchedClang() {
  unsigned Running = runningClangMajor();
  if (Running == 0 || Running == MAPSAFETY_LLVM_MAJOR)
    return;
  llvm::errs() << "error: mapsafety: this plugin was built for LLVM/clang-tidy "
               << MAPSAFETY_LLVM_MAJOR << ", but it was loaded into clang-tidy " << Running << ".\n"
               << "  Use clang-tidy-" << MAPSAFETY_LLVM_MAJOR
               << " with this build, or rebuild mapsafety for LLVM " << Running << ":\n"
               << "    cmake -S <mapsafety> -B build-" << Running
               << " -DMAPSAFETY_LLVM_VERSION=" << Running << " && cmake --build build-" << Running
               << "\n";
  std::exit(2);
}

class MapSafetyModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    refuseMismatchedClang();
    Factories.registerCheck<MutationInRangeLoopCheck>("mapsafety-mutation-in-range-loop");
    Factories.registerCheck<UnguardedThreadWriteCheck>("mapsafety-unguarded-thread-write");
    Factories.registerCheck<SharedMapCopyCheck>("mapsafety-shared-map-copy");
  }
};

// The registry is how clang-tidy finds modules; its node allocation is the
// only thing that could throw here.
static ClangTidyModuleRegistry::Add<MapSafetyModule>
    // NOLINTNEXTLINE(bugprone-throwing-static-initialization)
    Registration("mapsafety", "Checks for maps mutated while iterated or shared unsafely.");

} // namespace clang::tidy::mapsafety

// Referenced by the standalone mapsafety-tidy so the linker keeps this module.
// NOLINTNEXTLINE(misc-use-internal-linkage)
volatile int MapSafetyModuleAnchorSource = 0;
