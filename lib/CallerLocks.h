//===- CallerLocks.h - the locks a function's callers always hold ----------===//
//
// Private to lib/ (RaceFinder.cpp). Which mutexes a function can count on
// when it starts: its REQUIRES/REQUIRES_SHARED annotations, and the mutexes
// held at every call to it in the translation unit. A caller's own entry locks
// count at its calls, transitively (rocksdb's MockFileSystem: DeleteFile()
// locks mutex_ and calls DeleteFileInternal(), and so does RenameFile()
// through RenameFileInternal()), up to CallerLevels levels up.
//
// Sound against missed races, never against reports: one call site without
// the lock (at any level) and nothing is inherited; a function nobody in the
// TU calls inherits nothing but its annotations; a call on another object
// (`other.helper()`) stops inheritance, since this-rooted mutexes would name
// the wrong object. Recursion inherits nothing through the cycle.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CALLERLOCKS_H
#define MAPSAFETY_CALLERLOCKS_H

#include "mapsafety/LockSetAnalysis.h"
#include "mapsafety/SharedAccess.h"
#include "llvm/ADT/DenseMap.h"
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clang {
class ASTContext;
class Decl;
class Expr;
class FunctionDecl;
class Stmt;
} // namespace clang

namespace mapsafety {

class CallerLocks {
public:
  /// How many caller levels are looked through: beyond them only the locks
  /// held at the calls themselves count (what is held further up is
  /// forgotten, which can only report more).
  static constexpr unsigned CallerLevels = 4;

  using SummaryFn = std::function<const BodySummary &(const clang::Decl *)>;
  using HeldAtFn = std::function<LockSet(const clang::Decl *, const clang::Stmt *)>;
  using NameFn = std::function<std::string(const clang::Expr *)>;

  /// Functions: every function of the TU that may call another (read on the
  /// first query). Summary, HeldAt and Name: a body's calls, the locks held
  /// just before a statement, a mutex's name for messages.
  CallerLocks(const std::vector<const clang::FunctionDecl *> &Functions, SummaryFn Summary,
              HeldAtFn HeldAt, NameFn Name, clang::ASTContext &Ctx)
      : Functions(Functions), Summary(std::move(Summary)), HeldAt(std::move(HeldAt)),
        Name(std::move(Name)), Ctx(Ctx) {}

  /// The locks held whenever F starts, in F's frame.
  LockSet atEntry(const clang::FunctionDecl *F) { return atEntry(F, CallerLevels); }

private:
  LockSet atEntry(const clang::FunctionDecl *F, unsigned Levels);
  LockSet annotated(const clang::FunctionDecl *F);

  struct CallSite {
    const clang::FunctionDecl *Caller;
    const FollowableCall *Call;
  };
  const std::vector<const clang::FunctionDecl *> &Functions;
  SummaryFn Summary;
  HeldAtFn HeldAt;
  NameFn Name;
  clang::ASTContext &Ctx;
  /// Callee (canonical) -> its call sites, built on the first query.
  llvm::DenseMap<const clang::Decl *, std::vector<CallSite>> CallsTo;
  bool Indexed = false;
  /// (function, levels) -> result; null while being computed (recursion).
  llvm::DenseMap<std::pair<const clang::Decl *, unsigned>, std::optional<LockSet>> Cache;
};

} // namespace mapsafety

#endif
