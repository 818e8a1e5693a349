//===- ThreadModelTest.cpp - thread types, joins, executors -----------------===//
//
// The snippet declares small stand-ins: ThreadModel recognises these classes
// and functions by qualified name only.
//
//===----------------------------------------------------------------------===//
#include "mapsafety/concurrency/ThreadModel.h"
#include "TestAST.h"

#include "clang/AST/DeclCXX.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace mapsafety;
using mapsafety::test::TestAST;

namespace {

const char *const Code = R"cpp(
namespace std {
class thread {
public:
  thread() = default;
  template <class F> explicit thread(F f) {}
  void join();
};
class jthread {};
template <class F> void bind(F f) {}
}
class MyThread {
public:
  void join();
};
using Worker = std::thread;
void spawn(void (*f)());

std::thread t;
std::jthread jt;
MyThread mine;
Worker w;
std::thread &tr = t;
)cpp";

QualType typeOf(const TestAST &AST, llvm::StringRef Var) {
  const ValueDecl *D = AST.decl(Var);
  return D ? D->getType() : QualType();
}

TEST(ThreadModelTest, IsThreadTypeKnowsThreadAndJThreadNotUserClasses) {
  TestAST AST(Code);
  ASSERT_TRUE(AST.ok()) << AST.errors();
  bool IsJThread = true;
  EXPECT_TRUE(ThreadModel::isThreadType(typeOf(AST, "::t"), &IsJThread));
  EXPECT_FALSE(IsJThread);
  EXPECT_TRUE(ThreadModel::isThreadType(typeOf(AST, "::jt"), &IsJThread));
  EXPECT_TRUE(IsJThread);
  EXPECT_FALSE(ThreadModel::isThreadType(typeOf(AST, "::mine")));
  // Through an alias and a reference.
  EXPECT_TRUE(ThreadModel::isThreadType(typeOf(AST, "::w")));
  EXPECT_TRUE(ThreadModel::isThreadType(typeOf(AST, "::tr")));
}

TEST(ThreadModelTest, JoinMethods) {
  for (const char *Join : {"join", "get", "wait", "wait_for_all", "waitForDone"})
    EXPECT_TRUE(ThreadModel::isJoinMethod(Join)) << Join;
  for (const char *NotJoin : {"detach", "joinable", "lock", ""})
    EXPECT_FALSE(ThreadModel::isJoinMethod(NotJoin)) << NotJoin;
}

TEST(ThreadModelTest, DestructorJoinsPerLaunchKind) {
  EXPECT_FALSE(ThreadModel::destructorJoins(LaunchKind::Thread));
  EXPECT_TRUE(ThreadModel::destructorJoins(LaunchKind::JThread));
  EXPECT_TRUE(ThreadModel::destructorJoins(LaunchKind::Async));
  EXPECT_TRUE(ThreadModel::destructorJoins(LaunchKind::Pool));
  EXPECT_FALSE(ThreadModel::destructorJoins(LaunchKind::ParallelAlgorithm));
  EXPECT_FALSE(ThreadModel::destructorJoins(LaunchKind::OpenMP));
}

TEST(ThreadModelTest, ExecutorCallableArgumentForDefaultsAndOptions) {
  ThreadModel Defaults;
  EXPECT_EQ(Defaults.executorCallableArgument("boost::asio::post"),
            std::optional<int>(LaunchFunctionSpec::LastArgument));
  EXPECT_EQ(Defaults.executorCallableArgument("folly::Executor::add"), std::optional<int>(0));
  EXPECT_EQ(Defaults.executorCallableArgument("QtConcurrent::run"),
            std::optional<int>(LaunchFunctionSpec::FirstCallableArgument));
  EXPECT_FALSE(Defaults.executorCallableArgument("my::Pool::submit").has_value());
  EXPECT_FALSE(Defaults.executorCallableArgument("std::thread").has_value());

  std::vector<LaunchFunctionSpec> Extra;
  std::string Error;
  ASSERT_TRUE(
      parseLaunchFunctionList("my::Pool::submit=1; ::my::spawn=callable;my::go", Extra, Error))
      << Error;
  ASSERT_EQ(Extra.size(), 3u);
  ThreadModel Configured(Extra);
  EXPECT_EQ(Configured.executorCallableArgument("my::Pool::submit"), std::optional<int>(1));
  // The leading `::` is dropped; a bare name means the last argument.
  EXPECT_EQ(Configured.executorCallableArgument("my::spawn"),
            std::optional<int>(LaunchFunctionSpec::FirstCallableArgument));
  EXPECT_EQ(Configured.executorCallableArgument("my::go"),
            std::optional<int>(LaunchFunctionSpec::LastArgument));
  // The defaults stay.
  EXPECT_EQ(Configured.executorCallableArgument("folly::Executor::add"), std::optional<int>(0));
  std::vector<std::string> Names = Configured.launchFunctionNames();
  EXPECT_NE(std::find(Names.begin(), Names.end(), "::my::Pool::submit"), Names.end());
}

TEST(ThreadModelTest, ParseLaunchFunctionListRejectsBadIndices) {
  std::vector<LaunchFunctionSpec> Out;
  std::string Error;
  EXPECT_FALSE(parseLaunchFunctionList("my::run=-1", Out, Error));
  EXPECT_NE(Error.find("my::run=-1"), std::string::npos) << Error;
  Error.clear();
  EXPECT_FALSE(parseLaunchFunctionList("my::run=first", Out, Error));
  EXPECT_NE(Error.find("my::run=first"), std::string::npos) << Error;
}

TEST(ThreadModelTest, CopiesArgumentsForThreadAndBindNotUserFunctions) {
  TestAST AST(Code);
  ASSERT_TRUE(AST.ok()) << AST.errors();
  const auto *Thread = AST.first<CXXRecordDecl>(
      cxxRecordDecl(hasName("::std::thread"), isDefinition()), AST.ctx().getTranslationUnitDecl());
  ASSERT_NE(Thread, nullptr);
  EXPECT_TRUE(ThreadModel::copiesArguments(Thread));
  // A constructor names its class.
  const auto *Ctor = AST.first<CXXConstructorDecl>(
      cxxConstructorDecl(ofClass(hasName("::std::thread"))), AST.ctx().getTranslationUnitDecl());
  ASSERT_NE(Ctor, nullptr);
  EXPECT_TRUE(ThreadModel::copiesArguments(Ctor));
  const auto *Bind = AST.first<FunctionTemplateDecl>(functionTemplateDecl(hasName("::std::bind")),
                                                     AST.ctx().getTranslationUnitDecl());
  ASSERT_NE(Bind, nullptr);
  EXPECT_TRUE(ThreadModel::copiesArguments(Bind->getTemplatedDecl()));
  const auto *Spawn =
      AST.first<FunctionDecl>(functionDecl(hasName("::spawn")), AST.ctx().getTranslationUnitDecl());
  ASSERT_NE(Spawn, nullptr);
  EXPECT_FALSE(ThreadModel::copiesArguments(Spawn));
  const auto *Mine = AST.first<CXXRecordDecl>(cxxRecordDecl(hasName("::MyThread"), isDefinition()),
                                              AST.ctx().getTranslationUnitDecl());
  ASSERT_NE(Mine, nullptr);
  EXPECT_FALSE(ThreadModel::copiesArguments(Mine));
}

} // namespace
