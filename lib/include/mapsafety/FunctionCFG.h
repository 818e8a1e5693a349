//===- FunctionCFG.h - one CFG per function body, shared by the analyses ----===//
//
// Builds the clang CFG of a function, method or lambda body once per
// translation unit, with every sub-expression as an element (so analyses see
// evaluation order) and the automatic destructors of locals (so scoped lock
// guards are released where they really are), and maps statements to their
// position in it.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_FUNCTIONCFG_H
#define MAPSAFETY_FUNCTIONCFG_H

#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <utility>

namespace clang {
class ASTContext;
class CFG;
class CFGBlock;
class Decl;
class ParentMap;
class Stmt;
} // namespace clang

namespace mapsafety {

/// The CFG of one body and where each statement sits in it.
class FunctionCFG {
public:
  FunctionCFG(const clang::Decl *Function, const clang::Stmt *Body, clang::ASTContext &Ctx);
  ~FunctionCFG();

  /// False when clang could not build a CFG (callers then stay quiet).
  bool valid() const { return Cfg != nullptr; }
  const clang::CFG &cfg() const { return *Cfg; }
  const clang::ParentMap &parents() const { return *Parents; }
  const clang::Decl *function() const { return Function; }
  const clang::Stmt *body() const { return Body; }

  /// The block and element index of S, or of its nearest enclosing statement
  /// that is an element; {nullptr, 0} when S is not in this body.
  std::pair<const clang::CFGBlock *, unsigned> locate(const clang::Stmt *S) const;

private:
  const clang::Decl *Function;
  const clang::Stmt *Body;
  std::unique_ptr<clang::CFG> Cfg;
  std::unique_ptr<clang::ParentMap> Parents;
  llvm::DenseMap<const clang::Stmt *, std::pair<const clang::CFGBlock *, unsigned>> Position;
};

/// One FunctionCFG per body, built lazily; lives for one translation unit.
class FunctionCFGCache {
public:
  explicit FunctionCFGCache(clang::ASTContext &Ctx) : Ctx(Ctx) {}
  /// The CFG of a function (a FunctionDecl with a body, or a lambda's call
  /// operator), or null.
  const FunctionCFG *of(const clang::Decl *Function);
  clang::ASTContext &context() const { return Ctx; }

private:
  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::Decl *, std::unique_ptr<FunctionCFG>> CFGs;
};

} // namespace mapsafety

#endif
