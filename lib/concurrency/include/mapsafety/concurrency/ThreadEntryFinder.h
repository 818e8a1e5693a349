//===- ThreadEntryFinder.h - calls that run a callable on another thread ----===//
//
// Recognises the places where code starts running concurrently with its
// caller (ThreadModel says which calls those are): std::thread / std::jthread
// construction (and emplace_back into a container of threads), std::async
// unless the policy is deferred, executor submissions (boost::asio::post,
// folly executors, tbb::task_group::run, QtConcurrent::run, the
// ThreadLaunchFunctions option), pthread_create, parallel algorithms with
// std::execution::par/par_unseq, and OpenMP parallel regions. For each it
// resolves the callable (lambda, function, member function
// with its object, functor, std::bind) and what the callable's parameters and
// `this` are bound to in the launching frame.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_THREADENTRYFINDER_H
#define MAPSAFETY_CONCURRENCY_THREADENTRYFINDER_H

#include "mapsafety/concurrency/SharedAccess.h"
#include "mapsafety/concurrency/ThreadModel.h"
#include "mapsafety/containers/ContainerIdentity.h"
#include "mapsafety/support/StmtParents.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class CXXConstructExpr;
class CXXMemberCallExpr;
class Decl;
class Expr;
class FunctionDecl;
class LambdaExpr;
class ParmVarDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace mapsafety {

/// Where code starts running concurrently with its caller.
struct ThreadEntry {
  LaunchKind How = LaunchKind::Thread;
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
  /// Pointer and reference members of the functor and of by-value (or
  /// copied) record arguments, with what they point to in the launching
  /// frame, when the object is built in view (a braced aggregate, a
  /// constructor storing its parameter, a local initialised so and never
  /// modified) and the member is never reseated.
  MemberTargetMap MemberTargets;
  /// Several instances run at once (parallel algorithms, OpenMP).
  bool RunsAsManyInstances = false;
  /// The serial executor the work runs on, in the launching frame: a
  /// Boost.Asio strand, or a pool by shape with a single worker thread
  /// (ExecutorShape.h). Work submitted to the same one never overlaps.
  std::optional<ContainerPath> SerialExecutor;
  /// What waits for the work to finish.
  enum class JoinedBy {
    /// The launch itself: a discarded std::async future (joined at the end of
    /// its full expression), a parallel algorithm, an OpenMP region's barrier.
    Launch,
    /// Handle, a variable of the launcher (thread, jthread, future, pool, or a
    /// container of threads/futures).
    LocalHandle,
    /// MemberHandle, a field of `this`: joined in the launcher if it joins it,
    /// else in some other function.
    MemberHandle,
    /// Nothing the launcher can see: returned, stored elsewhere, detached.
    Unknown,
  };
  JoinedBy Joined = JoinedBy::Unknown;
  const clang::VarDecl *Handle = nullptr;
  const clang::FieldDecl *MemberHandle = nullptr;
};

/// Recognises launches; configured once per check.
class ThreadEntryFinder {
public:
  explicit ThreadEntryFinder(const std::vector<LaunchFunctionSpec> &ExtraLaunchFunctions = {})
      : Model(ExtraLaunchFunctions) {}

  /// Names of functions and methods that may launch (for narrowing matchers).
  std::vector<std::string> launchFunctionNames() const { return Model.launchFunctionNames(); }

  /// The entry started by E (a CXXConstructExpr, CallExpr or member call), if
  /// any. Parents: those of the launching function (where the handle is).
  std::optional<ThreadEntry> entryFor(const clang::Expr *E, const FunctionParents &Parents,
                                      clang::ASTContext &Ctx) const;

  /// The entry of an OpenMP parallel directive (Region is its body).
  static ThreadEntry entryForOpenMP(const clang::Stmt *Directive);

private:
  bool resolveCallable(const clang::Expr *Callable, llvm::ArrayRef<const clang::Expr *> Args,
                       ThreadEntry &Entry, clang::ASTContext &Ctx, unsigned Depth = 0) const;
  std::optional<ThreadEntry> threadConstruction(const clang::CXXConstructExpr *Construct,
                                                const FunctionParents &Parents,
                                                clang::ASTContext &Ctx) const;
  std::optional<ThreadEntry> memberLaunch(const clang::CXXMemberCallExpr *MC,
                                          clang::ASTContext &Ctx) const;
  std::optional<ThreadEntry> freeLaunch(const clang::CallExpr *Call, const FunctionParents &Parents,
                                        clang::ASTContext &Ctx) const;
  ThreadModel Model;
};

} // namespace mapsafety

#endif
