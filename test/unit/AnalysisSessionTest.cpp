//===- AnalysisSessionTest.cpp - one session per TU, built once --------------===//
#include "mapsafety/support/AnalysisSession.h"
#include "TestAST.h"

#include "gtest/gtest.h"

using namespace clang;
using namespace mapsafety;
using mapsafety::test::TestAST;

namespace {

const char *const Code = R"cpp(
void declaredOnly();
int defined(int x) {
  if (x)
    return 1;
  return 0;
}
)cpp";

/// A part that counts how often it was built.
struct Counted {
  explicit Counted(int &Builds) { ++Builds; }
};
struct OtherPart {};

TEST(AnalysisSessionTest, OfSharesOneSessionWhileHeldAndStartsAfreshAfter) {
  TestAST AST(Code);
  ASSERT_TRUE(AST.ok()) << AST.errors();
  int Builds = 0;
  auto Build = [&] { return std::make_unique<Counted>(Builds); };
  std::shared_ptr<AnalysisSession> First = AnalysisSession::of(AST.ctx());
  std::shared_ptr<AnalysisSession> Second = AnalysisSession::of(AST.ctx());
  ASSERT_TRUE(First && Second);
  EXPECT_EQ(First.get(), Second.get());
  EXPECT_EQ(&First->context(), &AST.ctx());
  First->part<Counted>("", Build);
  Second->part<Counted>("", Build);
  EXPECT_EQ(Builds, 1);
  // Released by everyone: the next caller gets a new session, without the
  // old one's parts (its address may be reused, so look at what it holds).
  First.reset();
  Second.reset();
  std::shared_ptr<AnalysisSession> Third = AnalysisSession::of(AST.ctx());
  Third->part<Counted>("", Build);
  EXPECT_EQ(Builds, 2);
}

TEST(AnalysisSessionTest, CfgIsBuiltOncePerFunction) {
  TestAST AST(Code);
  ASSERT_TRUE(AST.ok()) << AST.errors();
  AnalysisSession Session(AST.ctx());
  const FunctionDecl *F = AST.function("defined");
  ASSERT_NE(F, nullptr);
  const FunctionCFG *G = Session.cfg(F);
  ASSERT_NE(G, nullptr);
  EXPECT_TRUE(G->valid());
  EXPECT_EQ(G->function(), F);
  EXPECT_EQ(G->body(), F->getBody());
  EXPECT_EQ(Session.cfg(F), G);
  EXPECT_EQ(&Session.parents(F), &G->parents());
  // No body, no CFG.
  const auto *Declared = dyn_cast_or_null<FunctionDecl>(AST.decl("declaredOnly"));
  ASSERT_NE(Declared, nullptr);
  EXPECT_EQ(Session.cfg(Declared), nullptr);
}

TEST(AnalysisSessionTest, PartIsBuiltOncePerTypeAndConfiguration) {
  TestAST AST(Code);
  ASSERT_TRUE(AST.ok()) << AST.errors();
  AnalysisSession Session(AST.ctx());
  int Builds = 0;
  auto Build = [&] { return std::make_unique<Counted>(Builds); };
  Counted &A = Session.part<Counted>("cfg=a", Build);
  EXPECT_EQ(&Session.part<Counted>("cfg=a", Build), &A);
  EXPECT_EQ(Builds, 1);
  Counted &B = Session.part<Counted>("cfg=b", Build);
  EXPECT_NE(&B, &A);
  EXPECT_EQ(Builds, 2);
  // Another type under the same key is another part.
  int OtherBuilds = 0;
  Session.part<OtherPart>("cfg=a", [&] {
    ++OtherBuilds;
    return std::make_unique<OtherPart>();
  });
  EXPECT_EQ(OtherBuilds, 1);
  EXPECT_EQ(&Session.part<Counted>("cfg=a", Build), &A);
  EXPECT_EQ(Builds, 2);
  // partFor: one part per combination of the parts it is built from.
  int X = 0, Y = 0;
  Counted &FromX = Session.partFor<Counted>({&X}, Build);
  EXPECT_EQ(&Session.partFor<Counted>({&X}, Build), &FromX);
  EXPECT_NE(&Session.partFor<Counted>({&X, &Y}, Build), &FromX);
  EXPECT_EQ(Builds, 4);
}

TEST(AnalysisSessionTest, EnclosingFunctionOfARecordedDefinition) {
  TestAST AST(Code);
  ASSERT_TRUE(AST.ok()) << AST.errors();
  AnalysisSession Session(AST.ctx());
  const FunctionDecl *F = AST.function("defined");
  ASSERT_NE(F, nullptr);
  const auto *Ret = AST.first<ReturnStmt>(clang::ast_matchers::returnStmt(), F);
  ASSERT_NE(Ret, nullptr);
  EXPECT_EQ(Session.enclosingFunction(Ret), nullptr); // not recorded yet
  Session.addDefinition(F);
  Session.addDefinition(F);
  EXPECT_EQ(Session.definitions().size(), 1u);
  EXPECT_EQ(Session.enclosingFunction(Ret), F);
}

} // namespace
