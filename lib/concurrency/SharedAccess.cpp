//===- SharedAccess.cpp - map accesses and the frames they run in -----------===//
#include "mapsafety/concurrency/SharedAccess.h"
#include "OneTimeInit.h"
#include "mapsafety/concurrency/ThreadModel.h"
#include "mapsafety/support/AnalysisSession.h"
#include "mapsafety/support/Declarations.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/StmtOpenMP.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang;

namespace mapsafety {

namespace {

/// What a library function or range algorithm does to a container it is
/// given, as a range or through its begin/end iterators.
enum class LibraryUse {
  None,      ///< not a call we know: its arguments are not accesses
  Accessor,  ///< std::size, std::empty, std::begin...: a read of the container
  Algorithm, ///< a range algorithm (std::ranges::*, absl::c_*): it iterates the range
  Iterators, ///< a std:: function taking iterators (find_if, accumulate...): it
             ///< iterates the container they point into, but takes no container
  Copy,      ///< std::copy and friends: a copy of the source's elements
  Insert,    ///< std::inserter and friends: writes of the container they insert into
};

bool startsWith(llvm::StringRef S, llvm::StringRef Prefix) {
  return S.size() >= Prefix.size() && S.substr(0, Prefix.size()) == Prefix;
}

/// Name: the qualified name of the function, or of the customization-point
/// object called (`std::ranges::find_if`), inline namespaces left out.
LibraryUse libraryUse(llvm::StringRef Name) {
  if (Name == "std::inserter" || Name == "std::back_inserter" || Name == "std::front_inserter")
    return LibraryUse::Insert;
  // A view of a container reads nothing until it is iterated.
  if (startsWith(Name, "std::ranges::views::") || startsWith(Name, "std::views::"))
    return LibraryUse::None;
  llvm::StringRef Base = Name;
  bool Ranges = Base.consume_front("std::ranges::");
  bool Absl = !Ranges && Base.consume_front("absl::c_");
  bool Std = !Ranges && !Absl && Base.consume_front("std::");
  if (!Ranges && !Absl && !Std)
    return LibraryUse::None;
  if (Base == "copy" || Base == "copy_if" || Base == "copy_n" || Base == "copy_backward" ||
      Base == "uninitialized_copy" || Base == "uninitialized_copy_n")
    return LibraryUse::Copy;
  if (!Absl &&
      (Base == "size" || Base == "ssize" || Base == "empty" || Base == "data" || Base == "cdata" ||
       Base == "begin" || Base == "end" || Base == "cbegin" || Base == "cend" || Base == "rbegin" ||
       Base == "rend" || Base == "crbegin" || Base == "crend"))
    return LibraryUse::Accessor;
  return Std ? LibraryUse::Iterators : LibraryUse::Algorithm;
}

bool isIteratorAccessor(llvm::StringRef Name) {
  return Name == "begin" || Name == "end" || Name == "cbegin" || Name == "cend" ||
         Name == "rbegin" || Name == "rend" || Name == "crbegin" || Name == "crend";
}

class Summarizer {
public:
  Summarizer(const Decl *Function, const ContainerModel &Model, ASTContext &Ctx, BodySummary &Out)
      : Function(Function), Model(Model), Ctx(Ctx), Out(Out) {}

  void visit(const Stmt *Body) {
    // A parallel region is a thread entry of its own; a range-for is one
    // iteration access (its implicit __range/__begin/__end are not reads).
    forEachEvaluatedStmt(
        Body,
        [&](const Stmt *S) {
          if (const auto *RF = dyn_cast<CXXForRangeStmt>(S)) {
            if (const Expr *Range = RF->getRangeInit())
              record(RF, Range, AccessKind::Iterate, MutationKind::None);
          } else if (const auto *E = dyn_cast<Expr>(S)) {
            inspect(E);
          }
        },
        EvaluationWalk{/*SkipOpenMPDirectives=*/true});
  }

private:
  std::optional<ContainerTraits> traitsOf(const Expr *Object) const {
    QualType T = Object->getType();
    if (T->isPointerType())
      T = T->getPointeeType();
    return Model.classify(T);
  }
  bool isContainer(const Expr *Object) const { return traitsOf(Object).has_value(); }

  /// Object is (a member of) the lambda's by-copy capture of a reference
  /// variable: `[view]` with `Table &view = table_` gives the closure its own
  /// Table, so the body's `view` is not the map the alias names outside.
  bool namesOwnCopyOfAlias(const Expr *Object) const {
    const auto *MD = dyn_cast<CXXMethodDecl>(Function);
    if (!MD || !MD->getParent()->isLambda())
      return false;
    const Expr *E = Object;
    while (true) {
      E = E->IgnoreParenImpCasts();
      if (const auto *ME = dyn_cast<MemberExpr>(E); ME && !ME->isArrow()) {
        E = ME->getBase();
        continue;
      }
      break;
    }
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!V || !V->getType()->isReferenceType() || !DRE->refersToEnclosingVariableOrCapture())
      return false;
    for (const LambdaCapture &C : MD->getParent()->captures())
      if (C.capturesVariable() && C.getCapturedVar() == V)
        return C.getCaptureKind() == LCK_ByCopy;
    return false;
  }

  void record(const Stmt *Site, const Expr *Object, AccessKind Kind, MutationKind Mutation) {
    if (!isContainer(Object) || namesOwnCopyOfAlias(Object))
      return;
    std::optional<ContainerPath> Path = Object->getType()->isPointerType()
                                            ? resolvePointee(Object, Ctx)
                                            : resolveObject(Object, Ctx);
    if (!Path)
      return;
    Out.Accesses.push_back({Site, Object, *Path, Kind, Mutation, Function});
  }

  /// A copy of Source: of the container itself, or of every container member
  /// of the object Source denotes (copying a struct copies its maps).
  void recordCopy(const Stmt *Site, const Expr *Source) {
    recordWhole(Site, Source, AccessKind::Copy, MutationKind::None);
  }

  /// A move from Source (`std::move(m)`): it empties the container, or every
  /// container member of the object moved from, so it writes them.
  void recordMove(const Stmt *Site, const Expr *Source) {
    if (const Expr *Moved = movedObject(Source))
      recordWhole(Site, Moved, AccessKind::Write, MutationKind::MoveFrom);
  }

  void recordWhole(const Stmt *Site, const Expr *Source, AccessKind Kind, MutationKind Mutation) {
    if (namesOwnCopyOfAlias(Source))
      return;
    if (isContainer(Source)) {
      record(Site, Source, Kind, Mutation);
      return;
    }
    const CXXRecordDecl *RD = Source->getType()->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition())
      return;
    std::optional<ContainerPath> Base = resolveObject(Source, Ctx);
    if (!Base)
      return;
    for (const auto &Fields : containerFieldPaths(RD->getDefinition(), 0)) {
      MapAccess A{Site, Source, *Base, Kind, Mutation, Function};
      A.Path.Fields.append(Fields.begin(), Fields.end());
      Out.Accesses.push_back(std::move(A));
    }
  }

  /// Paths (field chains) from RD to the containers it holds by value, two levels deep.
  std::vector<llvm::SmallVector<const FieldDecl *, 2>> containerFieldPaths(const CXXRecordDecl *RD,
                                                                           unsigned Depth) {
    std::vector<llvm::SmallVector<const FieldDecl *, 2>> Out;
    if (!RD || Depth > 2)
      return Out;
    for (const FieldDecl *FD : RD->fields()) {
      QualType T = FD->getType();
      if (T->isReferenceType() || T->isPointerType())
        continue;
      if (Model.classify(T)) {
        Out.push_back({FD});
        continue;
      }
      const CXXRecordDecl *Inner = T->getAsCXXRecordDecl();
      if (!Inner || !Inner->hasDefinition())
        continue;
      for (auto &Sub : containerFieldPaths(Inner->getDefinition(), Depth + 1)) {
        llvm::SmallVector<const FieldDecl *, 2> P{FD};
        P.append(Sub.begin(), Sub.end());
        Out.push_back(std::move(P));
      }
    }
    return Out;
  }

  void addCall(const Expr *Call, const FunctionDecl *Callee, const Expr *Object,
               llvm::ArrayRef<const Expr *> Args) {
    const FunctionDecl *Def = userDefinition(Callee, Ctx.getSourceManager());
    if (!Def)
      return;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Def); MD && MD->getParent()->isLambda())
      return; // closure calls: the lambda's body is summarised where it is an entry
    FollowableCall C;
    C.Call = Call;
    C.Callee = Def;
    C.Object = Object;
    C.Args.append(Args.begin(), Args.end());
    Out.Calls.push_back(std::move(C));
  }

  void inspectMember(const Expr *Call, const CXXMethodDecl *Method, const Expr *Object,
                     llvm::ArrayRef<const Expr *> Args) {
    if (std::optional<ContainerTraits> Traits = traitsOf(Object)) {
      // A sequence's operator[], at(), front() and data() give an existing
      // element: writing through them changes no structure (threads filling
      // their own slots), unlike a map's operator[], which inserts.
      MutationKind M = Model.classifyMemberCall(Method, *Traits);
      record(Call, Object, M == MutationKind::None ? AccessKind::Read : AccessKind::Write, M);
      // other.swap(C) and other.merge(C) write C too.
      if (M == MutationKind::Swap || M == MutationKind::MergeInto)
        for (const Expr *Arg : Args)
          record(Call, Arg, AccessKind::Write,
                 M == MutationKind::Swap ? M : MutationKind::MergeOutOf);
      return;
    }
    addCall(Call, Method, Object, Args);
  }

  /// A container object passed by reference (not a copy, not a pointer).
  const Expr *containerArgument(const Expr *Arg) {
    const Expr *Inner = Arg->IgnoreParenImpCasts();
    if (isa<CXXConstructExpr>(Inner) || Inner->getType()->isPointerType() || !Inner->isGLValue())
      return nullptr;
    return isContainer(Inner) ? Inner : nullptr;
  }

  /// The call that yields an iterator into a container (`c.begin()`,
  /// `std::cend(c)`), and that container; {null, null} otherwise.
  std::pair<const Expr *, const Expr *> iteratorArgument(const Expr *Arg) {
    const Expr *Inner = ignoreCopies(Arg);
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Inner)) {
      const CXXMethodDecl *M = MC->getMethodDecl();
      const Expr *Object = MC->getImplicitObjectArgument();
      if (M && M->getIdentifier() && isIteratorAccessor(M->getName()) && Object &&
          isContainer(Object) && !Object->getType()->isPointerType())
        return {MC, Object};
      return {nullptr, nullptr};
    }
    if (const auto *Call = dyn_cast<CallExpr>(Inner); Call && Call->getNumArgs() == 1) {
      const FunctionDecl *F = Call->getDirectCallee();
      if (F && F->getIdentifier() && isIteratorAccessor(F->getName()) &&
          libraryUse(qualifiedNameWithoutInlineNamespaces(F)) == LibraryUse::Accessor)
        if (const Expr *C = containerArgument(Call->getArg(0)))
          return {Call, C};
    }
    return {nullptr, nullptr};
  }

  /// A call of a library function or range algorithm (Name) on containers:
  /// reads, iterations, copies or insertions of them, recorded at the call.
  /// The iterator calls it consumes (`m.begin()`, `m.end()`) are part of
  /// that access, not reads of their own. False when it records nothing.
  bool recordLibraryCall(const Expr *Call, llvm::StringRef Name,
                         llvm::ArrayRef<const Expr *> Args) {
    LibraryUse Use = libraryUse(Name);
    if (Use == LibraryUse::None)
      return false;
    size_t Before = Out.Accesses.size();
    auto Add = [&](const Expr *Object, AccessKind Kind, MutationKind Mutation) {
      if (namesOwnCopyOfAlias(Object))
        return;
      std::optional<ContainerPath> Path = resolveObject(Object, Ctx);
      if (!Path)
        return;
      for (size_t I = Before; I < Out.Accesses.size(); ++I)
        if (Out.Accesses[I].Path == *Path)
          return; // m.begin() and m.end() of one algorithm: one access
      Out.Accesses.push_back({Call, Object, *Path, Kind, Mutation, Function});
    };
    AccessKind Kind = Use == LibraryUse::Accessor ? AccessKind::Read
                      : Use == LibraryUse::Copy   ? AccessKind::Copy
                                                  : AccessKind::Iterate;
    for (const Expr *Arg : Args) {
      if (const Expr *C = containerArgument(Arg)) {
        if (Use == LibraryUse::Insert)
          Add(C, AccessKind::Write, MutationKind::Insert);
        else if (Use != LibraryUse::Iterators) // std::ref(m), std::move(m): not accesses
          Add(C, Kind, MutationKind::None);
        continue;
      }
      auto [IteratorCall, C] = iteratorArgument(Arg);
      if (!IteratorCall || Use == LibraryUse::Accessor)
        continue;
      Consumed.insert(IteratorCall);
      if (Use != LibraryUse::Insert) // std::inserter(m, m.end()): the hint is no access
        Add(C, Kind, MutationKind::None);
    }
    return Out.Accesses.size() > Before;
  }

  void inspect(const Expr *E) {
    if (Consumed.count(E))
      return; // an iterator call an algorithm's access stands for
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      if (ThreadModel::isThreadEmplace(MC)) {
        recordArgumentCopies(MC->arguments());
        return;
      }
      if (const CXXMethodDecl *M = MC->getMethodDecl())
        inspectMember(MC, M, MC->getImplicitObjectArgument(),
                      llvm::ArrayRef<const Expr *>(MC->getArgs(), MC->getNumArgs()));
      return;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      // std::ranges::find_if(m, ...): a call of a customization-point object.
      if (Op->getOperator() == OO_Call && Op->getNumArgs() >= 1)
        if (const auto *CPO = dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts()))
          if (const auto *V = dyn_cast<VarDecl>(CPO->getDecl());
              V && V->isFileVarDecl() &&
              recordLibraryCall(
                  Op, qualifiedNameWithoutInlineNamespaces(V),
                  llvm::ArrayRef<const Expr *>(Op->getArgs() + 1, Op->getNumArgs() - 1)))
            return;
      if (const auto *M = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
          M && Op->getNumArgs() >= 1) {
        inspectMember(Op, M, Op->getArg(0),
                      llvm::ArrayRef<const Expr *>(Op->getArgs() + 1, Op->getNumArgs() - 1));
        // `copy = shared` copies the right-hand side; `out = std::move(shared)`
        // empties it, a write.
        if (M->isCopyAssignmentOperator() && Op->getNumArgs() == 2)
          recordCopy(Op, Op->getArg(1));
        else if (M->isMoveAssignmentOperator() && Op->getNumArgs() == 2)
          recordMove(Op, Op->getArg(1));
      }
      return;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      // Copying a container reads every element of the source.
      if (Construct->getNumArgs() >= 1 && Construct->getConstructor()->isCopyConstructor())
        recordCopy(Construct, Construct->getArg(0));
      else if (Construct->getNumArgs() >= 1 && Construct->getConstructor()->isMoveConstructor())
        recordMove(Construct, Construct->getArg(0)); // `auto s = std::move(m_)`, by-value params
      else if (ThreadModel::copiesArguments(Construct->getConstructor()))
        recordArgumentCopies(Construct->arguments());
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee)
        return;
      // std::call_once runs its callable here, on this thread (OneTimeInit.h).
      if (std::optional<FollowableCall> Once = onceCallable(Call)) {
        Out.Calls.push_back(std::move(*Once));
        return;
      }
      if (ThreadModel::copiesArguments(Callee)) {
        recordArgumentCopies(Call->arguments());
        return;
      }
      bool Recorded = false;
      for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
        MutationKind M = Model.classifyFreeCall(Callee, I);
        if (M != MutationKind::None && isContainer(Call->getArg(I))) {
          record(Call, Call->getArg(I), AccessKind::Write, M);
          Recorded = true;
        }
      }
      llvm::ArrayRef<const Expr *> Args(Call->getArgs(), Call->getNumArgs());
      // Known library calls are accesses where they are called, even when the
      // library's headers are the user's (absl included with -I).
      if (!Recorded && Callee->getIdentifier())
        Recorded = recordLibraryCall(Call, qualifiedNameWithoutInlineNamespaces(Callee), Args);
      if (!Recorded)
        addCall(Call, Callee, nullptr, Args);
    }
  }

  /// std::thread, std::jthread, std::async and std::bind take their arguments
  /// by forwarding reference and decay-copy them (inside the library, where no
  /// copy constructor of ours shows): a container argument not wrapped in
  /// std::ref is copied at the call.
  template <typename Range> void recordArgumentCopies(Range Args) {
    for (const Expr *Arg : Args) {
      const Expr *Inner = Arg->IgnoreParenImpCasts();
      // A named object is copied (not a temporary, not std::ref(m), not a
      // pointer); std::move(m) is moved into the thread's own copy.
      if (Inner->isLValue() && !Inner->getType()->isPointerType())
        recordCopy(Inner, Inner);
      else
        recordMove(Inner, Inner);
    }
  }

  const Decl *Function;
  const ContainerModel &Model;
  ASTContext &Ctx;
  BodySummary &Out;
  /// Iterator calls an enclosing algorithm's access already stands for (the
  /// walk is pre-order: the algorithm is met before its arguments).
  llvm::DenseSet<const Stmt *> Consumed;
};

bool isRefWrapperCall(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(ignoreCopies(E));
  if (!Call || !Call->getDirectCallee() || !Call->getDirectCallee()->getIdentifier())
    return false;
  std::string Name = qualifiedNameWithoutInlineNamespaces(Call->getDirectCallee());
  return Name == "std::ref" || Name == "std::cref";
}

/// How V is captured by L: by reference, by copy, or not at all.
std::optional<LambdaCaptureKind> captureKind(const LambdaExpr *L, const ValueDecl *V) {
  for (const LambdaCapture &C : L->captures())
    if (C.capturesVariable() && C.getCapturedVar() == V)
      return C.getCaptureKind();
  return std::nullopt;
}

/// The parameter of F's function that Path is rooted at, if any.
const ParmVarDecl *parameterOf(const ContainerPath &Path, const Frame &F) {
  const auto *P = dyn_cast_or_null<ParmVarDecl>(Path.Root);
  return P && P->getDeclContext() == dyn_cast<DeclContext>(F.Function) ? P : nullptr;
}

/// Path, rooted at F's parameter P, as a path in F.Parent's frame: the
/// argument bound to P when P is a pointer (or Path its pointee) or a
/// reference to the caller's object; nullopt for a copy or an unknown argument.
std::optional<ContainerPath> throughParameter(const ParmVarDecl *P, const ContainerPath &Path,
                                              const Frame &F, ASTContext &Ctx,
                                              const Expr **ArgOut = nullptr) {
  auto It = F.Args.find(P);
  if (It == F.Args.end())
    return std::nullopt;
  const Expr *Arg = It->second;
  QualType PT = P->getType();
  std::optional<ContainerPath> ArgPath;
  if (PT->isPointerType() || Path.RootIsPointee) {
    ArgPath = resolvePointee(Arg, Ctx);
  } else if (PT->isReferenceType()) {
    if (F.ArgsAreCopies && !isRefWrapperCall(Arg))
      return std::nullopt; // the callable got its own copy
    ArgPath = resolveObject(Arg, Ctx);
  } else {
    return std::nullopt; // by value: a copy
  }
  if (!ArgPath)
    return std::nullopt;
  if (ArgOut)
    *ArgOut = Arg;
  ArgPath->Fields.append(Path.Fields.begin(), Path.Fields.end());
  return ArgPath;
}

ContainerPath withFields(ContainerPath Base, const ContainerPath &Path) {
  Base.Fields.append(Path.Fields.begin(), Path.Fields.end());
  return Base;
}

/// Path through a pointer or reference member of `this` or of a parameter
/// whose target F's launch knows (Frame::MemberTargets), in F.Parent's frame.
std::optional<ContainerPath> throughMemberTarget(const ContainerPath &Path, const Frame &F) {
  if (!F.MemberTargets || Path.Fields.empty() || Path.RootIsPointee)
    return std::nullopt;
  const auto *Param = dyn_cast_or_null<ParmVarDecl>(Path.Root);
  if (!Path.isThisRooted() && !Param)
    return std::nullopt;
  for (const MemberTarget &T : *F.MemberTargets) {
    ContainerPath Via = T.Via;
    Via.Root = Path.Root;
    if (T.Param != Param || !Via.isPrefixOf(Path))
      continue;
    ContainerPath Out = T.Target;
    Out.Fields.append(Path.Fields.begin() + Via.Fields.size(), Path.Fields.end());
    Out.Keys.append(Path.Keys.begin() + Via.Keys.size(), Path.Keys.end());
    return Out;
  }
  return std::nullopt;
}
} // namespace

BodySummary summarizeBody(const Decl *Function, const Stmt *Body, const ContainerModel &Model,
                          ASTContext &Ctx) {
  BodySummary Out;
  Summarizer(Function, Model, Ctx, Out).visit(Body);
  return Out;
}

bool isRootFunction(const FunctionDecl *F) {
  if (!F || !F->hasBody() || !F->isThisDeclarationADefinition() || F->isDependentContext())
    return false;
  const auto *MD = dyn_cast<CXXMethodDecl>(F);
  return !MD || !MD->getParent()->isLambda();
}

const BodySummary &FunctionSummaries::of(const Decl *F) {
  std::unique_ptr<BodySummary> &Slot = Summaries[F];
  if (!Slot)
    Slot = std::make_unique<BodySummary>(summarizeBody(F, F->getBody(), Model, Ctx));
  return *Slot;
}

FunctionSummaries &FunctionSummaries::in(AnalysisSession &Session, const ContainerModel &Model) {
  return Session.partFor<FunctionSummaries>(
      {&Model}, [&] { return std::make_unique<FunctionSummaries>(Model, Session.context()); });
}

bool isStaticStorage(const ContainerPath &Path) {
  const auto *V = dyn_cast_or_null<VarDecl>(Path.Root);
  return V && V->hasGlobalStorage() && V->getTLSKind() == VarDecl::TLS_None;
}

std::optional<ContainerPath> translate(const ContainerPath &Path, const Frame &F, ASTContext &Ctx) {
  if (isStaticStorage(Path))
    return Path;
  if (const auto *V = dyn_cast_or_null<VarDecl>(Path.Root);
      V && V->getTLSKind() != VarDecl::TLS_None)
    return std::nullopt; // thread_local: every thread has its own
  if (!F.Parent)
    return Path; // the root frame: its own objects, `this`, parameters
  if (std::optional<ContainerPath> Target = throughMemberTarget(Path, F))
    return translate(*Target, *F.Parent, Ctx);
  if (Path.isThisRooted()) {
    if (F.ThisIsParentThis)
      return translate(Path, *F.Parent, Ctx);
    if (F.This)
      return translate(withFields(*F.This, Path), *F.Parent, Ctx);
    // A lambda that does not capture `this` reached the object through an
    // alias it captured by reference (`Table &view = table_; [&view]`) or a
    // pointer it copied: `this` is still its launcher's. A copy of the object
    // (`[*this]`) is the lambda's own; so is an alias captured by copy, which
    // the summary never records.
    if (F.Lambda && llvm::none_of(F.Lambda->captures(), [](const LambdaCapture &C) {
          return C.capturesThis() && C.getCaptureKind() == LCK_StarThis;
        }))
      return translate(Path, *F.Parent, Ctx);
    return std::nullopt;
  }
  if (const ParmVarDecl *P = parameterOf(Path, F)) {
    std::optional<ContainerPath> InParent = throughParameter(P, Path, F, Ctx);
    return InParent ? translate(*InParent, *F.Parent, Ctx) : std::nullopt;
  }
  const auto *V = dyn_cast_or_null<VarDecl>(Path.Root);
  if (!V)
    return std::nullopt;
  if (F.Lambda && V->getDeclContext() != dyn_cast<DeclContext>(F.Function)) {
    std::optional<LambdaCaptureKind> Kind = captureKind(F.Lambda, V);
    // Not captured itself: the lambda reached this outer variable through an
    // alias it captured (a pointer copied, a reference), so it is the same object.
    if (!Kind)
      return translate(Path, *F.Parent, Ctx);
    if (*Kind == LCK_ByRef || Path.RootIsPointee)
      return translate(Path, *F.Parent, Ctx); // same object, or same pointee
    return std::nullopt;                      // the lambda's own copy
  }
  return std::nullopt; // a local of this frame
}

PassedMap passedBy(const ContainerPath &Path, const Frame &F, ASTContext &Ctx) {
  PassedMap Out;
  ContainerPath Current = Path;
  // A thread entry's parameters are bound by its launch, not by a call the
  // user could guard: the walk stops there.
  for (const Frame *Callee = &F; Callee->Parent && Callee->EnteredBy && !Callee->IsThreadEntry;
       Callee = Callee->Parent) {
    const ParmVarDecl *P = parameterOf(Current, *Callee);
    const Expr *Arg = nullptr;
    std::optional<ContainerPath> InCaller =
        P ? throughParameter(P, Current, *Callee, Ctx, &Arg) : std::nullopt;
    if (!InCaller)
      break;
    if (!Out.Parameter)
      Out.Parameter = P;
    ++Out.Levels;
    Out.Caller = Callee->Parent;
    Out.Call = Callee->EnteredBy;
    Out.Argument = Arg;
    Out.Path = *InCaller;
    Current = std::move(*InCaller);
  }
  return Out;
}

std::unique_ptr<Frame> frameForCall(const FollowableCall &Call, const Frame &Caller,
                                    ASTContext &Ctx) {
  auto F = std::make_unique<Frame>();
  F->Function = Call.Callee;
  F->Parent = &Caller;
  F->EnteredBy = Call.Call;
  F->Lambda = Call.Lambda;
  for (unsigned I = 0; I < Call.Args.size() && I < Call.Callee->getNumParams(); ++I)
    F->Args[Call.Callee->getParamDecl(I)] = Call.Args[I];
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Call.Callee); MD && !MD->isStatic() && Call.Object) {
    const Expr *Obj = Call.Object->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(Obj))
      F->ThisIsParentThis = true;
    else
      F->This =
          Obj->getType()->isPointerType() ? resolvePointee(Obj, Ctx) : resolveObject(Obj, Ctx);
  }
  return F;
}

} // namespace mapsafety
