//===- OpenMPConstructs.h - what the constructs of a parallel region order -===//
//
// Private to lib/concurrency (RaceFinder.cpp). Inside an OpenMP parallel
// region, whose body every thread of the team runs:
//  - `#pragma omp critical` is a lock, one per name (the unnamed critical is
//    one more name): a statement inside holds it, and so does everything a
//    call inside reaches;
//  - `single`, `master` and `masked` blocks run on one thread of the team:
//    two accesses in the same such block never overlap, nor do two in
//    master (or masked without a filter clause) blocks, which the primary thread runs;
//  - the variables of `private`, `firstprivate`, `lastprivate`, `reduction`
//    and `linear` clauses are each thread's own.
// Barriers are not modelled: accesses on both sides of one may still be
// paired (the conservative side for precision is the caller's concern).
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_OPENMPCONSTRUCTS_H
#define MAPSAFETY_OPENMPCONSTRUCTS_H

#include "mapsafety/concurrency/LockSetAnalysis.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/StringSaver.h"

namespace clang {
class Decl;
class OMPExecutableDirective;
class Stmt;
class ValueDecl;
} // namespace clang

namespace mapsafety {

class AnalysisSession;

/// The OpenMP constructs around statements of one translation unit.
class OpenMPConstructs {
public:
  explicit OpenMPConstructs(AnalysisSession &Session) : Session(Session), Names(Alloc) {}

  /// Adds the critical sections S (in Function) runs in, up to the parallel
  /// directive around it, to Held.
  void addCriticals(const clang::Decl *Function, const clang::Stmt *S, LockSet &Held);
  /// True for the mutexes addCriticals adds (no expression names them).
  static bool isCritical(const ContainerPath &Mutex);
  /// The single, master or masked block S (in Function) runs in; null if none.
  const clang::OMPExecutableDirective *oneThreadBlock(const clang::Decl *Function,
                                                      const clang::Stmt *S);
  /// True only when blocks A and B (from oneThreadBlock) run on one thread.
  static bool sameThread(const clang::OMPExecutableDirective *A,
                         const clang::OMPExecutableDirective *B);
  /// True when a clause of the region's directive makes V each thread's own.
  static bool isPrivate(const clang::ValueDecl *V, const clang::Stmt *Directive);

private:
  AnalysisSession &Session;
  llvm::BumpPtrAllocator Alloc;
  llvm::UniqueStringSaver Names; ///< the synthetic names of criticals
  llvm::DenseMap<const clang::Stmt *, const clang::OMPExecutableDirective *> OneThread;
};

} // namespace mapsafety

#endif
