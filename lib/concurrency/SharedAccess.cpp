//===- SharedAccess.cpp - map accesses and the frames they run in -----------===//
#include "mapsafety/concurrency/SharedAccess.h"
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

using namespace clang;

namespace mapsafety {

namespace {

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
  bool isContainer(const Expr *Object) {
    QualType T = Object->getType();
    if (T->isPointerType())
      T = T->getPointeeType();
    return Model.classify(T).has_value();
  }

  void record(const Stmt *Site, const Expr *Object, AccessKind Kind, MutationKind Mutation) {
    if (!isContainer(Object))
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
    if (isContainer(Object)) {
      MutationKind M = Model.classifyMemberCall(Method);
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

  void inspect(const Expr *E) {
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
      if (!Recorded)
        addCall(Call, Callee, nullptr,
                llvm::ArrayRef<const Expr *>(Call->getArgs(), Call->getNumArgs()));
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

ContainerPath withFields(ContainerPath Base, const ContainerPath &Path) {
  Base.Fields.append(Path.Fields.begin(), Path.Fields.end());
  return Base;
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
  if (Path.isThisRooted()) {
    if (F.ThisIsParentThis)
      return translate(Path, *F.Parent, Ctx);
    if (F.This)
      return translate(withFields(*F.This, Path), *F.Parent, Ctx);
    return std::nullopt;
  }
  if (const auto *P = dyn_cast<ParmVarDecl>(Path.Root);
      P && P->getDeclContext() == dyn_cast<DeclContext>(F.Function)) {
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
    ContainerPath Rebased = *ArgPath;
    Rebased.Fields.append(Path.Fields.begin(), Path.Fields.end());
    return translate(Rebased, *F.Parent, Ctx);
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

std::unique_ptr<Frame> frameForCall(const FollowableCall &Call, const Frame &Caller,
                                    ASTContext &Ctx) {
  auto F = std::make_unique<Frame>();
  F->Function = Call.Callee;
  F->Parent = &Caller;
  F->EnteredBy = Call.Call;
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
