//===- ThreadRoles.cpp - which functions only ever run on one owner thread ---===//
#include "ThreadRoles.h"
#include "CallIndex.h"
#include "mapsafety/concurrency/ThreadEntryFinder.h"
#include "mapsafety/support/AnalysisSession.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include <deque>

using namespace clang;

namespace mapsafety {

namespace {
const Decl *canonical(const Decl *D) { return D->getCanonicalDecl(); }

bool isOwnConstructorOrDestructor(const Decl *Caller, const Decl *Callee) {
  const auto *C = dyn_cast<CXXMethodDecl>(Caller);
  const auto *M = dyn_cast<CXXMethodDecl>(Callee);
  return C && M && (isa<CXXConstructorDecl>(C) || isa<CXXDestructorDecl>(C)) &&
         C->getParent()->getCanonicalDecl() == M->getParent()->getCanonicalDecl();
}

/// What "any thread" and "not decided yet" are in the fixpoint.
const ThreadEntry *const AnyThread = nullptr;
const ThreadEntry *undecided() {
  static const ThreadEntry Marker;
  return &Marker;
}
} // namespace

ThreadRoles::ThreadRoles(AnalysisSession &Session, llvm::ArrayRef<OwnerCandidate> Entries)
    : Session(Session) {
  // Most translation units start no thread: then nothing runs on an owner.
  if (llvm::none_of(Entries,
                    [](const OwnerCandidate &C) { return C.SingleInstance && C.Entry->Callable; }))
    return;
  Calls = &CallIndex::in(Session);
  assignEntryRoles(Entries);
  propagate();
}

void ThreadRoles::assignEntryRoles(llvm::ArrayRef<OwnerCandidate> Entries) {
  llvm::DenseMap<const Decl *, unsigned> Launches;
  for (const OwnerCandidate &C : Entries)
    if (C.Entry->Callable)
      ++Launches[canonical(C.Entry->Callable)];
  const SourceManager &SM = Session.context().getSourceManager();
  auto Within = [&](SourceLocation L, SourceRange R) {
    return !SM.isBeforeInTranslationUnit(L, R.getBegin()) &&
           !SM.isBeforeInTranslationUnit(R.getEnd(), L);
  };
  for (const OwnerCandidate &C : Entries) {
    const FunctionDecl *Callable = C.Entry->Callable;
    if (!Callable || !C.SingleInstance || !C.Entry->Launch)
      continue;
    const Decl *Key = canonical(Callable);
    if (Launches[Key] != 1 || !Calls->callersOf(Key).empty())
      continue; // started twice, or also called directly
    SourceRange Launch = C.Entry->Launch->getSourceRange();
    if (!llvm::all_of(Calls->namedAt(Key), [&](SourceLocation L) { return Within(L, Launch); }))
      continue; // also handed somewhere we cannot follow
    Owner[Key] = C.Entry;
    Fixed.insert(Key);
  }
  for (const auto &KV : Calls->nameSites())
    if (!Fixed.count(KV.first))
      NamedElsewhere.insert(KV.first);
}

void ThreadRoles::propagate() {
  // Callees of each caller, to revisit them when the caller's role drops.
  llvm::DenseMap<const Decl *, llvm::SmallVector<const Decl *, 4>> CalleesOf;
  std::deque<const Decl *> Work;
  for (const auto &[Callee, Callers] : Calls->callers()) {
    for (const Decl *Caller : Callers)
      CalleesOf[canonical(Caller)].push_back(Callee);
    if (Fixed.count(Callee))
      continue;
    const auto *M = dyn_cast<CXXMethodDecl>(Callee);
    bool UnknownCallers = NamedElsewhere.count(Callee) || (M && M->isVirtual());
    Owner[Callee] = UnknownCallers ? AnyThread : undecided();
    if (!UnknownCallers)
      Work.push_back(Callee);
  }
  auto RoleOf = [&](const Decl *F) -> const ThreadEntry * {
    auto It = Owner.find(canonical(F));
    return It == Owner.end() ? AnyThread : It->second; // not called in the TU: any thread
  };
  while (!Work.empty()) {
    const Decl *F = Work.front();
    Work.pop_front();
    const ThreadEntry *Role = undecided();
    for (const Decl *Caller : Calls->callersOf(F)) {
      if (canonical(Caller) == F || isOwnConstructorOrDestructor(Caller, F))
        continue;
      const ThreadEntry *CallerRole = RoleOf(Caller);
      if (CallerRole == undecided())
        continue; // greatest fixpoint: an undecided caller constrains nothing yet
      Role = Role == undecided() || Role == CallerRole ? CallerRole : AnyThread;
    }
    if (Role == Owner[F])
      continue;
    // Roles only fall: undecided -> one owner -> any thread.
    if (Owner[F] != undecided() && Role != AnyThread)
      continue;
    Owner[F] = Role;
    for (const Decl *Callee : CalleesOf[F])
      if (!Fixed.count(Callee))
        Work.push_back(Callee);
  }
}

const ThreadEntry *ThreadRoles::ownerOf(const Decl *F) const {
  auto It = Owner.find(canonical(F));
  if (It == Owner.end() || It->second == undecided())
    return AnyThread; // never called in the TU, or only from unreached cycles
  return It->second;
}

} // namespace mapsafety
