//===- ThreadRaceCheck.h - what the two thread rules share ------------------===//
//
// mapsafety-unguarded-thread-write and mapsafety-shared-map-copy read the same
// options, match the same thread launches and functions, and ask the same
// RaceFinder; they differ in which side of a race they report (a write or
// read, or a copy) and in what else they look for. This base class does the
// matching into the translation unit's AnalysisSession; a rule words its
// findings in finishTranslationUnit().
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_THREADRACECHECK_H
#define MAPSAFETY_THREADRACECHECK_H

#include "OptionValidation.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "mapsafety/concurrency/RaceFinder.h"
#include "mapsafety/concurrency/ThreadEntryFinder.h"
#include "mapsafety/support/AnalysisSession.h"
#include <memory>
#include <string>

namespace clang::tidy::mapsafety {

class ThreadRaceCheck : public ClangTidyCheck {
public:
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

protected:
  /// OwnOptions: the rule's options besides the shared ones (for the
  /// unknown-option warning). ReportCopies: which side of a race is reported.
  ThreadRaceCheck(StringRef Name, ClangTidyContext *Context, bool ReportCopies,
                  ArrayRef<StringRef> OwnOptions);

  /// Words the findings; the session holds every launch and function.
  virtual void finishTranslationUnit(::mapsafety::AnalysisSession &Session,
                                     ::mapsafety::RaceFinder &Races) = 0;

  const ContainerTypesOption &containerTypes() const { return ContainerTypes; }
  const LockTypesOptions &lockTypes() const { return LockTypes; }

private:
  const ContainerTypesOption ContainerTypes;
  const LockTypesOptions LockTypes;
  const std::string ThreadLaunchFunctions;
  const unsigned CallDepth;
  const bool InferGuards;
  const bool ReportCopies;
  std::unique_ptr<::mapsafety::ThreadEntryFinder> Entries;
  /// The current translation unit's, from its first match to its end.
  std::shared_ptr<::mapsafety::AnalysisSession> Session;
  std::unique_ptr<::mapsafety::RaceFinder> Races;
};

} // namespace clang::tidy::mapsafety

#endif
