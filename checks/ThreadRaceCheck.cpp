//===- ThreadRaceCheck.cpp - what the two thread rules share ----------------===//
#include "ThreadRaceCheck.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtOpenMP.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/OpenMPKinds.h"

using namespace clang::ast_matchers;
using namespace ::mapsafety;

namespace clang::tidy::mapsafety {

ThreadRaceCheck::ThreadRaceCheck(StringRef Name, ClangTidyContext *Context, bool ReportCopies,
                                 ArrayRef<StringRef> OwnOptions)
    : ClangTidyCheck(Name, Context),
      ContainerTypes(Context, Name, Options.get("ExtraContainerTypes", "")),
      LockTypes(Context, Name, Options.get("ExtraMutexTypes", ""),
                Options.get("ExtraGuardTypes", "")),
      ThreadLaunchFunctions(Options.get("ThreadLaunchFunctions", "")),
      CallDepth(Options.get("CallDepth", 3U)), InferGuards(Options.get("InferGuards", true)),
      ReportCopies(ReportCopies),
      Entries(threadEntriesFromOption(Context, Name, ThreadLaunchFunctions)) {
  std::vector<StringRef> Known = {"ExtraContainerTypes",   "ExtraMutexTypes", "ExtraGuardTypes",
                                  "ThreadLaunchFunctions", "CallDepth",       "InferGuards"};
  Known.insert(Known.end(), OwnOptions.begin(), OwnOptions.end());
  diagnoseUnknownOptions(Context, Name, Known);
}

void ThreadRaceCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ExtraContainerTypes", ContainerTypes.value());
  Options.store(Opts, "ExtraMutexTypes", LockTypes.mutexTypes());
  Options.store(Opts, "ExtraGuardTypes", LockTypes.guardTypes());
  Options.store(Opts, "ThreadLaunchFunctions", ThreadLaunchFunctions);
  Options.store(Opts, "CallDepth", CallDepth);
  Options.store(Opts, "InferGuards", InferGuards);
}

void ThreadRaceCheck::registerMatchers(MatchFinder *Finder) {
  auto User = unless(isExpansionInSystemHeader());
  std::vector<std::string> Types = ThreadModel::threadTypeNames();
  std::vector<StringRef> TypeRefs(Types.begin(), Types.end());
  Finder->addMatcher(
      cxxConstructExpr(User, hasDeclaration(cxxConstructorDecl(ofClass(hasAnyName(TypeRefs)))))
          .bind("launch"),
      this);
  std::vector<std::string> Names = Entries->launchFunctionNames();
  std::vector<StringRef> NameRefs(Names.begin(), Names.end());
  Finder->addMatcher(callExpr(User, callee(functionDecl(hasAnyName(NameRefs)))).bind("launch"),
                     this);
  // Parallel algorithms: std::for_each(std::execution::par, ...).
  Finder->addMatcher(
      callExpr(User,
               hasArgument(0, expr(hasType(hasUnqualifiedDesugaredType(recordType(hasDeclaration(
                                  namedDecl(matchesName(ThreadModel::ParallelPolicyPattern)))))))))
          .bind("launch"),
      this);
  Finder->addMatcher(ompExecutableDirective(User).bind("omp"), this);
  Finder->addMatcher(functionDecl(User, isDefinition()).bind("function"), this);
}

void ThreadRaceCheck::check(const MatchFinder::MatchResult &Result) {
  if (!Session) {
    Session = AnalysisSession::of(*Result.Context);
    Races = std::make_unique<RaceFinder>(*Session, ContainerTypes.model(*Session),
                                         LockTypes.model(*Session),
                                         RaceFinderOptions{CallDepth, InferGuards, ReportCopies});
  }
  // A function is matched before the statements of its body.
  if (const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("function")) {
    Session->addDefinition(F);
    return;
  }
  if (const auto *D = Result.Nodes.getNodeAs<OMPExecutableDirective>("omp")) {
    if (isOpenMPParallelDirective(D->getDirectiveKind()) && D->hasAssociatedStmt())
      Races->addEntry(ThreadEntryFinder::entryForOpenMP(D), Session->enclosingFunction(D));
    return;
  }
  const auto *Launch = Result.Nodes.getNodeAs<Expr>("launch");
  if (!Launch)
    return;
  const Decl *Launcher = Session->enclosingFunction(Launch);
  if (!Launcher || Launcher->isTemplated())
    return;
  if (std::optional<ThreadEntry> E =
          Entries->entryFor(Launch, Session->parents(Launcher), *Result.Context))
    Races->addEntry(std::move(*E), Launcher);
}

void ThreadRaceCheck::onEndOfTranslationUnit() {
  if (Session && Races)
    finishTranslationUnit(*Session, *Races);
  Races.reset();
  Session.reset();
}

} // namespace clang::tidy::mapsafety
