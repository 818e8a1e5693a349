//===- StmtParents.h - where a statement sits, one function at a time -------===//
//
// Why not ASTContext::getParents(): its first call maps every node of the
// translation unit, system headers and every template instantiation included.
// On real code that one walk cost more than all of mapsafety's analyses
// together (12 % of a rocksdb TU's parse under perf, and most of the checks'
// extra memory). Every question the analyses ask is about a statement of a
// user function, so only that function is mapped, and only when asked.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_SUPPORT_STMTPARENTS_H
#define MAPSAFETY_SUPPORT_STMTPARENTS_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <memory>
#include <vector>

namespace clang {
class Decl;
class DeclStmt;
class FunctionDecl;
class ParentMap;
class SourceManager;
class Stmt;
class VarDecl;
} // namespace clang

namespace mapsafety {

/// Calls F on S and every statement below it, pre-order, not descending into
/// lambdas (their bodies run elsewhere) or local classes.
void forEachStmt(const clang::Stmt *S, llvm::function_ref<void(const clang::Stmt *)> F);

/// What forEachEvaluatedStmt leaves out besides lambda bodies.
struct EvaluationWalk {
  /// OpenMP directives that start threads (parallel, teams, target): their
  /// bodies run on the threads of the region. The constructs inside a region
  /// (critical, single, master, for, atomic...) run where they are met.
  bool SkipOpenMPDirectives = false;
};

/// Calls F on S and on every statement below it that runs when S runs,
/// pre-order: a lambda's capture initializers but not its body (that runs
/// when it is called), a range-for's range, init statement, loop variable and
/// body but not its implicit __range/__begin/__end statements. The one walk
/// the body summaries (SharedAccess) and the loop rule (LoopMutationFinder) share.
void forEachEvaluatedStmt(const clang::Stmt *S, llvm::function_ref<void(const clang::Stmt *)> F,
                          EvaluationWalk Walk = {});

/// The parents of the statements of one function: its body and, for a
/// constructor, the expressions of its member and base initializers.
class FunctionParents {
public:
  explicit FunctionParents(const clang::Decl *Function);
  ~FunctionParents();

  /// S's parent statement; null for the body, for an initializer's root
  /// expression, and for statements of other functions.
  const clang::Stmt *parent(const clang::Stmt *S) const;
  /// S's nearest parent that is not a parenthesis or an implicit cast.
  const clang::Stmt *parentIgnoringParenImpCasts(const clang::Stmt *S) const;
  /// True when S is the whole expression of a constructor's member or base initializer.
  bool isMemberInitializer(const clang::Stmt *S) const { return MemberInits.count(S); }
  /// The variable of DS whose initializer is Init (a child of DS), or null.
  static const clang::VarDecl *variableInitializedBy(const clang::DeclStmt *DS,
                                                     const clang::Stmt *Init);

private:
  std::unique_ptr<clang::ParentMap> Map;
  llvm::SmallPtrSet<const clang::Stmt *, 4> MemberInits;
};

/// The innermost function around a statement: the function definition whose
/// body (or constructor initializers) holds it, or the call operator of the
/// innermost lambda between the two. Functions are registered as the matcher
/// meets them, which is before any statement of their bodies; a lookup walks
/// the bodies of the functions whose source range covers the statement,
/// newest first, and remembers every statement it passes.
class EnclosingFunctionIndex {
public:
  explicit EnclosingFunctionIndex(const clang::SourceManager &SM) : SM(SM) {}
  void addFunction(const clang::FunctionDecl *F);
  /// Null when S is in no registered function (a global's initializer, a
  /// default member initializer, a system header).
  const clang::Decl *enclosing(const clang::Stmt *S);

private:
  bool mayContain(const clang::FunctionDecl *F, const clang::Stmt *S) const;
  void index(const clang::FunctionDecl *F);
  void walk(const clang::Stmt *S, const clang::Decl *In);

  const clang::SourceManager &SM;
  std::vector<const clang::FunctionDecl *> Functions;
  llvm::SmallPtrSet<const clang::FunctionDecl *, 16> Indexed;
  llvm::DenseMap<const clang::Stmt *, const clang::Decl *> Owner;
};

} // namespace mapsafety

#endif
