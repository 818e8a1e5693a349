//===- InvalidationFlow.h - is an invalidated iterator used afterwards? -----===//
//
// Answers, on the CFG of one function body: "after this statement, can control
// reach a use of iterator variable V before V is reassigned or declared anew?"
// A range-for's hidden `__begin` is such a variable: its next use is the loop's
// own increment, so a mutation followed on every path by break/return/throw
// is fine and one that falls through to the next iteration is not.
//
// Limits: intra-procedural; exceptions are not modelled as edges (a throw leaves
// the function); a CFG that cannot be built yields "no use" (we stay quiet).
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_INVALIDATIONFLOW_H
#define MAPSAFETY_INVALIDATIONFLOW_H

#include "mapsafety/support/FunctionCFG.h"

namespace clang {
class Expr;
class Stmt;
class VarDecl;
} // namespace clang

namespace mapsafety {

/// The nearest use (a DeclRefExpr) of Iterator reachable from just after Point
/// in Function's CFG without passing a reassignment or a new declaration of
/// Iterator; null when there is none or the CFG is not valid. For a reference
/// variable (an element reference), `V = x` writes through it: a use.
const clang::Expr *findUseAfter(const FunctionCFG &Function, const clang::Stmt *Point,
                                const clang::VarDecl *Iterator);

/// True when, from just after Point, control can leave Function normally: by
/// a return or the end of its body, not by a throw or a [[noreturn]] call. A
/// callable run by an algorithm that returns this way hands control back to
/// the algorithm, which then advances its iterator. False when the CFG is not
/// valid or Point is not in it (callers stay quiet).
bool mayReturnAfter(const FunctionCFG &Function, const clang::Stmt *Point);

} // namespace mapsafety

#endif
