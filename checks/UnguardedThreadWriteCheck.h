//===- UnguardedThreadWriteCheck.h - mapsafety-unguarded-thread-write -------===//
#ifndef MAPSAFETY_UNGUARDEDTHREADWRITECHECK_H
#define MAPSAFETY_UNGUARDEDTHREADWRITECHECK_H

#include "mapsafety/ContainerModel.h"
#include "mapsafety/LockSetAnalysis.h"
#include "mapsafety/RaceFinder.h"
#include "mapsafety/ThreadEntryFinder.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <memory>

namespace clang::tidy::mapsafety {

/// Flags a map shared with a concurrently running callable that is written, or
/// read while another thread writes it, without a mutex every side holds.
/// Documentation: docs/checks/mapsafety-unguarded-thread-write.md
class UnguardedThreadWriteCheck : public ClangTidyCheck {
public:
  UnguardedThreadWriteCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void report(const ::mapsafety::Race &R, ASTContext &Ctx);

  const std::string ExtraContainerTypes;
  const std::string ExtraMutexTypes;
  const std::string ExtraGuardTypes;
  const std::string ThreadLaunchFunctions;
  const unsigned CallDepth;
  const bool InferGuards;
  ::mapsafety::ContainerModel Containers;
  std::unique_ptr<::mapsafety::LockModel> Locks;
  std::unique_ptr<::mapsafety::ThreadEntryFinder> Entries;
  std::unique_ptr<::mapsafety::RaceFinder> Races;
  ASTContext *CurrentContext = nullptr;
};

} // namespace clang::tidy::mapsafety

#endif
