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
#include "mapsafety/concurrency/ProjectFacts.h"
#include "mapsafety/concurrency/ProjectView.h"
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

  /// The races to report, where ReportedAt says where each is reported: with
  /// a project view, those it clears are left out and the others carry its
  /// notes (emitViewNotes); with a facts directory, each one's premise is
  /// recorded for the gate's re-judge.
  struct JudgedRace {
    ::mapsafety::Race Race;
    std::vector<::mapsafety::ProjectView::Note> ViewNotes;
  };
  std::vector<JudgedRace>
  judgedRaces(::mapsafety::RaceFinder &Races,
              llvm::function_ref<SourceLocation(const ::mapsafety::Race &)> ReportedAt);
  /// The project view's notes, after the finding's own.
  void emitViewNotes(const JudgedRace &R, ASTContext &Ctx);

  const ContainerTypesOption &containerTypes() const { return ContainerTypes; }
  const LockTypesOptions &lockTypes() const { return LockTypes; }

private:
  const ContainerTypesOption ContainerTypes;
  const LockTypesOptions LockTypes;
  const std::string ThreadLaunchFunctions;
  const unsigned CallDepth;
  const bool InferGuards;
  const bool ReportCopies;
  const std::string RuleName;
  /// Where to write this TU's project facts, and which project view to read
  /// (options, else $MAPSAFETY_FACTS_DIR and $MAPSAFETY_PROJECT_VIEW).
  const std::string ProjectFactsDir;
  const std::string ProjectViewPath;
  std::unique_ptr<::mapsafety::ProjectFacts> Facts;
  std::shared_ptr<const ::mapsafety::ProjectView> View;
  std::unique_ptr<::mapsafety::ThreadEntryFinder> Entries;
  /// The current translation unit's, from its first match to its end.
  std::shared_ptr<::mapsafety::AnalysisSession> Session;
  std::unique_ptr<::mapsafety::RaceFinder> Races;
};

} // namespace clang::tidy::mapsafety

#endif
