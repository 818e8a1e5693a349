//===- ThreadEntryFinder.h - calls that run a callable on another thread ----===//
//
// Recognises the places where code starts running concurrently with its
// caller: std::thread / std::jthread construction (and emplace_back into a
// container of threads), std::async unless the policy is deferred, thread-pool
// submissions from a configurable list (boost::asio::post/dispatch, folly
// executors, tbb::task_group::run, QtConcurrent::run, pthread_create...),
// parallel algorithms with std::execution::par/par_unseq, and OpenMP parallel
// regions. For each it resolves the callable (lambda, function, member function
// with its object, functor, std::bind) and what the callable's parameters and
// `this` are bound to in the launching frame.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_THREADENTRYFINDER_H
#define MAPSAFETY_THREADENTRYFINDER_H

#include "mapsafety/ContainerIdentity.h"
#include "mapsafety/StmtParents.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Decl;
class Expr;
class FunctionDecl;
class LambdaExpr;
class ParmVarDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace mapsafety {

/// A launch function from the ThreadLaunchFunctions option: `name=N` (the
/// callable is argument N) or `name=last`.
struct LaunchFunctionSpec {
  std::string QualifiedName;
  int CallableArg = -1; ///< -1: the last argument.
};

/// Parses "boost::asio::post=last;my::Pool::submit=0"; false and Error on a bad entry.
bool parseLaunchFunctionList(llvm::StringRef List, std::vector<LaunchFunctionSpec> &Out,
                             std::string &Error);

/// Where code starts running concurrently with its caller.
struct ThreadEntry {
  enum class Kind { Thread, JThread, Async, Pool, ParallelAlgorithm, OpenMP };
  Kind How = Kind::Thread;
  /// The launching expression or directive (for notes).
  const clang::Stmt *Launch = nullptr;
  /// What runs: a function, method or lambda call operator with a body; for
  /// OpenMP, null and Region is the parallel statement.
  const clang::FunctionDecl *Callable = nullptr;
  const clang::LambdaExpr *Lambda = nullptr;
  const clang::Stmt *Region = nullptr;
  /// What `this` is inside Callable, in the launching frame (member function
  /// with its object, functor passed by std::ref, lambda capturing this).
  std::optional<ContainerPath> ThisObject;
  /// Callable parameters bound to launching-frame expressions.
  llvm::DenseMap<const clang::ParmVarDecl *, const clang::Expr *> BoundArgs;
  /// Several instances run at once (parallel algorithms, OpenMP).
  bool RunsAsManyInstances = false;
  /// The variable that joins it (thread, jthread, future, pool, or a container
  /// of threads/futures); null for a discarded std::async future, which joins
  /// at the end of its full expression.
  const clang::VarDecl *Handle = nullptr;
  /// A member (thread stored in a field): joined in some other function,
  /// unless the launcher itself joins MemberHandle.
  bool HandleIsMember = false;
  const clang::FieldDecl *MemberHandle = nullptr;
  /// The discarded future of std::async blocks right away: nothing runs beside it.
  bool JoinedImmediately = false;
};

/// Recognises launches; configured once per check.
class ThreadEntryFinder {
public:
  explicit ThreadEntryFinder(const std::vector<LaunchFunctionSpec> &ExtraLaunchFunctions = {});

  /// Names of functions and methods that may launch (for narrowing matchers).
  std::vector<std::string> launchFunctionNames() const;

  /// The entry started by E (a CXXConstructExpr, CallExpr or member call), if
  /// any. Parents: those of the launching function (where the handle is).
  std::optional<ThreadEntry> entryFor(const clang::Expr *E, const FunctionParents &Parents,
                                      clang::ASTContext &Ctx) const;

  /// The entry of an OpenMP parallel directive (Region is its body).
  static ThreadEntry entryForOpenMP(const clang::Stmt *Directive);

private:
  bool resolveCallable(const clang::Expr *Callable, llvm::ArrayRef<const clang::Expr *> Args,
                       ThreadEntry &Entry, clang::ASTContext &Ctx, unsigned Depth = 0) const;
  llvm::StringMap<int> LaunchFunctions;
};

/// True when T is std::thread / std::jthread / boost::thread (or a container of them).
bool isThreadType(clang::QualType T, bool *IsJThread = nullptr);

} // namespace mapsafety

#endif
