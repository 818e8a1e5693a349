//===- MutationInRangeLoopCheck.h - mapsafety-mutation-in-range-loop -------===//
#ifndef MAPSAFETY_MUTATIONINRANGELOOPCHECK_H
#define MAPSAFETY_MUTATIONINRANGELOOPCHECK_H

#include "OptionValidation.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "mapsafety/containers/IteratedContainer.h"
#include "mapsafety/containers/LoopMutationFinder.h"
#include "mapsafety/containers/StaleElementReference.h"
#include "mapsafety/support/AnalysisSession.h"
#include <memory>
#include <vector>

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
  /// One mutation and every loop over the same container that it breaks.
  struct Finding {
    ::mapsafety::LoopMutation Mutation;
    std::vector<std::pair<::mapsafety::LoopIteration, const Expr *>> Loops; // loop, iterator use
  };
  /// Records the mutations that break Loop (grouped per mutation).
  void collectMutations(const ::mapsafety::LoopIteration &Loop);
  void report(const Finding &F, ASTContext &Ctx);
  /// Notes from the call in the loop down to a helper's mutation.
  void reportCallChain(const ::mapsafety::LoopMutation &M, ASTContext &Ctx);
  void reportStale(const ::mapsafety::StaleElementUse &S, ASTContext &Ctx);
  /// Element references of Loop's body left dangling by an insertion (index loops).
  void collectStaleUses(const Stmt *Loop);

  std::vector<Finding> Findings;
  std::vector<::mapsafety::StaleElementUse> StaleUses;

  const ContainerTypesOption ContainerTypes;
  const bool ReportInsertIntoOrderedContainers;
  const bool FollowHelperCalls;
  const unsigned HelperCallDepth;
  const bool ReportEraseOfUnrelatedKey;
  /// The current translation unit's, from its first match to its end.
  std::shared_ptr<::mapsafety::AnalysisSession> Session;
};

} // namespace clang::tidy::mapsafety

#endif
