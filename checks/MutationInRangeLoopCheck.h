//===- MutationInRangeLoopCheck.h - mapsafety-mutation-in-range-loop -------===//
#ifndef MAPSAFETY_MUTATIONINRANGELOOPCHECK_H
#define MAPSAFETY_MUTATIONINRANGELOOPCHECK_H

#include "mapsafety/ContainerModel.h"
#include "mapsafety/InvalidationFlow.h"
#include "mapsafety/LoopMutationFinder.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <memory>

namespace clang::tidy::mapsafety {

/// Flags structural mutation of an associative container inside a loop that
/// iterates that same container. Documentation:
/// docs/checks/mapsafety-mutation-in-range-loop.md
class MutationInRangeLoopCheck : public ClangTidyCheck {
public:
  MutationInRangeLoopCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void report(const ::mapsafety::LoopIteration &Loop, const ::mapsafety::LoopMutation &M,
              ASTContext &Ctx);

  const std::string ExtraContainerTypes;
  const bool ReportInsertIntoOrderedContainers;
  const bool FollowHelperCalls;
  ::mapsafety::ContainerModel Model;
  std::unique_ptr<::mapsafety::InvalidationFlowCache> Flows;
};

} // namespace clang::tidy::mapsafety

#endif
