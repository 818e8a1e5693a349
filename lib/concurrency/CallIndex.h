//===- CallIndex.h - who calls each function of the TU, and who names it -===//
//
// Private to lib/concurrency (ThreadRoles.cpp, CallerLocks.cpp). One walk over
// the session's function definitions, shared by every analysis that needs the
// TU's call graph upwards (an AnalysisSession part, built on first use, after
// the matchers have recorded every definition):
//  - the direct callers of each function: the definitions, and the lambda
//    call operators, whose bodies (member initializers included) call it;
//  - where each function is named other than as a direct call's callee: its
//    address taken, handed to std::thread or a pool, bound - callers the TU
//    cannot see.
// A lambda's body belongs to its call operator; the lambda's capture
// initializers run where the lambda is created, so they belong to the
// enclosing function. Templates' patterns are left out (their
// instantiations are definitions of their own).
//
// Callees are keyed by canonical declaration; callers are the definitions
// themselves, in the order the session recorded them (each caller once per
// callee), so analyses that walk them are deterministic.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_CALLINDEX_H
#define MAPSAFETY_CONCURRENCY_CALLINDEX_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

namespace clang {
class Decl;
} // namespace clang

namespace mapsafety {

class AnalysisSession;

class CallIndex {
public:
  /// Callee (canonical) -> the functions that call it directly.
  using CallerMap = llvm::DenseMap<const clang::Decl *, llvm::SmallVector<const clang::Decl *, 4>>;
  /// Function (canonical) -> where it is named other than as a call's callee.
  using NameSites =
      llvm::DenseMap<const clang::Decl *, llvm::SmallVector<clang::SourceLocation, 2>>;

  /// Reads the direct calls and names of every definition of Session.
  explicit CallIndex(AnalysisSession &Session);

  /// The session's index (built on the first call: ask once the definitions
  /// are all recorded, at the end of the translation unit).
  static const CallIndex &in(AnalysisSession &Session);

  /// The functions that call F directly; empty when nobody in the TU does.
  llvm::ArrayRef<const clang::Decl *> callersOf(const clang::Decl *F) const;
  /// Where F is named other than as a direct call's callee; empty if nowhere.
  llvm::ArrayRef<clang::SourceLocation> namedAt(const clang::Decl *F) const;

  const CallerMap &callers() const { return CallersOf; }
  const NameSites &nameSites() const { return NamedAt; }

private:
  CallerMap CallersOf;
  NameSites NamedAt;
};

} // namespace mapsafety

#endif
