//===- ThreadEntryFinder.cpp - calls that run a callable on another thread --===//
#include "mapsafety/concurrency/ThreadEntryFinder.h"
#include "MemberTargets.h"
#include "mapsafety/concurrency/ExecutorShape.h"
#include "mapsafety/support/AnalysisSession.h"
#include "mapsafety/support/Declarations.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtOpenMP.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace mapsafety {

namespace {
std::string nameOf(const FunctionDecl *FD) {
  return FD && FD->getIdentifier() ? qualifiedNameWithoutInlineNamespaces(FD) : "";
}

bool looksCallable(const Expr *E) {
  E = ignoreCallableCopies(E);
  if (isa<LambdaExpr>(E))
    return true;
  QualType T = E->getType();
  if (T->isFunctionPointerType() || T->isFunctionType() || T->isMemberFunctionPointerType())
    return true;
  if (const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl())
    if (RD->hasDefinition())
      for (const CXXMethodDecl *M : RD->getDefinition()->methods())
        if (M->getOverloadedOperator() == OO_Call)
          return true;
  return false;
}

/// The argument a launch function runs: Args[Index], the last one, or the
/// first that looks callable (see LaunchFunctionSpec); null when there is none.
const Expr *callableFromLaunchArgs(llvm::ArrayRef<const Expr *> Args, int Index) {
  if (Index == LaunchFunctionSpec::FirstCallableArgument) {
    auto It = llvm::find_if(Args, looksCallable);
    return It == Args.end() ? nullptr : *It;
  }
  size_t I =
      Index == LaunchFunctionSpec::LastArgument ? Args.size() - 1 : static_cast<size_t>(Index);
  return I < Args.size() ? Args[I] : nullptr;
}

/// The variable (or member) a launch result is stored in: `std::thread t(...)`,
/// `auto f = std::async(...)`, `workers.emplace_back(...)`, `worker_ = std::thread(...)`.
void findHandle(const Expr *Launch, ThreadEntry &Entry, const FunctionParents &Parents) {
  const Stmt *Child = Launch;
  for (unsigned Steps = 0; Steps < 12; ++Steps) {
    const Stmt *P = Parents.parent(Child);
    if (!P) // `worker_(&Server::run, this)` in a constructor's initializer list: unknown
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      Entry.Handle = FunctionParents::variableInitializedBy(DS, Child);
      return;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
        const Expr *LHS = Op->getArg(0)->IgnoreParenImpCasts();
        if (const auto *DRE = dyn_cast<DeclRefExpr>(LHS))
          Entry.Handle = dyn_cast<VarDecl>(DRE->getDecl());
        else if (const auto *ME = dyn_cast<MemberExpr>(LHS))
          Entry.MemberHandle = dyn_cast<FieldDecl>(ME->getMemberDecl());
      }
      return;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(P)) {
      const Expr *Obj = MC->getImplicitObjectArgument()->IgnoreParenImpCasts();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Obj))
        Entry.Handle = dyn_cast<VarDecl>(DRE->getDecl());
      else if (const auto *ME = dyn_cast<MemberExpr>(Obj))
        Entry.MemberHandle = dyn_cast<FieldDecl>(ME->getMemberDecl());
      return;
    }
    if (isa<CompoundStmt>(P) || isa<ReturnStmt>(P)) {
      // A discarded std::future blocks in its destructor at the end of the
      // statement; a returned handle is joined by the caller (unknown here).
      if (isa<CompoundStmt>(P) && Entry.How == LaunchKind::Async)
        Entry.Joined = ThreadEntry::JoinedBy::Launch;
      return;
    }
    if (const auto *E = dyn_cast<Expr>(P)) {
      // `(void)std::async(...)` still discards the future.
      bool CastToVoid = isa<ExplicitCastExpr>(E) && E->getType()->isVoidType();
      if (!CastToVoid &&
          !isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr, ExprWithCleanups,
               CXXFunctionalCastExpr, CXXConstructExpr, ParenExpr>(E))
        return;
    }
    Child = P;
  }
}

/// The local variable an executor or thread container is (`pool`, `&pool`).
const VarDecl *handleOfObject(const Expr *Obj) {
  Obj = Obj->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Obj))
    return dyn_cast<VarDecl>(DRE->getDecl());
  if (const auto *U = dyn_cast<UnaryOperator>(Obj); U && U->getOpcode() == UO_AddrOf)
    return handleOfObject(U->getSubExpr());
  return nullptr;
}
/// The local variable an executor argument is; for a strand made on a
/// local pool (`auto s = make_strand(pool)`, `strand(pool.get_executor())`),
/// the pool, whose join waits for the strand's handlers too.
const VarDecl *handleOfExecutor(const Expr *Executor) {
  const VarDecl *V = handleOfObject(Executor);
  if (!V || !V->getInit() || !ThreadModel::isStrand(V->getType()))
    return V;
  const Expr *Made = ignoreCopies(V->getInit());
  const Expr *On = nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(Made); Call && Call->getNumArgs() == 1)
    On = Call->getArg(0);
  else if (const auto *C = dyn_cast<CXXConstructExpr>(Made); C && C->getNumArgs() == 1)
    On = C->getArg(0);
  if (!On)
    return V;
  if (const auto *GetExecutor = dyn_cast<CXXMemberCallExpr>(ignoreCopies(On)))
    On = GetExecutor->getImplicitObjectArgument();
  const VarDecl *Pool = handleOfObject(On);
  return Pool ? Pool : V;
}
} // namespace

/// The callable E passes on, through copies and moves of it and the conversion
/// of a lambda to std::function. Not ignoreCopies: a functor built from an
/// argument (`Worker(jobs)`) is the callable itself, not a copy of `jobs`.
const Expr *ignoreCallableCopies(const Expr *E) {
  while (E) {
    E = ignoreCastsAndTemporaries(E);
    if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E))
      E = F->getSubExpr();
    else if (const auto *C = dyn_cast<CXXConstructExpr>(E);
             C && C->getNumArgs() == 1 &&
             (C->getConstructor()->isCopyOrMoveConstructor() ||
              isa<LambdaExpr>(ignoreCallableCopies(C->getArg(0)))))
      E = C->getArg(0);
    else
      return E;
  }
  return E;
}

ThreadEntry ThreadEntryFinder::entryForOpenMP(const Stmt *Directive) {
  ThreadEntry Entry;
  Entry.How = LaunchKind::OpenMP;
  Entry.Launch = Directive;
  if (const auto *D = dyn_cast<OMPExecutableDirective>(Directive); D && D->hasAssociatedStmt())
    Entry.Region = D->getInnermostCapturedStmt()->getCapturedStmt();
  Entry.RunsAsManyInstances = true;
  Entry.Joined = ThreadEntry::JoinedBy::Launch; // the region ends with a barrier
  return Entry;
}

bool ThreadEntryFinder::resolveCallable(const Expr *Callable, llvm::ArrayRef<const Expr *> Args,
                                        ThreadEntry &Entry, ASTContext &Ctx, unsigned Depth) const {
  if (!Callable || Depth > 4)
    return false;
  const Expr *E = ignoreCallableCopies(Callable);
  auto BindParams = [&](const FunctionDecl *FD, llvm::ArrayRef<const Expr *> Bound) {
    for (unsigned I = 0; I < Bound.size() && I < FD->getNumParams(); ++I) {
      const ParmVarDecl *P = FD->getParamDecl(I);
      Entry.BoundArgs[P] = Bound[I];
      // A struct of pointers reaches the same objects in the thread's copy.
      if (P->getType().getNonReferenceType()->isRecordType())
        addMemberTargets(Bound[I], P, Entry, Ctx);
    }
  };
  // A lambda, directly or through a local variable it initialised.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && V->getInit())
      if (const auto *L = dyn_cast<LambdaExpr>(ignoreCallableCopies(V->getInit())))
        E = L;
  if (const auto *L = dyn_cast<LambdaExpr>(E)) {
    Entry.Lambda = L;
    Entry.Callable = L->getCallOperator();
    for (const LambdaCapture &C : L->captures())
      if (C.capturesThis() && C.getCaptureKind() == LCK_This)
        Entry.ThisObject = ContainerPath{};
    BindParams(Entry.Callable, Args);
    return Entry.Callable->hasBody();
  }
  // std::bind(f, args...)
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (nameOf(Call->getDirectCallee()) == "std::bind" && Call->getNumArgs() >= 1) {
      llvm::SmallVector<const Expr *, 4> Bound;
      for (unsigned I = 1; I < Call->getNumArgs(); ++I)
        Bound.push_back(Call->getArg(I));
      return resolveCallable(Call->getArg(0), Bound, Entry, Ctx, Depth + 1);
    }
  }
  // &Class::method with its object first.
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl());
    if (!FD)
      return false;
    const FunctionDecl *Def = nullptr;
    if (!FD->hasBody(Def) || !Def)
      return false;
    Entry.Callable = Def;
    const auto *MD = dyn_cast<CXXMethodDecl>(Def);
    if (MD && !MD->isStatic()) {
      if (Args.empty())
        return false;
      const Expr *Object = Args.front();
      // Through a pointer or std::ref the thread shares the object; passed by
      // value, std::thread calls the method on its own copy.
      std::optional<ContainerPath> Path;
      if (Object->getType()->isPointerType())
        Path = resolvePointee(Object, Ctx);
      else if (const auto *RefCall = dyn_cast<CallExpr>(ignoreCallableCopies(Object));
               RefCall && nameOf(RefCall->getDirectCallee()) == "std::ref")
        Path = resolveObject(Object, Ctx);
      Entry.ThisObject = Path;
      // On a copy or on the object itself, its pointer members reach the same objects.
      const Expr *Original = Object;
      if (const auto *Addr = dyn_cast<UnaryOperator>(ignoreCastsAndTemporaries(Object));
          Addr && Addr->getOpcode() == UO_AddrOf)
        Original = Addr->getSubExpr();
      addMemberTargets(Original, nullptr, Entry, Ctx);
      BindParams(Def, Args.drop_front());
      return true;
    }
    BindParams(Def, Args);
    return true;
  }
  // A functor: by std::ref it is shared, by value the thread owns a copy.
  if (const CXXRecordDecl *RD = E->getType().getNonReferenceType()->getAsCXXRecordDecl()) {
    const Expr *Object = E;
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getNumArgs() == 1 && nameOf(Call->getDirectCallee()) == "std::ref") {
      Object = Call->getArg(0);
      RD = Object->getType().getNonReferenceType()->getAsCXXRecordDecl();
      Entry.ThisObject = resolveObject(Object, Ctx);
    }
    if (!RD || !RD->hasDefinition())
      return false;
    for (const CXXMethodDecl *M : RD->getDefinition()->methods())
      if (M->getOverloadedOperator() == OO_Call) {
        const FunctionDecl *Def = nullptr;
        if (M->hasBody(Def) && Def) {
          Entry.Callable = Def;
          // `Flusher{&m}`: the thread's copy still points to m.
          addMemberTargets(Object, nullptr, Entry, Ctx);
          BindParams(Def, Args);
          return true;
        }
      }
  }
  return false;
}

std::optional<ThreadEntry>
ThreadEntryFinder::entryFor(const Expr *E, const FunctionParents &Parents, ASTContext &Ctx) const {
  std::optional<ThreadEntry> Entry;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    Entry = threadConstruction(Construct, Parents, Ctx);
  else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    Entry = memberLaunch(MC, Ctx);
  else if (const auto *Call = dyn_cast<CallExpr>(E))
    Entry = freeLaunch(Call, Parents, Ctx);
  if (!Entry)
    return std::nullopt;
  Entry->Launch = E;
  if (Entry->Joined != ThreadEntry::JoinedBy::Launch)
    Entry->Joined = Entry->Handle         ? ThreadEntry::JoinedBy::LocalHandle
                    : Entry->MemberHandle ? ThreadEntry::JoinedBy::MemberHandle
                                          : ThreadEntry::JoinedBy::Unknown;
  return Entry;
}

/// std::thread t(callable, args...), std::jthread, boost::thread.
std::optional<ThreadEntry> ThreadEntryFinder::threadConstruction(const CXXConstructExpr *Construct,
                                                                 const FunctionParents &Parents,
                                                                 ASTContext &Ctx) const {
  bool IsJThread = false;
  if (!ThreadModel::isThreadType(Construct->getType(), &IsJThread) ||
      Construct->getNumArgs() == 0 || Construct->getConstructor()->isCopyOrMoveConstructor())
    return std::nullopt;
  ThreadEntry Entry;
  Entry.How = IsJThread ? LaunchKind::JThread : LaunchKind::Thread;
  llvm::SmallVector<const Expr *, 4> Args(Construct->arg_begin() + 1, Construct->arg_end());
  findHandle(Construct, Entry, Parents);
  if (!resolveCallable(Construct->getArg(0), Args, Entry, Ctx))
    return std::nullopt;
  return Entry;
}

/// threads.emplace_back(callable, args...), pool.submit(callable).
std::optional<ThreadEntry> ThreadEntryFinder::memberLaunch(const CXXMemberCallExpr *MC,
                                                           ASTContext &Ctx) const {
  const CXXMethodDecl *M = MC->getMethodDecl();
  llvm::StringRef Short = M && M->getIdentifier() ? M->getName() : "";
  const Expr *Obj = MC->getImplicitObjectArgument();
  llvm::ArrayRef<const Expr *> All(MC->getArgs(), MC->getNumArgs());
  ThreadEntry Entry;
  Entry.Handle = handleOfObject(Obj);
  if ((Short == "emplace_back" || Short == "emplace") && !All.empty()) {
    // The element type is a thread.
    const auto *RD = Obj->getType().getNonReferenceType()->getAsCXXRecordDecl();
    const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
    if (!Spec || Spec->getTemplateArgs().size() == 0 ||
        Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
      return std::nullopt;
    bool IsJThread = false;
    if (!ThreadModel::isThreadType(Spec->getTemplateArgs()[0].getAsType(), &IsJThread))
      return std::nullopt;
    if (All.size() == 1 && ThreadModel::isThreadType(All[0]->getType()))
      return std::nullopt; // emplace_back(std::thread(...)): the construct is the launch
    Entry.How = IsJThread ? LaunchKind::JThread : LaunchKind::Thread;
    if (!resolveCallable(All[0], All.drop_front(), Entry, Ctx))
      return std::nullopt;
    return Entry;
  }
  std::optional<int> Callable = Model.executorCallableArgument(nameOf(M));
  if (!Callable) {
    // A pool of the translation unit, recognised by what it does.
    std::shared_ptr<AnalysisSession> Session = AnalysisSession::of(Ctx);
    std::optional<Submission> Shape = ExecutorShapes::in(*Session).submission(M);
    if (!Shape)
      return std::nullopt;
    Callable = static_cast<int>(Shape->CallableParam);
    if (Shape->SingleWorker)
      Entry.SerialExecutor =
          Obj->getType()->isPointerType() ? resolvePointee(Obj, Ctx) : resolveObject(Obj, Ctx);
  }
  Entry.How = LaunchKind::Pool;
  if (!resolveCallable(callableFromLaunchArgs(All, *Callable), {}, Entry, Ctx))
    return std::nullopt;
  return Entry;
}

/// std::async, pthread_create, parallel algorithms, post(executor, callable).
std::optional<ThreadEntry> ThreadEntryFinder::freeLaunch(const CallExpr *Call,
                                                         const FunctionParents &Parents,
                                                         ASTContext &Ctx) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  llvm::SmallVector<const Expr *, 4> All(Call->arg_begin(), Call->arg_end());
  if (All.empty())
    return std::nullopt;
  ThreadEntry Entry;
  const Expr *Callable = nullptr;
  llvm::ArrayRef<const Expr *> Args;
  if (ThreadModel::isAsync(Callee)) {
    size_t First = 0;
    if (const auto *Policy = All[0]->getType()->getAsTagDecl();
        Policy && Policy->getName() == "launch") {
      // std::launch::deferred runs on the caller's thread, at get()/wait().
      if (const auto *DRE = dyn_cast<DeclRefExpr>(ignoreCastsAndTemporaries(All[0])))
        if (DRE->getDecl()->getName() == "deferred")
          return std::nullopt;
      First = 1;
    }
    if (First >= All.size())
      return std::nullopt;
    Entry.How = LaunchKind::Async;
    Callable = All[First];
    Args = llvm::ArrayRef<const Expr *>(All).drop_front(First + 1);
    findHandle(Call, Entry, Parents);
  } else if (ThreadModel::isPthreadCreate(Callee) && All.size() == 4) {
    Entry.How = LaunchKind::Thread;
    Callable = All[2];
    Args = llvm::ArrayRef<const Expr *>(All).slice(3);
    Entry.Handle = handleOfObject(All[0]);
  } else if (nameOf(Callee).rfind("std::", 0) == 0 &&
             ThreadModel::isParallelPolicy(All[0]->getType())) {
    // std::for_each(std::execution::par, ...): the callable runs on many
    // threads at once; the call itself returns when all are done.
    Entry.How = LaunchKind::ParallelAlgorithm;
    for (auto It = All.rbegin(); It != All.rend() && !Callable; ++It)
      if (looksCallable(*It))
        Callable = *It;
    Entry.RunsAsManyInstances = true;
    Entry.Joined = ThreadEntry::JoinedBy::Launch;
  } else if (std::optional<int> Index = Model.executorCallableArgument(nameOf(Callee))) {
    Entry.How = LaunchKind::Pool;
    Callable = callableFromLaunchArgs(All, *Index);
    // post(pool, f): the executor is the first argument.
    if (All.size() > 1) {
      Entry.Handle = handleOfExecutor(All[0]);
      if (ThreadModel::isStrand(All[0]->getType()))
        Entry.SerialExecutor = resolveObject(All[0], Ctx);
    }
    // post(pool, bind_executor(strand, handler)): the handler runs on the strand.
    if (const auto *Bound =
            dyn_cast_or_null<CallExpr>(Callable ? ignoreCallableCopies(Callable) : nullptr);
        Bound && Bound->getNumArgs() == 2 &&
        ThreadModel::isBindExecutor(Bound->getDirectCallee())) {
      if (ThreadModel::isStrand(Bound->getArg(0)->getType()))
        Entry.SerialExecutor = resolveObject(Bound->getArg(0), Ctx);
      Callable = Bound->getArg(1);
    }
  } else {
    return std::nullopt;
  }
  if (!resolveCallable(Callable, Args, Entry, Ctx))
    return std::nullopt;
  return Entry;
}

} // namespace mapsafety
