//===- ThreadRaceCheck.cpp - what the two thread rules share ----------------===//
#include "ThreadRaceCheck.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtOpenMP.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/OpenMPKinds.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

using namespace clang::ast_matchers;
using namespace ::mapsafety;

namespace clang::tidy::mapsafety {

namespace {
/// The option's value, else the environment variable's (the gate sets it).
std::string optionOrEnvironment(const std::string &Option, const char *Variable) {
  if (!Option.empty())
    return Option;
  std::optional<std::string> Value;
  if (auto FromEnvironment = llvm::sys::Process::GetEnv(Variable))
    Value = *FromEnvironment;
  return Value ? *Value : std::string();
}
/// The project view the gate left beside the compile database that serves
/// MainFile: clangd's own search (the file's directories upwards, each one and
/// its build/ subdirectory); empty when there is none.
std::string viewBesideCompileCommands(llvm::StringRef MainFile) {
  llvm::SmallString<256> Dir(MainFile);
  if (llvm::sys::fs::make_absolute(Dir))
    return {};
  for (llvm::StringRef Up = llvm::sys::path::parent_path(Dir); !Up.empty();
       Up = llvm::sys::path::parent_path(Up)) {
    for (llvm::StringRef Sub : {"", "build"}) {
      llvm::SmallString<256> Base(Up);
      llvm::sys::path::append(Base, Sub);
      llvm::SmallString<256> Database(Base), View(Base);
      llvm::sys::path::append(Database, "compile_commands.json");
      llvm::sys::path::append(View, "mapsafety-view.json");
      if (llvm::sys::fs::exists(Database))
        return llvm::sys::fs::exists(View) ? std::string(View) : std::string();
    }
  }
  return {};
}
} // namespace

ThreadRaceCheck::ThreadRaceCheck(StringRef Name, ClangTidyContext *Context, bool ReportCopies,
                                 ArrayRef<StringRef> OwnOptions)
    : ClangTidyCheck(Name, Context),
      // Sequence containers are opt-in until their real-code false positives
      // are triaged (docs/real-world.md, "Sequence containers in the thread rules").
      ContainerTypes(Context, Name, Options.get("ExtraContainerTypes", ""),
                     Options.get("SequenceContainers", false) ? ContainerScope::WithSequences
                                                              : ContainerScope::Associative),
      LockTypes(Context, Name, Options.get("ExtraMutexTypes", ""),
                Options.get("ExtraGuardTypes", "")),
      ThreadLaunchFunctions(Options.get("ThreadLaunchFunctions", "")),
      CallDepth(Options.get("CallDepth", 3U)), InferGuards(Options.get("InferGuards", true)),
      ReportCopies(ReportCopies), RuleName(Name.str()),
      ProjectFactsDir(optionOrEnvironment(std::string(Options.get("ProjectFactsDir", "")),
                                          "MAPSAFETY_FACTS_DIR")),
      ProjectViewPath(optionOrEnvironment(std::string(Options.get("ProjectView", "")),
                                          "MAPSAFETY_PROJECT_VIEW")),
      Entries(threadEntriesFromOption(Context, Name, ThreadLaunchFunctions)) {
  std::vector<StringRef> Known = {"ExtraContainerTypes",   "ExtraMutexTypes", "ExtraGuardTypes",
                                  "ThreadLaunchFunctions", "CallDepth",       "InferGuards",
                                  "ProjectFactsDir",       "ProjectView",     "SequenceContainers"};
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
  Options.store(Opts, "SequenceContainers", Options.get("SequenceContainers", false));
  Options.store(Opts, "ProjectFactsDir", Options.get("ProjectFactsDir", ""));
  Options.store(Opts, "ProjectView", Options.get("ProjectView", ""));
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
  // Pools recognised by shape (ExecutorShape.h): any other member call with
  // an argument may submit work; ThreadEntryFinder decides.
  Finder->addMatcher(cxxMemberCallExpr(User, hasArgument(0, expr()),
                                       unless(callee(functionDecl(hasAnyName(NameRefs)))))
                         .bind("launch"),
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
  if (Session && Races) {
    std::string ViewPath = ProjectViewPath;
    // mapsafety-clangd asks for the view beside the compile database (the
    // gate writes it there); a file without one is judged on its own.
    if (ViewPath.empty() && llvm::sys::Process::GetEnv("MAPSAFETY_FIND_PROJECT_VIEW")) {
      const SourceManager &SM = Session->context().getSourceManager();
      ViewPath =
          viewBesideCompileCommands(SM.getFilename(SM.getLocForStartOfFile(SM.getMainFileID())));
    }
    if (!ViewPath.empty()) {
      if (auto Loaded = ProjectView::load(ViewPath))
        View = std::move(*Loaded);
      else
        configurationDiag("%0; judging each file on its own") << toString(Loaded.takeError());
    }
    if (!ProjectFactsDir.empty() || View) {
      Facts = std::make_unique<ProjectFacts>(
          *Session, FunctionLockSets::in(*Session, LockTypes.model(*Session)),
          ContainerTypes.model(*Session));
      // The function facts once per TU, from the first rule to finish.
      struct FunctionFactsWritten {};
      bool First = false;
      Session->part<FunctionFactsWritten>("", [&] {
        First = true;
        return std::make_unique<FunctionFactsWritten>();
      });
      Facts->setWithFunctions(First);
    }
    finishTranslationUnit(*Session, *Races);
    if (!ProjectFactsDir.empty())
      if (llvm::Error E = Facts->writeTo(ProjectFactsDir, RuleName))
        configurationDiag("project facts not written: %0") << toString(std::move(E));
  }
  Facts.reset();
  View.reset();
  Races.reset();
  Session.reset();
}

std::vector<ThreadRaceCheck::JudgedRace>
ThreadRaceCheck::judgedRaces(RaceFinder &Races,
                             llvm::function_ref<SourceLocation(const Race &)> ReportedAt) {
  std::vector<JudgedRace> Out;
  for (Race &R : Races.findRaces()) {
    JudgedRace J{std::move(R), {}};
    if (Facts) {
      std::optional<Premise> P = Facts->premiseFor(J.Race, RuleName, ReportedAt(J.Race));
      if (!ProjectFactsDir.empty()) {
        Premise Recorded;
        if (P) {
          Recorded = *P;
        } else {
          Recorded.Check = RuleName;
          Recorded.At = factLocation(ReportedAt(J.Race), Session->context().getSourceManager());
          Recorded.Unconditional = true;
        }
        Facts->addPremise(std::move(Recorded));
      }
      if (P && View) {
        ProjectView::Verdict V = View->judge(*P);
        if (V.Cleared)
          continue;
        J.ViewNotes = std::move(V.Notes);
      }
    }
    Out.push_back(std::move(J));
  }
  return Out;
}

void ThreadRaceCheck::emitViewNotes(const JudgedRace &R, ASTContext &Ctx) {
  SourceManager &SM = Ctx.getSourceManager();
  for (const ProjectView::Note &N : R.ViewNotes) {
    // The note is usually in a file this TU never opened.
    SourceLocation Loc;
    auto File = SM.getFileManager().getFileRef(N.At.File);
    if (File) {
      FileID ID = SM.translateFile(*File);
      if (ID.isInvalid())
        ID = SM.createFileID(*File, SourceLocation(), SrcMgr::C_User);
      Loc = SM.getComposedLoc(ID, N.At.Offset);
    } else {
      llvm::consumeError(File.takeError()); // the note then has no location
    }
    diag(Loc, "%0", DiagnosticIDs::Note) << N.Message;
  }
}

} // namespace clang::tidy::mapsafety
