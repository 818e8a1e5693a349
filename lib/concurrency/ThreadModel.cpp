//===- ThreadModel.cpp - what starts, joins and runs concurrent work --------===//
#include "mapsafety/concurrency/ThreadModel.h"
#include "mapsafety/support/Declarations.h"
#include "mapsafety/support/OptionList.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace mapsafety {

namespace {
/// Defaults for ThreadLaunchFunctions: executors that run the callable on a
/// pool thread while the caller goes on.
struct DefaultExecutor {
  const char *Name;
  int CallableArg;
};
const DefaultExecutor DefaultExecutors[] = {
    {"boost::asio::post", LaunchFunctionSpec::LastArgument},
    {"boost::asio::dispatch", LaunchFunctionSpec::LastArgument},
    {"boost::asio::defer", LaunchFunctionSpec::LastArgument},
    {"folly::Executor::add", 0},
    {"folly::CPUThreadPoolExecutor::add", 0},
    {"folly::IOThreadPoolExecutor::add", 0},
    {"tbb::task_group::run", 0},
    {"tbb::task_arena::enqueue", 0},
    // oneTBB declares them in tbb::detail::d1 and exports them into tbb.
    {"tbb::detail::d1::task_group::run", 0},
    {"tbb::detail::d1::task_arena::enqueue", 0},
    {"QtConcurrent::run", LaunchFunctionSpec::FirstCallableArgument},
    {"QThreadPool::start", 0},
    // BS::thread_pool (bshoshany/thread-pool): v3 push_task/submit, v4+ detach_task/submit_task.
    {"BS::thread_pool::push_task", 0},
    {"BS::thread_pool::submit", 0},
    {"BS::thread_pool::detach_task", 0},
    {"BS::thread_pool::submit_task", 0},
};

const char *const ThreadTypes[] = {"std::thread", "std::jthread", "boost::thread"};

std::string nameOf(const NamedDecl *D) {
  return D && D->getIdentifier() ? qualifiedNameWithoutInlineNamespaces(D) : "";
}
} // namespace

bool parseLaunchFunctionList(llvm::StringRef List, std::vector<LaunchFunctionSpec> &Out,
                             std::string &Error) {
  auto ParseEntry = [&](llvm::StringRef Entry) {
    auto [Name, Arg] = Entry.split('=');
    Arg = Arg.trim();
    int Index = LaunchFunctionSpec::LastArgument;
    if (Arg == "callable")
      Index = LaunchFunctionSpec::FirstCallableArgument;
    else if (Arg != "last" && !Arg.empty() && (Arg.getAsInteger(10, Index) || Index < 0))
      return false;
    Name = Name.trim();
    if (!isQualifiedName(Name))
      return false;
    Name.consume_front("::");
    Out.push_back({Name.str(), Index});
    return true;
  };
  return parseOptionList(List,
                         "'qualified::name=N' (N the callable's argument index), '=last' or "
                         "'=callable'",
                         ParseEntry, Error);
}

ThreadModel::ThreadModel(const std::vector<LaunchFunctionSpec> &ExtraLaunchFunctions) {
  for (const DefaultExecutor &D : DefaultExecutors)
    Executors[D.Name] = D.CallableArg;
  for (const LaunchFunctionSpec &S : ExtraLaunchFunctions)
    Executors[S.QualifiedName] = S.CallableArg;
}

std::vector<std::string> ThreadModel::threadTypeNames() {
  std::vector<std::string> Names;
  for (const char *T : ThreadTypes)
    Names.push_back(std::string("::") + T);
  return Names;
}

bool ThreadModel::isThreadType(QualType T, bool *IsJThread) {
  const CXXRecordDecl *RD = T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  std::string Name = qualifiedNameWithoutInlineNamespaces(RD);
  if (IsJThread)
    *IsJThread = Name == "std::jthread";
  return llvm::is_contained(ThreadTypes, Name);
}

std::vector<std::string> ThreadModel::launchFunctionNames() const {
  std::vector<std::string> Names = {"::std::async", "pthread_create", "emplace_back", "emplace"};
  for (const auto &Entry : Executors)
    Names.push_back("::" + Entry.getKey().str());
  return Names;
}

std::optional<int> ThreadModel::executorCallableArgument(llvm::StringRef QualifiedName) const {
  auto It = Executors.find(QualifiedName);
  if (It == Executors.end())
    return std::nullopt;
  return It->second;
}

bool ThreadModel::isAsync(const FunctionDecl *F) { return nameOf(F) == "std::async"; }

bool ThreadModel::isPthreadCreate(const FunctionDecl *F) { return nameOf(F) == "pthread_create"; }

bool ThreadModel::isParallelPolicy(QualType T) {
  std::string Name = T.getAsString();
  return Name.find("parallel_policy") != std::string::npos ||
         Name.find("parallel_unsequenced_policy") != std::string::npos;
}

bool ThreadModel::isStrand(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  std::string Name = qualifiedNameWithoutInlineNamespaces(RD);
  return Name == "boost::asio::strand";
}

bool ThreadModel::isBindExecutor(const FunctionDecl *F) {
  return nameOf(F) == "boost::asio::bind_executor";
}

bool ThreadModel::isThreadEmplace(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *M = Call->getMethodDecl();
  if (!M || !M->getIdentifier() || M->getName().substr(0, 7) != "emplace")
    return false;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(M->getParent());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return false;
  const CXXRecordDecl *Element = Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  return Element && copiesArguments(Element);
}

bool ThreadModel::copiesArguments(const NamedDecl *Launcher) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Launcher))
    Launcher = Ctor->getParent();
  std::string Name = qualifiedNameWithoutInlineNamespaces(Launcher);
  return Name == "std::thread" || Name == "std::jthread" || Name == "std::async" ||
         Name == "std::bind" || Name == "boost::thread";
}

bool ThreadModel::isJoinMethod(llvm::StringRef Name) {
  return Name == "join" || Name == "get" || Name == "wait" || Name == "wait_for_all" ||
         Name == "waitForDone" || Name == "waitForFinished" || Name == "request_stop_and_join";
}

bool ThreadModel::isJoinFunction(const FunctionDecl *F) {
  return F && F->getIdentifier() && F->getName() == "pthread_join";
}

bool ThreadModel::destructorJoins(LaunchKind Kind) {
  return Kind == LaunchKind::JThread || Kind == LaunchKind::Async || Kind == LaunchKind::Pool;
}

} // namespace mapsafety
