//===- ExecutorShape.h - executors recognised by what their code does -------===//
//
// A home-grown thread pool needs no option: a method that stores a callable
// parameter in a member container of its class, when a thread the same class
// starts takes callables out of that container and calls them, hands its
// argument to another thread.
//
//   void Submit(std::function<void()> fn) { q_.push_back(std::move(fn)); }
//   void loop() { ... f = std::move(q_.front()); q_.pop_front(); ... f(); }
//   Pool() : t_([this] { loop(); }) {}
//
// Decided from the code of the class in the translation unit, never from the
// names of the class or its methods: "stores" is an insertion member of a
// standard container (push_back, emplace, push...), "takes out" reads its
// front, back or top (or `*begin()`) into a local that is then called, and
// the worker is found by following the thread's callable through calls on
// `this` (three levels). A timer's shape counts too: the callable wrapped in
// an object built from it (`std::make_unique<Task>(std::move(fn), name)`),
// that object or its pointer stored, and the worker reading the callable out
// of the element it takes (`Task *t = heap_.top(); … t->fn()`); threads made
// by `std::make_unique<std::thread>(…)` or by a default member initializer.
// A method without a body in the translation unit, or a container reached
// other than as a member of `this`, is no executor.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_EXECUTORSHAPE_H
#define MAPSAFETY_CONCURRENCY_EXECUTORSHAPE_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <optional>

namespace clang {
class ASTContext;
class QualType;
class CXXMethodDecl;
class CXXRecordDecl;
class FieldDecl;
} // namespace clang

namespace mapsafety {

class AnalysisSession;

/// Values of type T can be called: a function pointer, or a class with an
/// operator() (a lambda, std::function, a functor).
bool isCallableType(clang::QualType T);

/// A method that submits work to a worker thread of its own class.
struct Submission {
  /// The parameter holding the callable that runs on the worker.
  unsigned CallableParam = 0;
  /// The member container it goes through.
  const clang::FieldDecl *Queue = nullptr;
  /// Exactly one worker thread drains the container (started once, not in
  /// a loop): the callables it runs never overlap with each other.
  bool SingleWorker = false;
};

/// The executors of one translation unit, found on first use.
class ExecutorShapes {
public:
  explicit ExecutorShapes(clang::ASTContext &Ctx) : Ctx(Ctx) {}
  /// Method's submission, when it is one; nullopt otherwise (and for
  /// methods in system headers, or without a body here).
  std::optional<Submission> submission(const clang::CXXMethodDecl *Method);
  /// The session's ExecutorShapes.
  static ExecutorShapes &in(AnalysisSession &Session);

private:
  /// What the threads a class starts take out of its member containers.
  struct Workers {
    /// Drained container -> how many thread launches drain it (2 for "many").
    llvm::DenseMap<const clang::FieldDecl *, unsigned> Drains;
  };
  const Workers &workersOf(const clang::CXXRecordDecl *Class);
  std::optional<Submission> find(const clang::CXXMethodDecl *Method);

  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::CXXMethodDecl *, std::optional<Submission>> Methods;
  llvm::DenseMap<const clang::CXXRecordDecl *, Workers> Classes;
};

} // namespace mapsafety

#endif
