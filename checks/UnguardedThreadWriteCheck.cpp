//===- UnguardedThreadWriteCheck.cpp - mapsafety-unguarded-thread-write -----===//
//
// What: a map written (or read while another thread writes it) by code that
// runs concurrently with another access, without a mutex both sides hold. How:
// lib/ finds thread entries (ThreadEntryFinder), lock sets (LockSetAnalysis),
// what is shared (SharedAccess) and which accesses can overlap (RaceFinder).
// This file matches launches and functions, then words the findings.
//
//===----------------------------------------------------------------------===//
#include "UnguardedThreadWriteCheck.h"
#include "OptionValidation.h"
#include "mapsafety/FunctionCFG.h"
#include "mapsafety/SourceText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtOpenMP.h"
#include "clang/Basic/SourceManager.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/OpenMPKinds.h"

using namespace clang::ast_matchers;
using namespace ::mapsafety;

namespace clang::tidy::mapsafety {

namespace {
std::vector<std::string> splitList(StringRef List) {
  SmallVector<StringRef, 8> Parts;
  List.split(Parts, ';', -1, false);
  std::vector<std::string> Out;
  for (StringRef P : Parts)
    if (!P.trim().empty())
      Out.push_back(P.trim().str());
  return Out;
}

StringRef accessNoun(AccessKind K) {
  switch (K) {
  case AccessKind::Read:
    return "read";
  case AccessKind::Iterate:
    return "iteration";
  case AccessKind::Write:
    return "write";
  }
  return "access";
}

StringRef launchNote(ThreadEntry::Kind K) {
  switch (K) {
  case ThreadEntry::Kind::Thread:
  case ThreadEntry::Kind::JThread:
    return "thread started here";
  case ThreadEntry::Kind::Async:
    return "asynchronous task started here";
  case ThreadEntry::Kind::Pool:
    return "task submitted to another thread here";
  case ThreadEntry::Kind::ParallelAlgorithm:
    return "parallel algorithm runs its callable on several threads at once here";
  case ThreadEntry::Kind::OpenMP:
    return "OpenMP parallel region runs on several threads at once here";
  }
  return "concurrent code starts here";
}

/// The `&` of an explicit `&name` capture (clang records the name's location).
SourceLocation ampersandOf(const LambdaCapture &C, ASTContext &Ctx) {
  SourceLocation Name = C.getLocation();
  if (Name.isMacroID())
    return Name;
  SourceLocation Before = Name.getLocWithOffset(-1);
  bool Invalid = false;
  const char *Text = Ctx.getSourceManager().getCharacterData(Before, &Invalid);
  return !Invalid && Text && *Text == '&' ? Before : Name;
}

/// Where and how an entry shares the map at Path with its launcher: a lambda
/// capture by reference, an argument by std::ref or pointer, or `this`.
std::pair<SourceLocation, std::string> sharingOf(const ThreadEntry &E, const ContainerPath &Path,
                                                 ASTContext &Ctx) {
  if (Path.isThisRooted()) {
    if (E.Lambda)
      for (const LambdaCapture &C : E.Lambda->captures())
        if (C.capturesThis())
          return {C.getLocation().isValid() ? C.getLocation() : E.Lambda->getBeginLoc(),
                  "through 'this', captured here"};
    return {E.Launch->getBeginLoc(), "through 'this', which the thread runs on"};
  }
  const auto *V = dyn_cast_or_null<VarDecl>(Path.Root);
  if (!V || V->hasGlobalStorage())
    return {};
  // A member function or functor run on an object of the launcher's frame.
  if (E.ThisObject && E.ThisObject->isPrefixOf(Path))
    return {E.Launch->getBeginLoc(),
            ("through '" + V->getName() + "', the object the thread runs on").str()};
  if (E.Lambda)
    for (const LambdaCapture &C : E.Lambda->captures())
      if (C.capturesVariable() && C.getCapturedVar() == V && C.getCaptureKind() == LCK_ByRef)
        return {C.isImplicit() ? E.Lambda->getCaptureDefaultLoc() : ampersandOf(C, Ctx),
                C.isImplicit() ? "by the reference capture default here"
                               : "by reference capture here"};
  for (const auto &[Param, Arg] : E.BoundArgs) {
    std::optional<ContainerPath> P = Arg->getType()->isPointerType() ? resolvePointee(Arg, Ctx)
                                                                     : resolveObject(Arg, Ctx);
    if (P && P->Root == V)
      return {Arg->getBeginLoc(), Arg->getType()->isPointerType() ? "by pointer through this argument"
                                                                  : "by reference through this argument"};
  }
  return {};
}

/// Where the map is declared: the variable, or the member its path ends in.
const NamedDecl *declarationOf(const ContainerPath &Path) {
  if (!Path.Fields.empty())
    return Path.Fields.back();
  return Path.Root;
}
} // namespace

UnguardedThreadWriteCheck::UnguardedThreadWriteCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ExtraContainerTypes(Options.get("ExtraContainerTypes", "")),
      ExtraMutexTypes(Options.get("ExtraMutexTypes", "")),
      ExtraGuardTypes(Options.get("ExtraGuardTypes", "")),
      ThreadLaunchFunctions(Options.get("ThreadLaunchFunctions", "")),
      CallDepth(Options.get("CallDepth", 3U)), InferGuards(Options.get("InferGuards", true)) {
  std::string Error;
  std::vector<ContainerTypeSpec> Types;
  if (!parseContainerTypeList(ExtraContainerTypes, Types, Error))
    configurationDiag("%0: option ExtraContainerTypes: %1") << Name << Error;
  Containers = ContainerModel(Types);
  Locks = std::make_unique<LockModel>(splitList(ExtraMutexTypes), splitList(ExtraGuardTypes));
  std::vector<LaunchFunctionSpec> Launches;
  Error.clear();
  if (!parseLaunchFunctionList(ThreadLaunchFunctions, Launches, Error))
    configurationDiag("%0: option ThreadLaunchFunctions: %1") << Name << Error;
  Entries = std::make_unique<ThreadEntryFinder>(Launches);
  diagnoseUnknownOptions(Context, Name,
                         {"ExtraContainerTypes", "ExtraMutexTypes", "ExtraGuardTypes",
                          "ThreadLaunchFunctions", "CallDepth", "InferGuards"});
}

void UnguardedThreadWriteCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ExtraContainerTypes", ExtraContainerTypes);
  Options.store(Opts, "ExtraMutexTypes", ExtraMutexTypes);
  Options.store(Opts, "ExtraGuardTypes", ExtraGuardTypes);
  Options.store(Opts, "ThreadLaunchFunctions", ThreadLaunchFunctions);
  Options.store(Opts, "CallDepth", CallDepth);
  Options.store(Opts, "InferGuards", InferGuards);
}

void UnguardedThreadWriteCheck::registerMatchers(MatchFinder *Finder) {
  auto User = unless(isExpansionInSystemHeader());
  Finder->addMatcher(
      cxxConstructExpr(User, hasDeclaration(cxxConstructorDecl(ofClass(
                                 hasAnyName("::std::thread", "::std::jthread", "::boost::thread")))))
          .bind("launch"),
      this);
  std::vector<std::string> Names = Entries->launchFunctionNames();
  std::vector<StringRef> NameRefs(Names.begin(), Names.end());
  Finder->addMatcher(callExpr(User, callee(functionDecl(hasAnyName(NameRefs)))).bind("launch"),
                     this);
  // Parallel algorithms: std::for_each(std::execution::par, ...).
  Finder->addMatcher(
      callExpr(User, hasArgument(0, expr(hasType(hasUnqualifiedDesugaredType(recordType(
                                          hasDeclaration(namedDecl(matchesName(
                                              "parallel(_unsequenced)?_policy$")))))))))
          .bind("launch"),
      this);
  Finder->addMatcher(ompExecutableDirective(User).bind("omp"), this);
  Finder->addMatcher(functionDecl(User, isDefinition()).bind("function"), this);
}

void UnguardedThreadWriteCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (!Races) {
    Races = std::make_unique<RaceFinder>(Containers, *Locks,
                                         RaceFinderOptions{CallDepth, InferGuards}, Ctx);
    CurrentContext = &Ctx;
  }
  if (const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("function")) {
    if (!F->isDependentContext())
      Races->addFunction(F);
    return;
  }
  if (const auto *D = Result.Nodes.getNodeAs<OMPExecutableDirective>("omp")) {
    if (isOpenMPParallelDirective(D->getDirectiveKind()) && D->hasAssociatedStmt())
      Races->addEntry(ThreadEntryFinder::entryForOpenMP(D), enclosingFunction(D, Ctx));
    return;
  }
  const auto *Launch = Result.Nodes.getNodeAs<Expr>("launch");
  if (!Launch)
    return;
  const Decl *Launcher = enclosingFunction(Launch, Ctx);
  if (!Launcher || Launcher->isTemplated())
    return;
  if (std::optional<ThreadEntry> E = Entries->entryFor(Launch, Ctx))
    Races->addEntry(std::move(*E), Launcher);
}

void UnguardedThreadWriteCheck::onEndOfTranslationUnit() {
  if (Races && CurrentContext)
    for (const Race &R : Races->findRaces())
      report(R, *CurrentContext);
  Races.reset();
  CurrentContext = nullptr;
  Containers.endTranslationUnit();
}

/// The map as written at an access; a pointer `p->find()` is shown as `*p`.
static std::string mapName(const MapAccess &A, ASTContext &Ctx) {
  std::string Name = displayText(A.Object, Ctx);
  return A.Object->getType()->isPointerType() ? "*" + Name : Name;
}

void UnguardedThreadWriteCheck::report(const Race &R, ASTContext &Ctx) {
  const MapAccess &At = R.At.Access;
  std::string Map = mapName(At, Ctx);
  SourceLocation Loc = At.Site->getBeginLoc();
  switch (R.Why) {
  case Race::Reason::UnguardedWrite:
    if (R.Expected.Name.empty())
      diag(Loc, "write to shared map '%0' races with a concurrent access; no common mutex is "
                "held")
          << Map << At.Site->getSourceRange();
    else
      diag(Loc, "write to shared map '%0' without holding '%1', which the concurrent access "
                "holds")
          << Map << R.Expected.Name << At.Site->getSourceRange();
    break;
  case Race::Reason::WriteUnderSharedLock:
    diag(Loc, "write to shared map '%0' under a shared lock on '%1'; readers holding the same "
              "lock run concurrently with it")
        << Map << R.SharedHeld.Name << At.Site->getSourceRange();
    break;
  case Race::Reason::ReadDuringWrite:
    diag(Loc, "%0 of shared map '%1' without holding '%2' races with a concurrent write")
        << accessNoun(At.Kind) << Map << R.Expected.Name << At.Site->getSourceRange();
    break;
  case Race::Reason::InferredGuardWrite:
    diag(Loc, "write to '%0' without holding '%1', which guards it elsewhere")
        << Map << R.Expected.Name << At.Site->getSourceRange();
    break;
  case Race::Reason::InferredGuardRead:
    diag(Loc, "%0 of '%1' without holding '%2', which guards its writes elsewhere")
        << accessNoun(At.Kind) << Map << R.Expected.Name << At.Site->getSourceRange();
    break;
  }
  for (const Expr *Hop : R.At.Hops)
    diag(Hop->getBeginLoc(), "reached through this call", DiagnosticIDs::Note);
  // The thread the warned access runs on, else the one it races with.
  if (const ThreadEntry *Entry = R.At.Entry ? R.At.Entry : R.Entry) {
    diag(Entry->Launch->getBeginLoc(), launchNote(Entry->How), DiagnosticIDs::Note);
    auto [SharedAt, How] = sharingOf(*Entry, R.At.Path, Ctx);
    if (SharedAt.isValid())
      diag(SharedAt, "'%0' is shared with it %1", DiagnosticIDs::Note)
          << (declarationOf(R.At.Path) ? declarationOf(R.At.Path)->getName() : StringRef(Map))
          << How;
  }
  if (R.Other.Access.Site) {
    const MapAccess &O = R.Other.Access;
    bool Inferred = R.Why == Race::Reason::InferredGuardWrite ||
                    R.Why == Race::Reason::InferredGuardRead ||
                    (R.Why == Race::Reason::WriteUnderSharedLock && !R.Entry);
    for (const Expr *Hop : R.Other.Hops)
      diag(Hop->getBeginLoc(), "the other access is reached through this call",
           DiagnosticIDs::Note);
    if (Inferred)
      diag(O.Site->getBeginLoc(), "'%0' is accessed holding '%1' here", DiagnosticIDs::Note)
          << mapName(O, Ctx) << R.Expected.Name;
    else if (O.Site == At.Site)
      diag(O.Site->getBeginLoc(), "the same %0 runs on another thread at the same time",
           DiagnosticIDs::Note)
          << accessNoun(O.Kind);
    else if (const HeldLock *L = R.Other.Locks.locks().empty() ? nullptr
                                                                : &R.Other.Locks.locks().front())
      diag(O.Site->getBeginLoc(), "conflicting %0 of '%1' here, holding '%2'", DiagnosticIDs::Note)
          << accessNoun(O.Kind) << mapName(O, Ctx) << L->Name;
    else
      diag(O.Site->getBeginLoc(), "conflicting %0 of '%1' here, with no lock held",
           DiagnosticIDs::Note)
          << accessNoun(O.Kind) << mapName(O, Ctx);
  }
  if (const NamedDecl *D = declarationOf(R.At.Path))
    diag(D->getLocation(), "'%0' declared here", DiagnosticIDs::Note) << D->getName();
}

} // namespace clang::tidy::mapsafety
