//===- TestAST.cpp - parse a snippet, find its nodes -------------------------===//
#include "TestAST.h"

#include "clang/Frontend/TextDiagnosticBuffer.h"
#include "clang/Tooling/Tooling.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace mapsafety {
namespace test {

TestAST::TestAST(llvm::StringRef Code, std::vector<std::string> ExtraArgs) {
  std::vector<std::string> Args = {"-std=c++17", "-resource-dir=" MAPSAFETY_CLANG_RESOURCE_DIR,
                                   "-Wno-unused-value", "-Wno-unreachable-code"};
  Args.insert(Args.end(), ExtraArgs.begin(), ExtraArgs.end());
  // Keep the errors: a test on a snippet that does not compile is no test.
  auto *Buffer = new TextDiagnosticBuffer();
  Diags.reset(Buffer);
  Unit = tooling::buildASTFromCodeWithArgs(
      Code, Args, "input.cc", "clang-tool", std::make_shared<PCHContainerOperations>(),
      tooling::getClangStripDependencyFileAdjuster(), tooling::FileContentMappings(), Buffer);
  for (auto It = Buffer->err_begin(); It != Buffer->err_end(); ++It)
    Errors += It->second + "\n";
  if (!Unit)
    Errors += "clang could not build an AST\n";
}

bool TestAST::ok() const { return Unit && Errors.empty(); }

const FunctionDecl *TestAST::function(llvm::StringRef Name) const {
  for (const BoundNodes &N : match(functionDecl(hasName(Name), isDefinition()).bind("f"), ctx()))
    if (const auto *F = N.getNodeAs<FunctionDecl>("f"))
      return F;
  return nullptr;
}

const ValueDecl *TestAST::decl(llvm::StringRef Name, const Decl *Within) const {
  auto Matcher = valueDecl(hasName(Name)).bind("x");
  if (Within)
    return first<ValueDecl>(valueDecl(hasName(Name)), Within);
  for (const BoundNodes &N : match(Matcher, ctx()))
    if (const auto *D = N.getNodeAs<ValueDecl>("x"))
      return D;
  return nullptr;
}

std::vector<const CallExpr *> TestAST::calls(llvm::StringRef Callee, const Decl *Within) const {
  return all<CallExpr>(callExpr(callee(functionDecl(hasName(Callee)))), Within);
}

const CallExpr *TestAST::call(llvm::StringRef Callee, const Decl *Within) const {
  std::vector<const CallExpr *> Calls = calls(Callee, Within);
  return Calls.empty() ? nullptr : Calls.front();
}

const Expr *TestAST::argumentOf(llvm::StringRef Callee, const Decl *Within) const {
  const CallExpr *Call = call(Callee, Within);
  return Call && Call->getNumArgs() > 0 ? Call->getArg(0) : nullptr;
}

} // namespace test
} // namespace mapsafety
