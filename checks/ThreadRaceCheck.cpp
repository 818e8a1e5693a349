//===- ThreadRaceCheck.cpp - what the two thread rules share ----------------===//
#include "ThreadRaceCheck.h"
#include "OptionValidation.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtOpenMP.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/OpenMPKinds.h"

using namespace clang::ast_matchers;
using namespace ::mapsafety;

namespace clang::tidy::mapsafety {

ThreadRaceCheck::ThreadRaceCheck(StringRef Name, ClangTidyContext *Context, bool ReportCopies,
                                 ArrayRef<StringRef> OwnOptions)
    : ClangTidyCheck(Name, Context), ExtraContainerTypes(Options.get("ExtraContainerTypes", "")),
      ExtraMutexTypes(Options.get("ExtraMutexTypes", "")),
      ExtraGuardTypes(Options.get("ExtraGuardTypes", "")),
      ThreadLaunchFunctions(Options.get("ThreadLaunchFunctions", "")),
      CallDepth(Options.get("CallDepth", 3U)), InferGuards(Options.get("InferGuards", true)),
      ReportCopies(ReportCopies) {
  Containers = containerModelFromOption(Context, Name, ExtraContainerTypes);
  Locks = lockModelFromOptions(Context, Name, ExtraMutexTypes, ExtraGuardTypes);
  Entries = threadEntriesFromOption(Context, Name, ThreadLaunchFunctions);
  std::vector<StringRef> Known = {"ExtraContainerTypes",   "ExtraMutexTypes", "ExtraGuardTypes",
                                  "ThreadLaunchFunctions", "CallDepth",       "InferGuards"};
  Known.insert(Known.end(), OwnOptions.begin(), OwnOptions.end());
  diagnoseUnknownOptions(Context, Name, Known);
}

void ThreadRaceCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ExtraContainerTypes", ExtraContainerTypes);
  Options.store(Opts, "ExtraMutexTypes", ExtraMutexTypes);
  Options.store(Opts, "ExtraGuardTypes", ExtraGuardTypes);
  Options.store(Opts, "ThreadLaunchFunctions", ThreadLaunchFunctions);
  Options.store(Opts, "CallDepth", CallDepth);
  Options.store(Opts, "InferGuards", InferGuards);
}

void ThreadRaceCheck::registerMatchers(MatchFinder *Finder) {
  auto User = unless(isExpansionInSystemHeader());
  Finder->addMatcher(
      cxxConstructExpr(User, hasDeclaration(cxxConstructorDecl(ofClass(hasAnyName(
                                 "::std::thread", "::std::jthread", "::boost::thread")))))
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
                                  namedDecl(matchesName("parallel(_unsequenced)?_policy$")))))))))
          .bind("launch"),
      this);
  Finder->addMatcher(ompExecutableDirective(User).bind("omp"), this);
  Finder->addMatcher(functionDecl(User, isDefinition()).bind("function"), this);
}

void ThreadRaceCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (!Races) {
    Races = std::make_unique<RaceFinder>(
        Containers, *Locks, RaceFinderOptions{CallDepth, InferGuards, ReportCopies}, Ctx);
    Enclosing = std::make_unique<EnclosingFunctionIndex>(Ctx.getSourceManager());
    CurrentContext = &Ctx;
  }
  // A function is matched before the statements of its body.
  if (const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("function")) {
    Enclosing->addFunction(F);
    if (!F->isDependentContext()) {
      Races->addFunction(F);
      onFunction(F, Ctx);
    }
    return;
  }
  if (const auto *D = Result.Nodes.getNodeAs<OMPExecutableDirective>("omp")) {
    if (isOpenMPParallelDirective(D->getDirectiveKind()) && D->hasAssociatedStmt())
      Races->addEntry(ThreadEntryFinder::entryForOpenMP(D), Enclosing->enclosing(D));
    return;
  }
  const auto *Launch = Result.Nodes.getNodeAs<Expr>("launch");
  if (!Launch)
    return;
  const Decl *Launcher = Enclosing->enclosing(Launch);
  if (!Launcher || Launcher->isTemplated())
    return;
  if (std::optional<ThreadEntry> E = Entries->entryFor(Launch, Parents.of(Launcher), Ctx))
    Races->addEntry(std::move(*E), Launcher);
}

void ThreadRaceCheck::onEndOfTranslationUnit() {
  if (Races && CurrentContext)
    finishTranslationUnit(*Races, *CurrentContext);
  Races.reset();
  Enclosing.reset();
  Parents = FunctionParentsCache();
  CurrentContext = nullptr;
  Containers.endTranslationUnit();
  Locks->endTranslationUnit();
}

} // namespace clang::tidy::mapsafety
