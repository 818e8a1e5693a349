//===- RaceDiagnostics.cpp - the notes every race finding carries ----------===//
#include "RaceDiagnostics.h"
#include "mapsafety/support/Declarations.h"
#include "mapsafety/support/SourceText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace ::mapsafety;

namespace clang::tidy::mapsafety {

StringRef accessNoun(AccessKind K) {
  switch (K) {
  case AccessKind::Read:
    return "read";
  case AccessKind::Iterate:
    return "iteration";
  case AccessKind::Write:
    return "write";
  case AccessKind::Copy:
    return "copy";
  }
  return "access";
}

namespace {
StringRef launchNote(LaunchKind K) {
  switch (K) {
  case LaunchKind::Thread:
  case LaunchKind::JThread:
    return "thread started here";
  case LaunchKind::Async:
    return "asynchronous task started here";
  case LaunchKind::Pool:
    return "task submitted to another thread here";
  case LaunchKind::ParallelAlgorithm:
    return "parallel algorithm runs its callable on several threads at once here";
  case LaunchKind::OpenMP:
    return "OpenMP parallel region runs on several threads at once here";
  }
  return "concurrent code starts here";
}

/// The `&` of an explicit `&name` capture (clang records the name's location).
SourceLocation ampersandOf(const LambdaCapture &C, ASTContext &Ctx) {
  SourceLocation Name = C.getLocation();
  if (Name.isMacroID())
    return Name;
  SourceLocation Before = Name.getLocWithOffset(-1);
  bool Invalid = false;
  const char *Text = Ctx.getSourceManager().getCharacterData(Before, &Invalid);
  return !Invalid && Text && *Text == '&' ? Before : Name;
}

/// Where and how an entry shares the map at Path with its launcher: a lambda
/// capture by reference, an argument by std::ref or pointer, or `this`.
std::pair<SourceLocation, std::string> sharingOf(const ThreadEntry &E, const ContainerPath &Path,
                                                 ASTContext &Ctx) {
  // A pointer or reference member of the functor or of a struct argument
  // (`Flusher{&m}`): where it got its target, the first one in the source.
  const MemberTarget *Stored = nullptr;
  for (const MemberTarget &T : E.MemberTargets)
    if (T.Target.isPrefixOf(Path) &&
        (!Stored || Ctx.getSourceManager().isBeforeInTranslationUnit(T.At->getBeginLoc(),
                                                                     Stored->At->getBeginLoc())))
      Stored = &T;
  if (Stored)
    return {Stored->At->getBeginLoc(), Stored->IsReference ? "through the reference stored here"
                                                           : "through the pointer stored here"};
  if (Path.isThisRooted()) {
    if (E.Lambda)
      for (const LambdaCapture &C : E.Lambda->captures()) {
        if (C.capturesThis())
          return {C.getLocation().isValid() ? C.getLocation() : E.Lambda->getBeginLoc(),
                  "through 'this', captured here"};
        // `Table &view = table_; [&view]`: a reference to the member, captured.
        const auto *Alias = C.capturesVariable() ? dyn_cast<VarDecl>(C.getCapturedVar()) : nullptr;
        if (C.getCaptureKind() != LCK_ByRef || !Alias || !Alias->getType()->isReferenceType() ||
            !Alias->getInit())
          continue;
        std::optional<ContainerPath> Bound = resolveObject(Alias->getInit(), Ctx);
        if (Bound && Bound->isPrefixOf(Path))
          return {C.isImplicit() ? E.Lambda->getCaptureDefaultLoc() : ampersandOf(C, Ctx),
                  C.isImplicit() ? "by the reference capture default here"
                                 : "by reference capture here"};
      }
    return {E.Launch->getBeginLoc(), "through 'this', which the thread runs on"};
  }
  const auto *V = dyn_cast_or_null<VarDecl>(Path.Root);
  if (!V || V->hasGlobalStorage())
    return {};
  // A member function or functor run on an object of the launcher's frame.
  if (E.ThisObject && E.ThisObject->isPrefixOf(Path))
    return {E.Launch->getBeginLoc(),
            ("through '" + V->getName() + "', the object the thread runs on").str()};
  if (E.Lambda)
    for (const LambdaCapture &C : E.Lambda->captures()) {
      if (!C.capturesVariable() || C.getCaptureKind() != LCK_ByRef)
        continue;
      // The map itself, or a reference variable bound to it (`auto &r = m; [&r]`).
      const auto *Captured = dyn_cast<VarDecl>(C.getCapturedVar());
      bool Names = Captured == V;
      if (!Names && Captured && Captured->getType()->isReferenceType() && Captured->getInit()) {
        std::optional<ContainerPath> Bound = resolveObject(Captured->getInit(), Ctx);
        Names = Bound && Bound->Root == V;
      }
      if (Names)
        return {C.isImplicit() ? E.Lambda->getCaptureDefaultLoc() : ampersandOf(C, Ctx),
                C.isImplicit() ? "by the reference capture default here"
                               : "by reference capture here"};
    }
  // A smart pointer captured by copy still points to the launcher's map.
  if (E.Lambda && Path.RootIsPointee)
    for (const LambdaCapture &C : E.Lambda->captures())
      if (C.capturesVariable() && C.getCapturedVar() == V && C.getCaptureKind() == LCK_ByCopy)
        return {C.isImplicit() ? E.Lambda->getCaptureDefaultLoc() : C.getLocation(),
                "through a copy of the pointer captured here"};
  // `[p = &m]`: an init-capture of a pointer to the map.
  if (E.Lambda)
    for (const LambdaCapture &C : E.Lambda->captures()) {
      const auto *Init = C.capturesVariable() ? dyn_cast<VarDecl>(C.getCapturedVar()) : nullptr;
      if (!Init || !Init->isInitCapture() || !Init->getType()->isPointerType() || !Init->getInit())
        continue;
      std::optional<ContainerPath> P = resolvePointee(Init->getInit(), Ctx);
      if (P && P->isPrefixOf(Path))
        return {Init->getInit()->getBeginLoc(), "through the pointer captured here"};
    }
  for (const auto &[Param, Arg] : E.BoundArgs) {
    std::optional<ContainerPath> P =
        Arg->getType()->isPointerType() ? resolvePointee(Arg, Ctx) : resolveObject(Arg, Ctx);
    if (P && P->Root == V)
      return {Arg->getBeginLoc(), Arg->getType()->isPointerType()
                                      ? "by pointer through this argument"
                                      : "by reference through this argument"};
  }
  return {};
}

StringRef accessVerb(AccessKind K) {
  switch (K) {
  case AccessKind::Read:
    return "read";
  case AccessKind::Iterate:
    return "iterated";
  case AccessKind::Write:
    return "written";
  case AccessKind::Copy:
    return "copied";
  }
  return "accessed";
}

/// The part of an access that happens inside the callee of the call it is
/// reported at: the calls further down (HopNote), then the access itself.
void emitCalleeNotes(ClangTidyCheck &Check, const ResolvedAccess &A, StringRef HopNote,
                     ASTContext &Ctx) {
  for (const Expr *Hop : A.CalleeHops)
    Check.diag(Hop->getBeginLoc(), HopNote, DiagnosticIDs::Note);
  const MapAccess &In = A.InCallee;
  if (A.Parameter)
    Check.diag(In.Site->getBeginLoc(), "'%0' is %1 here through parameter '%2'",
               DiagnosticIDs::Note)
        << mapName(A.Access, Ctx) << accessVerb(In.Kind) << A.Parameter->getName();
  else
    Check.diag(In.Site->getBeginLoc(), "'%0' is %1 here", DiagnosticIDs::Note)
        << mapName(A.Access, Ctx) << accessVerb(In.Kind);
}

} // namespace

const NamedDecl *declarationOf(const ContainerPath &Path) {
  if (!Path.Fields.empty())
    return Path.Fields.back();
  return Path.Root;
}

namespace {
std::optional<ContainerTraits> traitsOf(QualType T, const ContainerModel &Model) {
  if (T.isNull())
    return std::nullopt;
  T = T.getNonReferenceType();
  return Model.classify(T->isPointerType() ? T->getPointeeType() : T);
}

StringRef nounFor(const std::optional<ContainerTraits> &T) {
  if (!T || !T->isSequence())
    return "map";
  StringRef Name = T->LibraryName;
  if (Name == "std::basic_string" || Name == "QString" || Name == "QByteArray")
    return "string";
  if (T->Family == ContainerFamily::Deque)
    return "deque";
  return T->Family == ContainerFamily::NodeList ? "list" : "vector";
}
} // namespace

StringRef containerNoun(const ContainerPath &Path, const ContainerModel &Model) {
  const auto *D = dyn_cast_or_null<ValueDecl>(declarationOf(Path));
  return nounFor(D ? traitsOf(D->getType(), Model) : std::nullopt);
}

StringRef containerNoun(const MapAccess &A, const ContainerModel &Model) {
  if (std::optional<ContainerTraits> T = traitsOf(A.Object->getType(), Model))
    return nounFor(T);
  return containerNoun(A.Path, Model);
}

/// The map as written at an access; a pointer `p->find()` is shown as `*p`.
std::string mapName(const MapAccess &A, ASTContext &Ctx) {
  const Expr *Named = A.Object;
  // `sp->find()`: the object is `sp.operator->()`; show the smart pointer.
  if (const auto *Arrow = dyn_cast<CXXOperatorCallExpr>(Named->IgnoreParenImpCasts());
      Arrow && Arrow->getOperator() == OO_Arrow && Arrow->getNumArgs() == 1)
    return "*" + displayText(Arrow->getArg(0), Ctx);
  // `fill(&table_)`: a call passing the map's address is an access of the map.
  if (const auto *Address = dyn_cast<UnaryOperator>(Named->IgnoreParenImpCasts());
      Address && Address->getOpcode() == UO_AddrOf)
    Named = Address->getSubExpr();
  // `std::call_once(once, fill, std::ref(table_))`: the wrapper passes the map on.
  if (const auto *Ref = dyn_cast<CallExpr>(ignoreCastsAndTemporaries(Named));
      Ref && Ref->getNumArgs() == 1 && Ref->getDirectCallee() &&
      Ref->getDirectCallee()->getIdentifier()) {
    std::string Wrapper = qualifiedNameWithoutInlineNamespaces(Ref->getDirectCallee());
    if (Wrapper == "std::ref" || Wrapper == "std::cref")
      Named = Ref->getArg(0);
  }
  std::string Name = displayText(Named, Ctx);
  if (Named->getType()->isPointerType())
    return "*" + Name;
  // A copy or move of an enclosing object, or an object passed to a callee
  // that accesses its map: the member path from it to the map (`cfg_.routes`).
  std::optional<ContainerPath> Object = resolveObject(Named, Ctx);
  if (Object && Object->Fields.size() < A.Path.Fields.size())
    for (size_t I = Object->Fields.size(); I < A.Path.Fields.size(); ++I)
      if (A.Path.Fields[I]) // an element step (`std::get<0>`) has no field name
        Name += "." + A.Path.Fields[I]->getName().str();
  return Name;
}

void emitRaceNotes(ClangTidyCheck &Check, const Race &R, ASTContext &Ctx) {
  const MapAccess &At = R.At.Access;
  std::string Map = mapName(At, Ctx);
  for (const Expr *Hop : R.At.Hops)
    Check.diag(Hop->getBeginLoc(), "reached through this call", DiagnosticIDs::Note);
  if (R.At.InCallee.Site)
    emitCalleeNotes(Check, R.At, "reached through this call", Ctx);
  // The thread the warned access runs on, else the one it races with.
  if (const ThreadEntry *Entry = R.At.Entry ? R.At.Entry : R.Entry) {
    Check.diag(Entry->Launch->getBeginLoc(), launchNote(Entry->How), DiagnosticIDs::Note);
    auto [SharedAt, How] = sharingOf(*Entry, R.At.Path, Ctx);
    if (SharedAt.isValid())
      Check.diag(SharedAt, "'%0' is shared with it %1", DiagnosticIDs::Note)
          << (declarationOf(R.At.Path) ? declarationOf(R.At.Path)->getName() : StringRef(Map))
          << How;
  }
  if (R.Other.Access.Site) {
    const MapAccess &O = R.Other.Access;
    bool Inferred = R.Why == Race::Reason::InferredGuardWrite ||
                    R.Why == Race::Reason::InferredGuardRead ||
                    R.Why == Race::Reason::InferredGuardCopy ||
                    (R.Why == Race::Reason::WriteUnderSharedLock && !R.Entry);
    for (const Expr *Hop : R.Other.Hops)
      Check.diag(Hop->getBeginLoc(), "the other access is reached through this call",
                 DiagnosticIDs::Note);
    if (Inferred)
      Check.diag(O.Site->getBeginLoc(), "'%0' is accessed holding '%1' here", DiagnosticIDs::Note)
          << mapName(O, Ctx) << lockName(R.Expected, Ctx);
    else if (O.Site == At.Site)
      Check.diag(O.Site->getBeginLoc(), "the same %0 runs on another thread at the same time",
                 DiagnosticIDs::Note)
          << accessNoun(O.Kind);
    else if (const HeldLock *L =
                 R.Other.Locks.locks().empty() ? nullptr : &R.Other.Locks.locks().front())
      Check.diag(O.Site->getBeginLoc(), "conflicting %0 of '%1' here, holding '%2'",
                 DiagnosticIDs::Note)
          << accessNoun(O.Kind) << mapName(O, Ctx) << lockName(*L, Ctx);
    else
      Check.diag(O.Site->getBeginLoc(), "conflicting %0 of '%1' here, with no lock held",
                 DiagnosticIDs::Note)
          << accessNoun(O.Kind) << mapName(O, Ctx);
    // The callee's access, unless the warning already showed that one.
    if (R.Other.InCallee.Site && R.Other.InCallee.Site != R.At.InCallee.Site)
      emitCalleeNotes(Check, R.Other, "the other access is reached through this call", Ctx);
  }
  if (const NamedDecl *D = declarationOf(R.At.Path))
    Check.diag(D->getLocation(), "'%0' declared here", DiagnosticIDs::Note) << D->getName();
}

} // namespace clang::tidy::mapsafety
