//===- InvalidationFlowTest.cpp - is the erased iterator used afterwards? ---===//
#include "mapsafety/containers/InvalidationFlow.h"
#include "TestAST.h"
#include "mapsafety/support/AnalysisSession.h"

#include "clang/AST/Stmt.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace mapsafety;
using mapsafety::test::TestAST;

namespace {

const char *const Code = R"cpp(
#include <map>
using Map = std::map<int, int>;
void fallsThrough(Map &m) {
  for (auto it = m.begin(); it != m.end(); ++it)
    if (it->second == 0)
      m.erase(it);
}
void breaksOut(Map &m) {
  for (auto it = m.begin(); it != m.end(); ++it)
    if (it->second == 0) {
      m.erase(it);
      break;
    }
}
int returns(Map &m) {
  for (auto it = m.begin(); it != m.end(); ++it)
    if (it->second == 0) {
      m.erase(it);
      return 1;
    }
  return 0;
}
void reassigns(Map &m) {
  for (auto it = m.begin(); it != m.end();) {
    if (it->second == 0)
      it = m.erase(it);
    else
      ++it;
  }
}
)cpp";

class InvalidationFlowTest : public mapsafety::test::SnippetTest {
protected:
  static void SetUpTestSuite() { parse(Code); }
  /// findUseAfter from the erase call in Function, for its iterator `it`.
  const Expr *useAfterErase(llvm::StringRef Function) {
    const FunctionDecl *F = AST->function(Function);
    EXPECT_NE(F, nullptr);
    if (!F)
      return nullptr;
    const CallExpr *Erase = AST->call("erase", F);
    const auto *It = dyn_cast_or_null<VarDecl>(AST->decl("it", F));
    const FunctionCFG *G = Session->cfg(F);
    EXPECT_TRUE(Erase && It && G && G->valid());
    if (!Erase || !It || !G)
      return nullptr;
    return findUseAfter(*G, Erase, It);
  }
};

TEST_F(InvalidationFlowTest, EraseThatFallsThroughReachesTheLoopIncrement) {
  const Expr *Use = useAfterErase("fallsThrough");
  ASSERT_NE(Use, nullptr);
  const auto *DRE = dyn_cast<DeclRefExpr>(Use);
  ASSERT_NE(DRE, nullptr);
  EXPECT_EQ(DRE->getDecl(), AST->decl("it", AST->function("fallsThrough")));
  // The use is the `it` of the for's `++it`.
  const auto *Loop = AST->first<ForStmt>(forStmt(), AST->function("fallsThrough"));
  ASSERT_TRUE(Loop && Loop->getInc());
  const SourceManager &SM = AST->ctx().getSourceManager();
  EXPECT_TRUE(SM.isPointWithin(Use->getBeginLoc(), Loop->getInc()->getBeginLoc(),
                               Loop->getInc()->getEndLoc()));
}

TEST_F(InvalidationFlowTest, EraseFollowedByBreakHasNoUse) {
  EXPECT_EQ(useAfterErase("breaksOut"), nullptr);
}

TEST_F(InvalidationFlowTest, EraseFollowedByReturnHasNoUse) {
  EXPECT_EQ(useAfterErase("returns"), nullptr);
}

TEST_F(InvalidationFlowTest, IteratorReassignedFromEraseHasNoUse) {
  EXPECT_EQ(useAfterErase("reassigns"), nullptr);
}

} // namespace

namespace {

// mayReturnAfter: a callable run by an algorithm hands control back to it
// unless it throws or calls a [[noreturn]] function on every path.
const char *const CallableCode = R"cpp(
#include <map>
using Map = std::map<int, int>;
[[noreturn]] void fatal();
void returnsAfterIt(Map &m, int k) {
  if (k > 0) {
    m.erase(k);
    return;
  }
  k = 1;
}
void throwsAfterIt(Map &m, int k) {
  m.erase(k);
  throw k;
}
void abortsAfterIt(Map &m, int k) {
  m.erase(k);
  fatal();
}
void throwsOnOnePathOnly(Map &m, int k) {
  m.erase(k);
  if (k > 0)
    throw k;
}
)cpp";

class MayReturnAfterTest : public mapsafety::test::SnippetTest {
protected:
  static void SetUpTestSuite() { parse(CallableCode); }
  bool returnsAfterErase(llvm::StringRef Function) {
    const FunctionDecl *F = AST->function(Function);
    EXPECT_NE(F, nullptr);
    const CallExpr *Erase = F ? AST->call("erase", F) : nullptr;
    EXPECT_NE(Erase, nullptr);
    const FunctionCFG *G = F ? Session->cfg(F) : nullptr;
    return G && Erase && mayReturnAfter(*G, Erase);
  }
};

TEST_F(MayReturnAfterTest, ReturnAndEndOfBodyHandControlBack) {
  EXPECT_TRUE(returnsAfterErase("returnsAfterIt"));
  EXPECT_TRUE(returnsAfterErase("throwsOnOnePathOnly"));
}

TEST_F(MayReturnAfterTest, ThrowAndNoreturnCallDoNot) {
  EXPECT_FALSE(returnsAfterErase("throwsAfterIt"));
  EXPECT_FALSE(returnsAfterErase("abortsAfterIt"));
}

} // namespace
