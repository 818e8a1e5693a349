//===- SharedMapCopyCheck.h - mapsafety-shared-map-copy ---------------------===//
#ifndef MAPSAFETY_SHAREDMAPCOPYCHECK_H
#define MAPSAFETY_SHAREDMAPCOPYCHECK_H

#include "ThreadRaceCheck.h"
#include "mapsafety/concurrency/GuardEscape.h"
#include <string>
#include <vector>

namespace clang::tidy::mapsafety {

/// Flags copies of a map that another thread writes, taken without the
/// writer's lock; references and pointers to a guarded map that escape the
/// guard; and snapshots of maps of pointers written through their values.
/// Documentation: docs/checks/mapsafety-shared-map-copy.md
class SharedMapCopyCheck : public ThreadRaceCheck {
public:
  SharedMapCopyCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  void finishTranslationUnit(::mapsafety::AnalysisSession &Session,
                             ::mapsafety::RaceFinder &Races) override;
  void reportCopy(const JudgedRace &J, const ::mapsafety::ContainerModel &Model, ASTContext &Ctx);
  void reportEscape(const ::mapsafety::EscapingReference &E, ASTContext &Ctx);
  void reportUse(const ::mapsafety::UseAfterRelease &U, const ::mapsafety::ContainerModel &Model,
                 ASTContext &Ctx);
  void reportSnapshotWrite(const ::mapsafety::SnapshotWrite &W, ASTContext &Ctx);

  const std::string ShallowMappedTypes;
  const bool ReportConstReferenceGetters;
  /// ShallowMappedTypes, validated.
  const std::vector<std::string> ShallowTypeNames;
};

} // namespace clang::tidy::mapsafety

#endif
