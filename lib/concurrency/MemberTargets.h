//===- MemberTargets.h - what a copied object's pointer members reach -------===//
//
// Private to lib/concurrency (ThreadEntryFinder). std::thread copies its
// callable and arguments, but a copy's pointer and reference members point
// where the original's do: `std::thread t(Flusher{&m})` writes m. For an
// object built in view (a braced aggregate, a constructor that stores its
// parameter, or a local initialised so and not changed afterwards), this
// records, per member never reseated, the object it reaches in the
// launching frame (ThreadEntry::MemberTargets).
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_MEMBERTARGETS_H
#define MAPSAFETY_CONCURRENCY_MEMBERTARGETS_H

#include "mapsafety/concurrency/ThreadEntryFinder.h"

namespace mapsafety {

/// The callable E passes on, through copies and moves of it and the
/// conversion of a lambda to std::function (ThreadEntryFinder.cpp).
const clang::Expr *ignoreCallableCopies(const clang::Expr *E);

/// Records in Entry.MemberTargets what the pointer and reference members of
/// Original reach in the launching frame: Original is the object `this` is
/// in Entry.Callable (Key null) or the argument of parameter Key. Members
/// that Entry.Callable or a method of their class may reseat are left out.
/// Entry.Callable must be set.
void addMemberTargets(const clang::Expr *Original, const clang::ParmVarDecl *Key,
                      ThreadEntry &Entry, clang::ASTContext &Ctx);

} // namespace mapsafety

#endif
