//===- TestAST.h - parse a snippet, find its nodes ---------------------------===//
//
// What every unit test of lib/ needs: a snippet parsed into an AST (with the
// real standard library headers, C++17 unless told otherwise) and the nodes it
// asks the analyses about, found by AST matchers.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_TEST_UNIT_TESTAST_H
#define MAPSAFETY_TEST_UNIT_TESTAST_H

#include "mapsafety/support/AnalysisSession.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/ASTUnit.h"
#include "llvm/ADT/StringRef.h"
#include "gtest/gtest.h"
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace mapsafety {
namespace test {

/// A parsed snippet. ok() is false when it did not compile; errors() says why.
class TestAST {
public:
  explicit TestAST(llvm::StringRef Code, std::vector<std::string> ExtraArgs = {});
  bool ok() const;
  std::string errors() const { return Errors; }
  clang::ASTContext &ctx() const { return Unit->getASTContext(); }

  /// The definition of the function (or method) named Name; null if none.
  const clang::FunctionDecl *function(llvm::StringRef Name) const;
  /// The variable, parameter or field named Name (declared in Within when
  /// given); null if none.
  const clang::ValueDecl *decl(llvm::StringRef Name, const clang::Decl *Within = nullptr) const;
  /// The calls of the function or method named Callee inside Within, in source order.
  std::vector<const clang::CallExpr *> calls(llvm::StringRef Callee,
                                             const clang::Decl *Within) const;
  /// The first of them; null if none.
  const clang::CallExpr *call(llvm::StringRef Callee, const clang::Decl *Within) const;
  /// The first argument of the first call of Callee in Within; null if none.
  const clang::Expr *argumentOf(llvm::StringRef Callee, const clang::Decl *Within) const;

  /// Every node Matcher (bound to "x") matches inside Within, in source order.
  template <typename NodeT, typename MatcherT>
  std::vector<const NodeT *> all(const MatcherT &Matcher, const clang::Decl *Within) const {
    using namespace clang::ast_matchers;
    std::vector<const NodeT *> Out;
    for (const BoundNodes &N :
         match(clang::ast_matchers::decl(forEachDescendant(Matcher.bind("x"))), *Within, ctx()))
      if (const auto *Node = N.getNodeAs<NodeT>("x"))
        Out.push_back(Node);
    sortBySource(Out);
    return Out;
  }
  template <typename NodeT, typename MatcherT>
  const NodeT *first(const MatcherT &Matcher, const clang::Decl *Within) const {
    std::vector<const NodeT *> Nodes = all<NodeT>(Matcher, Within);
    return Nodes.empty() ? nullptr : Nodes.front();
  }

private:
  template <typename NodeT> void sortBySource(std::vector<const NodeT *> &Nodes) const {
    const clang::SourceManager &SM = ctx().getSourceManager();
    std::sort(Nodes.begin(), Nodes.end(), [&](const NodeT *A, const NodeT *B) {
      return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
    });
  }
  /// Declared first so that it outlives the AST, whose diagnostics engine points to it.
  std::unique_ptr<clang::DiagnosticConsumer> Diags;
  std::unique_ptr<clang::ASTUnit> Unit;
  std::string Errors;
};

/// A suite over one snippet: a derived suite parses it once in its
/// SetUpTestSuite (parse(Code)), and each test gets a fresh AnalysisSession.
class SnippetTest : public ::testing::Test {
protected:
  static void parse(llvm::StringRef Code) { AST = std::make_unique<TestAST>(Code); }
  static void TearDownTestSuite() { AST.reset(); }
  void SetUp() override {
    ASSERT_TRUE(AST->ok()) << AST->errors();
    Session = std::make_unique<AnalysisSession>(AST->ctx());
  }

  /// The current suite's snippet (suites run one after the other).
  static inline std::unique_ptr<TestAST> AST;
  std::unique_ptr<AnalysisSession> Session;
};

} // namespace test
} // namespace mapsafety

#endif
