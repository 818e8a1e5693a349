//===- SharedMapCopyCheck.cpp - mapsafety-shared-map-copy -------------------===//
//
// What: (1) a copy of a shared map (copy construction or assignment, a
// by-value parameter or capture, a thread's copy of its argument, a copy of an
// enclosing object) that overlaps a write without the writer's lock; (2) a
// reference or pointer to a guarded map that outlives its guard, and callers
// that use the map through it unlocked; (3) a snapshot of a map of pointers
// taken under the lock, then written through its values without it.
// How (headers in lib/concurrency/include/mapsafety/concurrency/): RaceFinder.h
// (copy perspective) for (1), GuardEscape.h for (2) and (3); ThreadRaceCheck
// matches launches and functions. This file words the findings.
//
//===----------------------------------------------------------------------===//
#include "SharedMapCopyCheck.h"
#include "OptionValidation.h"
#include "RaceDiagnostics.h"
#include "mapsafety/support/OptionList.h"
#include "mapsafety/support/SourceText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseSet.h"

using namespace ::mapsafety;

namespace clang::tidy::mapsafety {

SharedMapCopyCheck::SharedMapCopyCheck(StringRef Name, ClangTidyContext *Context)
    : ThreadRaceCheck(Name, Context, /*ReportCopies=*/true,
                      {"ShallowMappedTypes", "ReportConstReferenceGetters"}),
      ShallowMappedTypes(Options.get("ShallowMappedTypes", "")),
      ReportConstReferenceGetters(Options.get("ReportConstReferenceGetters", true)),
      ShallowTypeNames(parseListOption(Context, Name, "ShallowMappedTypes", ShallowMappedTypes,
                                       ::mapsafety::parseQualifiedNameList)) {}

void SharedMapCopyCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  ThreadRaceCheck::storeOptions(Opts);
  Options.store(Opts, "ShallowMappedTypes", ShallowMappedTypes);
  Options.store(Opts, "ReportConstReferenceGetters", ReportConstReferenceGetters);
}

void SharedMapCopyCheck::finishTranslationUnit(AnalysisSession &Session, RaceFinder &Races) {
  auto ReportedAt = [](const Race &R) { return R.At.Access.Object->getBeginLoc(); };
  const ContainerModel &Model = containerTypes().model(Session);
  for (const JudgedRace &J : judgedRaces(Races, ReportedAt))
    reportCopy(J, Model, Session.context());
  GuardEscapeAnalysis Escapes(Session, Model, lockTypes().model(Session),
                              GuardEscapeOptions{ShallowTypeNames, ReportConstReferenceGetters});
  for (const EscapingReference &E : Escapes.escapingReferences())
    reportEscape(E, Session.context());
  for (const UseAfterRelease &U : Escapes.usesAfterRelease())
    reportUse(U, Model, Session.context());
  llvm::DenseSet<const Expr *> Reported; // a snapshot both initialised and reassigned
  for (const SnapshotWrite &W : Escapes.snapshotWrites())
    if (Reported.insert(W.Write).second)
      reportSnapshotWrite(W, Session.context());
}

namespace {
StringRef nameOf(const ContainerPath &Path) {
  const NamedDecl *D = declarationOf(Path);
  return D ? D->getName() : StringRef("map");
}
} // namespace

void SharedMapCopyCheck::reportCopy(const JudgedRace &J, const ContainerModel &Model,
                                    ASTContext &Ctx) {
  const Race &R = J.Race;
  const MapAccess &At = R.At.Access;
  std::string Map = mapName(At, Ctx);
  StringRef Noun = containerNoun(At, Model);
  SourceLocation Loc = At.Object->getBeginLoc();
  SourceRange Range = At.Object->getSourceRange();
  if (R.Why == Race::Reason::InferredGuardCopy)
    diag(Loc, "copy of '%0' without holding '%1', which guards its writes elsewhere")
        << Map << lockName(R.Expected, Ctx) << Range;
  else if (!R.Expected.named())
    diag(Loc, "copy of shared %0 '%1' races with a concurrent write; no common mutex is held")
        << Noun << Map << Range;
  else
    diag(Loc, "copy of shared %0 '%1' without holding '%2', which the concurrent write holds")
        << Noun << Map << lockName(R.Expected, Ctx) << Range;
  emitRaceNotes(*this, R, Ctx);
  emitViewNotes(J, Ctx);
}

void SharedMapCopyCheck::reportEscape(const EscapingReference &E, ASTContext &Ctx) {
  bool Pointer = E.How != EscapingReference::Kind::ReturnedReference;
  if (E.Unlocked) {
    diag(E.Escaping->getBeginLoc(),
         "%select{reference|pointer}0 to '%1' returned without holding '%2', which guards its "
         "writes elsewhere; return a copy instead")
        << Pointer << nameOf(E.Map) << lockName(E.Lock, Ctx) << E.Escaping->getSourceRange();
    diag(E.GuardedWrite->getBeginLoc(), "'%0' is written holding '%1' here", DiagnosticIDs::Note)
        << nameOf(E.Map) << lockName(E.Lock, Ctx);
    if (const NamedDecl *D = declarationOf(E.Map))
      diag(D->getLocation(), "'%0' declared here", DiagnosticIDs::Note) << D->getName();
    return;
  }
  diag(E.Escaping->getBeginLoc(),
       "%select{reference|pointer}0 to '%1' escapes the lock on '%2' that guards it; return a "
       "copy instead")
      << Pointer << nameOf(E.Map) << lockName(E.Lock, Ctx) << E.Escaping->getSourceRange();
  diag(E.Lock.Guard->getLocation(), "'%0' is released when '%1' goes out of scope",
       DiagnosticIDs::Note)
      << lockName(E.Lock, Ctx) << E.Lock.Guard->getName();
  if (const NamedDecl *D = declarationOf(E.Map))
    diag(D->getLocation(), "'%0' declared here", DiagnosticIDs::Note) << D->getName();
}

void SharedMapCopyCheck::reportUse(const UseAfterRelease &U, const ContainerModel &Model,
                                   ASTContext &Ctx) {
  const EscapingReference &E = *U.Source;
  StringRef Function = E.Function->getName();
  StringRef Noun = containerNoun(E.Map, Model);
  if (E.Unlocked)
    diag(U.Call->getBeginLoc(),
         "%0 of %3 returned by '%1' without holding '%2', which guards its writes elsewhere")
        << accessNoun(U.Kind) << Function << lockName(E.Lock, Ctx) << Noun
        << U.Call->getSourceRange();
  else
    diag(U.Call->getBeginLoc(), "%0 of %3 returned by '%1' after '%1' released '%2'")
        << accessNoun(U.Kind) << Function << lockName(E.Lock, Ctx) << Noun
        << U.Call->getSourceRange();
  diag(E.Escaping->getBeginLoc(), "'%0' returns %select{a reference|a pointer}1 to '%2' here",
       DiagnosticIDs::Note)
      << Function << (E.How == EscapingReference::Kind::ReturnedPointer) << nameOf(E.Map);
}

void SharedMapCopyCheck::reportSnapshotWrite(const SnapshotWrite &W, ASTContext &Ctx) {
  StringRef Map = nameOf(W.Map);
  diag(W.Write->getBeginLoc(),
       "write through '%0', a snapshot of '%1' that still shares its values; the owner's users "
       "reach the same objects without '%2'")
      << W.Snapshot->getName() << Map << lockName(W.Lock, Ctx) << W.Write->getSourceRange();
  diag(W.CopiedFrom->getBeginLoc(), "'%0' copied from '%1' here, holding '%2'", DiagnosticIDs::Note)
      << W.Snapshot->getName() << Map << lockName(W.Lock, Ctx);
  if (const NamedDecl *D = declarationOf(W.Map))
    diag(D->getLocation(), "'%0' declared here", DiagnosticIDs::Note) << D->getName();
}

} // namespace clang::tidy::mapsafety
