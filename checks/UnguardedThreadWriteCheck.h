//===- UnguardedThreadWriteCheck.h - mapsafety-unguarded-thread-write -------===//
#ifndef MAPSAFETY_UNGUARDEDTHREADWRITECHECK_H
#define MAPSAFETY_UNGUARDEDTHREADWRITECHECK_H

#include "ThreadRaceCheck.h"

namespace clang::tidy::mapsafety {

/// Flags a map shared with a concurrently running callable that is written, or
/// read while another thread writes it, without a mutex every side holds.
/// Documentation: docs/checks/mapsafety-unguarded-thread-write.md
class UnguardedThreadWriteCheck : public ThreadRaceCheck {
public:
  UnguardedThreadWriteCheck(StringRef Name, ClangTidyContext *Context);

private:
  void finishTranslationUnit(::mapsafety::AnalysisSession &Session,
                             ::mapsafety::RaceFinder &Races) override;
  void report(const JudgedRace &J, const ::mapsafety::ContainerModel &Model, ASTContext &Ctx);
};

} // namespace clang::tidy::mapsafety

#endif
