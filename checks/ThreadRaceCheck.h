//===- ThreadRaceCheck.h - what the two thread rules share ------------------===//
//
// mapsafety-unguarded-thread-write and mapsafety-shared-map-copy read the same
// options, match the same thread launches and functions, and ask the same
// RaceFinder; they differ in which side of a race they report (a write or
// read, or a copy) and in what else they look for. This base class does the
// matching and owns the analyses for one translation unit; a rule words its
// findings in finishTranslationUnit().
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_THREADRACECHECK_H
#define MAPSAFETY_THREADRACECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "mapsafety/ContainerModel.h"
#include "mapsafety/LockModel.h"
#include "mapsafety/LockSetAnalysis.h"
#include "mapsafety/RaceFinder.h"
#include "mapsafety/StmtParents.h"
#include "mapsafety/ThreadEntryFinder.h"
#include <memory>
#include <string>
#include <vector>

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

  /// A function definition of the main file's TU (not a template pattern).
  virtual void onFunction(const FunctionDecl *F, ASTContext &Ctx) {}
  /// Words the findings; Races already holds every launch and function.
  virtual void finishTranslationUnit(::mapsafety::RaceFinder &Races, ASTContext &Ctx) = 0;

  const ::mapsafety::ContainerModel &containers() const { return Containers; }
  const ::mapsafety::LockModel &locks() const { return *Locks; }

private:
  const std::string ExtraContainerTypes;
  const std::string ExtraMutexTypes;
  const std::string ExtraGuardTypes;
  const std::string ThreadLaunchFunctions;
  const unsigned CallDepth;
  const bool InferGuards;
  const bool ReportCopies;
  ::mapsafety::ContainerModel Containers;
  std::unique_ptr<::mapsafety::LockModel> Locks;
  std::unique_ptr<::mapsafety::ThreadEntryFinder> Entries;
  std::unique_ptr<::mapsafety::RaceFinder> Races;
  std::unique_ptr<::mapsafety::EnclosingFunctionIndex> Enclosing;
  ::mapsafety::FunctionParentsCache Parents;
  ASTContext *CurrentContext = nullptr;
};

} // namespace clang::tidy::mapsafety

#endif
