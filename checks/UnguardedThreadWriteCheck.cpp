//===- UnguardedThreadWriteCheck.cpp - mapsafety-unguarded-thread-write -----===//
//
// What: a container (map, set or sequence) written (or read while another
// thread writes it) by code that
// runs concurrently with another access, without a mutex both sides hold.
// How (headers in lib/concurrency/include/mapsafety/concurrency/): RaceFinder.h
// pairs the accesses that can overlap, from thread entries
// (ThreadEntryFinder.h, ThreadModel.h), lock sets (LockSetAnalysis.h), what is
// shared (SharedAccess.h) and where a launcher runs beside its thread
// (ConcurrentRegion.h); ThreadRaceCheck matches launches and functions into
// the translation unit's AnalysisSession. This file words the findings.
// Copies of a shared map are mapsafety-shared-map-copy's.
//
//===----------------------------------------------------------------------===//
#include "UnguardedThreadWriteCheck.h"
#include "RaceDiagnostics.h"

#include "clang/AST/ASTContext.h"

using namespace ::mapsafety;

namespace clang::tidy::mapsafety {

UnguardedThreadWriteCheck::UnguardedThreadWriteCheck(StringRef Name, ClangTidyContext *Context)
    : ThreadRaceCheck(Name, Context, /*ReportCopies=*/false, {}) {}

void UnguardedThreadWriteCheck::finishTranslationUnit(AnalysisSession &Session, RaceFinder &Races) {
  auto ReportedAt = [](const Race &R) { return R.At.Access.Site->getBeginLoc(); };
  const ContainerModel &Model = containerTypes().model(Session);
  for (const JudgedRace &J : judgedRaces(Races, ReportedAt))
    report(J, Model, Session.context());
}

void UnguardedThreadWriteCheck::report(const JudgedRace &J, const ContainerModel &Model,
                                       ASTContext &Ctx) {
  const Race &R = J.Race;
  const MapAccess &At = R.At.Access;
  std::string Map = mapName(At, Ctx);
  StringRef Noun = containerNoun(At, Model);
  SourceLocation Loc = At.Site->getBeginLoc();
  switch (R.Why) {
  case Race::Reason::UnguardedWrite:
    if (!R.Expected.named())
      diag(Loc, "write to shared %0 '%1' races with a concurrent access; no common mutex is "
                "held")
          << Noun << Map << At.Site->getSourceRange();
    else
      diag(Loc, "write to shared %0 '%1' without holding '%2', which the concurrent access "
                "holds")
          << Noun << Map << lockName(R.Expected, Ctx) << At.Site->getSourceRange();
    break;
  case Race::Reason::WriteUnderSharedLock:
    diag(Loc, "write to shared %0 '%1' under a shared lock on '%2'; readers holding the same "
              "lock run concurrently with it")
        << Noun << Map << lockName(R.SharedHeld, Ctx) << At.Site->getSourceRange();
    break;
  case Race::Reason::ReadDuringWrite:
    diag(Loc, "%0 of shared %1 '%2' without holding '%3' races with a concurrent write")
        << accessNoun(At.Kind) << Noun << Map << lockName(R.Expected, Ctx)
        << At.Site->getSourceRange();
    break;
  case Race::Reason::InferredGuardWrite:
    diag(Loc, "write to '%0' without holding '%1', which guards it elsewhere")
        << Map << lockName(R.Expected, Ctx) << At.Site->getSourceRange();
    break;
  case Race::Reason::InferredGuardRead:
    diag(Loc, "%0 of '%1' without holding '%2', which guards its writes elsewhere")
        << accessNoun(At.Kind) << Map << lockName(R.Expected, Ctx) << At.Site->getSourceRange();
    break;
  case Race::Reason::CopyDuringWrite:
  case Race::Reason::InferredGuardCopy:
    return; // never produced without ReportCopies
  }
  emitRaceNotes(*this, R, Ctx);
  emitViewNotes(J, Ctx);
}

} // namespace clang::tidy::mapsafety
