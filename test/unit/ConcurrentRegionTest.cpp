//===- ConcurrentRegionTest.cpp - what runs beside a launched thread --------===//
#include "mapsafety/concurrency/ConcurrentRegion.h"
#include "TestAST.h"
#include "mapsafety/concurrency/ThreadEntryFinder.h"
#include "mapsafety/support/AnalysisSession.h"

#include "clang/AST/ExprCXX.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace mapsafety;
using mapsafety::test::TestAST;

namespace {

const char *const Code = R"cpp(
#include <thread>
#include <vector>
void work() {}
void a();
void b();
void joined() {
  std::thread t(work);
  a();
  t.join();
  b();
}
void launchedInLoop(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back(work);
  a();
  for (auto &t : threads)
    t.join();
  b();
}
void detachedHandle() {
  std::thread t(work);
  t.detach();
  a();
}
void unnamed() {
  std::thread(work).detach();
  a();
}
)cpp";

class ConcurrentRegionTest : public mapsafety::test::SnippetTest {
protected:
  static void SetUpTestSuite() { parse(Code); }
  /// The entry started in Function: its std::thread construction, else its
  /// emplace_back call.
  std::optional<ThreadEntry> entryIn(const FunctionDecl *F) {
    const Expr *Launch = AST->first<CXXConstructExpr>(
        cxxConstructExpr(hasType(cxxRecordDecl(hasName("::std::thread"))), argumentCountIs(1),
                         unless(hasDeclaration(cxxConstructorDecl(isCopyConstructor()))),
                         unless(hasDeclaration(cxxConstructorDecl(isMoveConstructor())))),
        F);
    if (!Launch)
      Launch = AST->call("emplace_back", F);
    EXPECT_NE(Launch, nullptr);
    if (!Launch)
      return std::nullopt;
    return Finder.entryFor(Launch, Session->parents(F), AST->ctx());
  }
  ConcurrentRegion regionIn(llvm::StringRef Function) {
    const FunctionDecl *F = AST->function(Function);
    EXPECT_NE(F, nullptr);
    if (!F)
      return ConcurrentRegion();
    std::optional<ThreadEntry> Entry = entryIn(F);
    EXPECT_TRUE(Entry.has_value()) << Function.str();
    if (!Entry)
      return ConcurrentRegion();
    ConcurrentRegionFinder Regions(*Session);
    return Regions.regionOf(*Entry, F);
  }
  const CallExpr *callIn(llvm::StringRef Function, llvm::StringRef Callee) {
    return AST->call(Callee, AST->function(Function));
  }

  ThreadEntryFinder Finder;
};

TEST_F(ConcurrentRegionTest, RegionRunsFromTheLaunchToTheJoin) {
  const FunctionDecl *F = AST->function("joined");
  std::optional<ThreadEntry> Entry = entryIn(F);
  ASSERT_TRUE(Entry.has_value());
  EXPECT_EQ(Entry->How, LaunchKind::Thread);
  EXPECT_EQ(Entry->Joined, ThreadEntry::JoinedBy::LocalHandle);
  EXPECT_EQ(Entry->Handle, AST->decl("t", F));
  EXPECT_EQ(Entry->Callable, AST->function("work"));

  ConcurrentRegion R = regionIn("joined");
  EXPECT_TRUE(R.contains(callIn("joined", "a")));
  EXPECT_FALSE(R.contains(callIn("joined", "b")));
  EXPECT_FALSE(R.SelfConcurrent);
  EXPECT_FALSE(R.Escapes);
}

TEST_F(ConcurrentRegionTest, ThreadLaunchedInALoopIsSelfConcurrent) {
  ConcurrentRegion R = regionIn("launchedInLoop");
  EXPECT_TRUE(R.SelfConcurrent);
  EXPECT_TRUE(R.contains(callIn("launchedInLoop", "a")));
  // The range-for joining every thread of the vector ends the region.
  EXPECT_FALSE(R.contains(callIn("launchedInLoop", "b")));
  EXPECT_FALSE(R.Escapes);
}

TEST_F(ConcurrentRegionTest, DetachedThreadEscapes) {
  ConcurrentRegion R = regionIn("detachedHandle");
  EXPECT_TRUE(R.Escapes);
  EXPECT_TRUE(R.contains(callIn("detachedHandle", "a")));
}

TEST_F(ConcurrentRegionTest, UnnamedThreadEscapes) {
  const FunctionDecl *F = AST->function("unnamed");
  std::optional<ThreadEntry> Entry = entryIn(F);
  ASSERT_TRUE(Entry.has_value());
  EXPECT_EQ(Entry->Joined, ThreadEntry::JoinedBy::Unknown);
  ConcurrentRegion R = regionIn("unnamed");
  EXPECT_TRUE(R.Escapes);
  EXPECT_TRUE(R.contains(callIn("unnamed", "a")));
}

} // namespace
