//===- FunctionCFG.h - the CFG of one function body ------------------------===//
//
// The clang CFG of a function, method or lambda body, with every
// sub-expression as an element (so analyses see evaluation order) and the
// automatic destructors of locals (so scoped lock guards are released where
// they really are), and where each statement sits in it. AnalysisSession
// builds one per function per translation unit.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_SUPPORT_FUNCTIONCFG_H
#define MAPSAFETY_SUPPORT_FUNCTIONCFG_H

#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <optional>
#include <utility>

namespace clang {
class ASTContext;
class CFG;
class CFGBlock;
class Decl;
class Stmt;
} // namespace clang

namespace mapsafety {

class FunctionParents;

/// The CFG of one body and where each statement sits in it.
class FunctionCFG {
public:
  /// Parents: those of Function (they outlive this object).
  FunctionCFG(const clang::Decl *Function, const FunctionParents &Parents, clang::ASTContext &Ctx);
  ~FunctionCFG();

  /// False when clang could not build a CFG (callers then stay quiet).
  bool valid() const { return Cfg != nullptr; }
  const clang::CFG &cfg() const { return *Cfg; }
  const FunctionParents &parents() const { return Parents; }
  const clang::Decl *function() const { return Function; }
  const clang::Stmt *body() const { return Body; }

  /// The block and element index of S, or of its nearest enclosing statement
  /// that is an element; {nullptr, 0} when S is not in this body.
  std::pair<const clang::CFGBlock *, unsigned> locate(const clang::Stmt *S) const;

  /// True only when no path through the body returns to its caller: every
  /// path from the entry ends in a call Clang's CFG knows never returns
  /// (`[[noreturn]]`, `abort()`, `exit()`) or in a throw that leaves the
  /// function. False means it may return (or there is no CFG).
  bool neverReturns() const;

private:
  const clang::Decl *Function;
  const clang::Stmt *Body;
  const FunctionParents &Parents;
  std::unique_ptr<clang::CFG> Cfg;
  llvm::DenseMap<const clang::Stmt *, std::pair<const clang::CFGBlock *, unsigned>> Position;
  mutable std::optional<bool> NeverReturns;
};

} // namespace mapsafety

#endif
