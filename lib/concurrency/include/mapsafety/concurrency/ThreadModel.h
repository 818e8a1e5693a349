//===- ThreadModel.h - what starts, joins and runs concurrent work ----------===//
//
// The thread vocabulary, in one place: which types are threads, which calls
// start a thread or hand a callable to an executor (and which argument is the
// callable), which launchers copy their arguments, which calls and which
// destructors join. ThreadEntryFinder, SharedAccess, ConcurrentRegion and the
// rules' launch matchers all ask it; nothing else names these functions.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_THREADMODEL_H
#define MAPSAFETY_CONCURRENCY_THREADMODEL_H

#include "clang/AST/Type.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class CXXMemberCallExpr;
class FunctionDecl;
class NamedDecl;
} // namespace clang

namespace mapsafety {

/// How concurrent work was started.
enum class LaunchKind { Thread, JThread, Async, Pool, ParallelAlgorithm, OpenMP };

/// A launch function from the ThreadLaunchFunctions option: `name=N` (the
/// callable is argument N), `name=last` or `name=callable` (the first argument
/// that looks callable).
struct LaunchFunctionSpec {
  static constexpr int LastArgument = -1;
  static constexpr int FirstCallableArgument = -2;
  std::string QualifiedName;
  int CallableArg = LastArgument;
};

/// Parses "boost::asio::post=last;my::Pool::submit=0"; false and Error on a bad entry.
bool parseLaunchFunctionList(llvm::StringRef List, std::vector<LaunchFunctionSpec> &Out,
                             std::string &Error);

class ThreadModel {
public:
  /// The default executors (boost::asio, folly, tbb, Qt) and ExtraLaunchFunctions.
  explicit ThreadModel(const std::vector<LaunchFunctionSpec> &ExtraLaunchFunctions = {});

  // ---- starting work ----------------------------------------------------------

  /// The thread classes, as matchers name them ("::std::thread", ...).
  static std::vector<std::string> threadTypeNames();
  /// T is std::thread / std::jthread / boost::thread (IsJThread: which).
  static bool isThreadType(clang::QualType T, bool *IsJThread = nullptr);
  /// Names of the functions that may start work, for narrowing matchers:
  /// std::async, pthread_create, emplace into a container of threads, and
  /// every executor.
  std::vector<std::string> launchFunctionNames() const;
  /// For an executor's qualified name, which argument is the callable
  /// (a LaunchFunctionSpec index); nullopt for any other function.
  std::optional<int> executorCallableArgument(llvm::StringRef QualifiedName) const;
  /// std::async (runs on another thread unless launched deferred).
  static bool isAsync(const clang::FunctionDecl *F);
  /// pthread_create(&handle, attr, function, argument).
  static bool isPthreadCreate(const clang::FunctionDecl *F);
  /// std::execution::par / par_unseq as a first argument: a parallel algorithm.
  static bool isParallelPolicy(clang::QualType T);
  /// The record names of those policies, for matchers (a regular expression).
  static constexpr const char *ParallelPolicyPattern = "parallel(_unsequenced)?_policy$";
  /// A Boost.Asio strand (`strand<Executor>`, from make_strand): the
  /// handlers posted to one never run at the same time.
  static bool isStrand(clang::QualType T);
  /// boost::asio::bind_executor(executor, handler): the handler, to run on
  /// that executor.
  static bool isBindExecutor(const clang::FunctionDecl *F);
  /// `threads.emplace_back(callable, args...)` into a container of threads.
  static bool isThreadEmplace(const clang::CXXMemberCallExpr *Call);
  /// A launcher that decay-copies its arguments (std::thread, std::jthread,
  /// std::async, std::bind, boost::thread; a constructor names its class).
  static bool copiesArguments(const clang::NamedDecl *Launcher);

  // ---- joining ------------------------------------------------------------------

  /// A method that waits for the work its object started (join, get, wait...).
  static bool isJoinMethod(llvm::StringRef Name);
  /// A free function that joins its first argument's thread (pthread_join).
  static bool isJoinFunction(const clang::FunctionDecl *F);
  /// The handle's destructor waits for the work (jthread, a future of
  /// std::async, a pool that joins on destruction).
  static bool destructorJoins(LaunchKind Kind);

private:
  llvm::StringMap<int> Executors;
};

} // namespace mapsafety

#endif
