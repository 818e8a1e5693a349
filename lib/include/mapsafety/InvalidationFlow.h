//===- InvalidationFlow.h - is an invalidated iterator used afterwards? -----===//
//
// Answers, on the CFG of one function body: "after this statement, can control
// reach a use of iterator variable V before V is reassigned or declared anew?"
// A range-for's hidden `__begin` is such a variable: its next use is the loop's
// own increment, so a mutation followed on every path by break/return/throw
// is fine and one that falls through to the next iteration is not.
//
// Limits: intra-procedural; exceptions are not modelled as edges (a throw leaves
// the function); a CFG that cannot be built yields "no use" (we stay quiet).
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_INVALIDATIONFLOW_H
#define MAPSAFETY_INVALIDATIONFLOW_H

#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <utility>

namespace clang {
class ASTContext;
class CFG;
class CFGBlock;
class Decl;
class Expr;
class ParentMap;
class Stmt;
class VarDecl;
} // namespace clang

namespace mapsafety {

/// The CFG of one function (or lambda) body, built once and queried many times.
class InvalidationFlow {
public:
  InvalidationFlow(const clang::Decl *Function, const clang::Stmt *Body, clang::ASTContext &Ctx);
  ~InvalidationFlow();

  /// False when the CFG could not be built; queries then return null.
  bool valid() const { return Cfg != nullptr; }

  /// The nearest use (a DeclRefExpr) of Iterator reachable from just after
  /// Point without passing a reassignment or a new declaration of Iterator;
  /// null when there is none. Point must be inside the body.
  const clang::Expr *findUseAfter(const clang::Stmt *Point, const clang::VarDecl *Iterator) const;

private:
  std::pair<const clang::CFGBlock *, unsigned> locate(const clang::Stmt *S) const;

  std::unique_ptr<clang::CFG> Cfg;
  std::unique_ptr<clang::ParentMap> Parents;
  llvm::DenseMap<const clang::Stmt *, std::pair<const clang::CFGBlock *, unsigned>> Position;
};

/// Finds the function, method or lambda body that contains S and keeps one
/// InvalidationFlow per body for the lifetime of the cache (one translation unit).
class InvalidationFlowCache {
public:
  explicit InvalidationFlowCache(clang::ASTContext &Ctx) : Ctx(Ctx) {}
  /// The flow of the innermost function or lambda containing S, or null.
  const InvalidationFlow *flowContaining(const clang::Stmt *S);

private:
  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::Decl *, std::unique_ptr<InvalidationFlow>> Flows;
};

} // namespace mapsafety

#endif
