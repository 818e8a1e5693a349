//===- ProjectFacts.h - what one translation unit tells the project view ----===//
//
// The thread rules judge one translation unit at a time; the facts that decide
// some of their findings live in other files (the caller that holds the lock,
// the factory that calls Open() before handing the object out). While a rule
// checks a TU it can write that TU's part of those facts (docs/design.md,
// "Project facts"): for every user function defined in the TU, keyed by USR,
//  - the calls it makes: the callee, the locks held at the call (mutexes of
//    `this` or of static storage, as lock keys), and who receives the call:
//    `this`, a fresh object (a local made by new/make_unique/make_shared or
//    constructed in place), or anything else;
//  - for calls on `this` or on a fresh object, whether that object can have
//    been published before the call: an escape of it earlier on some CFG path
//    (the object itself used as anything but the object of a member access,
//    or one of its container members handed out by non-const reference or
//    pointer: other members, such as out-parameters, do not reach the maps), and which earlier
//    calls on it could publish it (the merge step decides that from their facts);
//  - whether the function publishes its own `this`, the methods it overrides,
//    and the functions whose address it takes (they have callers no call
//    graph shows);
//  - for thread roles: where its callables go (a lambda, a callable
//    parameter or a member holding callables, handed to a callee, with the
//    object the call is made on, or stored in a member of `this`), which of
//    them it uses otherwise, whether it is an executor's submission point
//    (ExecutorShape.h), and the container members and static containers it
//    names (on `this` or not, handed out or not);
// calls into the standard library are left out unless made on `this` or on a
// fresh object, and inline functions of headers that call nothing of the
// project and publish nothing are listed by USR only (quiet_functions), since
// every TU that includes the header defines them again;
// and, for each finding whose verdict a project view can change, the premise
// the view must confirm to clear it (ProjectView.h).
//
// Facts are deterministic (sorted, no addresses, no timestamps) and versioned
// (FormatVersion); they never change what the rule reports in the TU.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_PROJECTFACTS_H
#define MAPSAFETY_CONCURRENCY_PROJECTFACTS_H

#include "mapsafety/concurrency/LockSetAnalysis.h"
#include "mapsafety/concurrency/RaceFinder.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class SourceLocation;
class SourceManager;
class Decl;
class FunctionDecl;
class Stmt;
} // namespace clang

namespace mapsafety {

class AnalysisSession;
class FunctionLockSets;

/// A mutex named so that every TU names it alike: `this:<field USR>[,…]` for
/// a mutex of the object a method runs on, `static:<variable USR>[,<field
/// USR>…]` for one with static storage; nullopt for any other (a local, a
/// parameter's pointee, an unidentified or synthetic lock), which no other
/// function can hold for us.
std::optional<std::string> lockKey(const ContainerPath &Mutex);

/// Who a call is made on.
enum class Receiver { This, Fresh, Other, None };

/// A place in a source file, as the facts and the view spell it.
struct FactLocation {
  std::string File; ///< absolute
  unsigned Line = 0;
  unsigned Column = 0;
  unsigned Offset = 0; ///< in bytes from the start of File
};

/// Where Loc is in the file (a macro's expansion site).
FactLocation factLocation(clang::SourceLocation Loc, const clang::SourceManager &SM);

/// What must be true of the whole project for a finding to be wrong.
struct Premise {
  std::string Check; ///< the rule that reports it
  FactLocation At;   ///< where it is reported
  /// Nothing the view knows can clear it (recorded so that the gate's
  /// re-judge keeps a finding some TU reports unconditionally).
  bool Unconditional = false;
  std::string Root; ///< USR of the function the access is judged in
  std::string RootName;
  /// The guard the access skips (lockKey), and its name for notes; empty
  /// when it cannot be named across files.
  std::string Lock;
  std::string LockName;
  /// The map accessed: its field's (or static variable's) USR; the view
  /// clears the premise when every access to it in the project runs on one
  /// serial executor.
  std::string Map;
  /// The access is a write: only an exclusive hold of Lock clears it.
  bool NeedsExclusive = true;
  /// The access is on `this`'s own member, and nothing published `this`
  /// before it in Root (no escape; the calls on `this` that come first are
  /// ThisCallsBefore, for the view to judge).
  bool OnThis = false;
  bool ThisEscapedBefore = false;
  std::vector<std::string> ThisCallsBefore;
  /// Earlier calls `this` was passed to: [{callee, param, on_this}].
  llvm::json::Array ThisHandoffsBefore;
};

/// One TU's facts: functions and premises.
class ProjectFacts {
public:
  static constexpr int FormatVersion = 2;

  /// The facts of every user function the session recorded, with lock sets
  /// from LockSets, collected when first written.
  ProjectFacts(AnalysisSession &Session, FunctionLockSets &LockSets,
               const ContainerModel &Containers);
  ~ProjectFacts();

  /// The premise that clears an inferred-guard race, or nullopt when no
  /// project fact can clear it (a race between thread entries, a lock that
  /// has no key).
  std::optional<Premise> premiseFor(const Race &R, llvm::StringRef Check,
                                    clang::SourceLocation ReportedAt);
  void addPremise(Premise P) { Premises.push_back(std::move(P)); }

  /// Whether the functions are written too (one rule per TU writes them;
  /// the other writes its premises only).
  void setWithFunctions(bool With) { WithFunctions = With; }

  /// The facts as JSON (sorted).
  llvm::json::Value toJSON();
  /// Writes them to Dir, named after the TU's main file and Check; the file
  /// appears whole or not at all.
  llvm::Error writeTo(llvm::StringRef Dir, llvm::StringRef Check);

private:
  struct Impl;
  void collectFunctions();
  /// The publication events of Root's `this`, walked once per function
  /// however many premises it roots.
  const Impl &eventsOf(const clang::FunctionDecl *Root);
  AnalysisSession &Session;
  FunctionLockSets &LockSets;
  const ContainerModel &Containers;
  llvm::json::Array Functions;
  llvm::json::Array QuietFunctions;
  bool WithFunctions = true;
  bool Collected = false;
  std::vector<Premise> Premises;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<Impl>> Events;
};

/// A premise as JSON (the gate's re-judge reads it).
llvm::json::Value toJSON(const Premise &P);

} // namespace mapsafety

#endif
