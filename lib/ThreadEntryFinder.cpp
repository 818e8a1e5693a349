//===- ThreadEntryFinder.cpp - calls that run a callable on another thread --===//
#include "mapsafety/ThreadEntryFinder.h"
#include "mapsafety/ContainerModel.h"
#include "mapsafety/OptionList.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtOpenMP.h"

using namespace clang;

namespace mapsafety {

namespace {
constexpr int LastArgument = -1;
constexpr int FirstCallableArgument = -2;

/// Defaults for ThreadLaunchFunctions: executors that run the callable on a
/// pool thread while the caller goes on.
struct DefaultLaunch {
  const char *Name;
  int CallableArg;
};
const DefaultLaunch DefaultLaunchFunctions[] = {
    {"boost::asio::post", LastArgument},
    {"boost::asio::dispatch", LastArgument},
    {"boost::asio::defer", LastArgument},
    {"folly::Executor::add", 0},
    {"folly::CPUThreadPoolExecutor::add", 0},
    {"folly::IOThreadPoolExecutor::add", 0},
    {"tbb::task_group::run", 0},
    {"tbb::task_arena::enqueue", 0},
    // oneTBB declares them in tbb::detail::d1 and exports them into tbb.
    {"tbb::detail::d1::task_group::run", 0},
    {"tbb::detail::d1::task_arena::enqueue", 0},
    {"QtConcurrent::run", FirstCallableArgument},
    {"QThreadPool::start", 0},
};

std::string nameOf(const FunctionDecl *FD) {
  return FD && FD->getIdentifier() ? qualifiedNameWithoutInlineNamespaces(FD) : "";
}

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
  if (Index == FirstCallableArgument) {
    auto It = llvm::find_if(Args, looksCallable);
    return It == Args.end() ? nullptr : *It;
  }
  size_t I = Index == LastArgument ? Args.size() - 1 : static_cast<size_t>(Index);
  return I < Args.size() ? Args[I] : nullptr;
}

/// The variable (or member) a launch result is stored in: `std::thread t(...)`,
/// `auto f = std::async(...)`, `workers.emplace_back(...)`, `worker_ = std::thread(...)`.
void findHandle(const Expr *Launch, ThreadEntry &Entry, const FunctionParents &Parents) {
  const Stmt *Child = Launch;
  for (unsigned Steps = 0; Steps < 12; ++Steps) {
    const Stmt *P = Parents.parent(Child);
    if (!P) {
      // `worker_(&Server::run, this)` in a constructor's initializer list.
      Entry.HandleIsMember |= Parents.isMemberInitializer(Child);
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      Entry.Handle = FunctionParents::variableInitializedBy(DS, Child);
      return;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
        const Expr *LHS = Op->getArg(0)->IgnoreParenImpCasts();
        if (const auto *DRE = dyn_cast<DeclRefExpr>(LHS))
          Entry.Handle = dyn_cast<VarDecl>(DRE->getDecl());
        else if (const auto *ME = dyn_cast<MemberExpr>(LHS)) {
          Entry.HandleIsMember = true;
          Entry.MemberHandle = dyn_cast<FieldDecl>(ME->getMemberDecl());
        }
      }
      return;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(P)) {
      const Expr *Obj = MC->getImplicitObjectArgument()->IgnoreParenImpCasts();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Obj))
        Entry.Handle = dyn_cast<VarDecl>(DRE->getDecl());
      else if (const auto *ME = dyn_cast<MemberExpr>(Obj)) {
        Entry.HandleIsMember = true;
        Entry.MemberHandle = dyn_cast<FieldDecl>(ME->getMemberDecl());
      }
      return;
    }
    if (isa<CompoundStmt>(P) || isa<ReturnStmt>(P)) {
      // A discarded std::future blocks in its destructor at the end of the
      // statement; a returned handle is joined by the caller.
      if (isa<CompoundStmt>(P) && Entry.How == ThreadEntry::Kind::Async)
        Entry.JoinedImmediately = true;
      if (isa<ReturnStmt>(P))
        Entry.HandleIsMember = true; // escapes: joined somewhere else
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

const VarDecl *handleOfObject(const Expr *Obj, bool &IsMember) {
  Obj = Obj->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Obj))
    return dyn_cast<VarDecl>(DRE->getDecl());
  if (const auto *U = dyn_cast<UnaryOperator>(Obj); U && U->getOpcode() == UO_AddrOf)
    return handleOfObject(U->getSubExpr(), IsMember);
  IsMember = isa<MemberExpr>(Obj) || isa<CXXThisExpr>(Obj);
  return nullptr;
}
} // namespace

bool parseLaunchFunctionList(llvm::StringRef List, std::vector<LaunchFunctionSpec> &Out,
                             std::string &Error) {
  auto ParseEntry = [&](llvm::StringRef Entry) {
    auto [Name, Arg] = Entry.split('=');
    Arg = Arg.trim();
    int Index = LastArgument;
    if (Arg == "callable")
      Index = FirstCallableArgument;
    else if (Arg != "last" && !Arg.empty() && (Arg.getAsInteger(10, Index) || Index < 0))
      return false;
    Name = Name.trim();
    Name.consume_front("::");
    Out.push_back({Name.str(), Index});
    return true;
  };
  return parseOptionList(List,
                         "'qualified::name=N' (N the callable's argument index), '=last' or "
                         "'=callable'",
                         ParseEntry, Error);
}

bool isThreadType(QualType T, bool *IsJThread) {
  const CXXRecordDecl *RD = T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  std::string Name = qualifiedNameWithoutInlineNamespaces(RD);
  if (IsJThread)
    *IsJThread = Name == "std::jthread";
  return Name == "std::thread" || Name == "std::jthread" || Name == "boost::thread";
}

ThreadEntryFinder::ThreadEntryFinder(const std::vector<LaunchFunctionSpec> &ExtraLaunchFunctions) {
  for (const DefaultLaunch &D : DefaultLaunchFunctions)
    LaunchFunctions[D.Name] = D.CallableArg;
  for (const LaunchFunctionSpec &S : ExtraLaunchFunctions)
    LaunchFunctions[S.QualifiedName] = S.CallableArg;
}

std::vector<std::string> ThreadEntryFinder::launchFunctionNames() const {
  std::vector<std::string> Names = {"::std::async", "pthread_create", "emplace_back", "emplace"};
  for (const auto &Entry : LaunchFunctions)
    Names.push_back("::" + Entry.getKey().str());
  return Names;
}

ThreadEntry ThreadEntryFinder::entryForOpenMP(const Stmt *Directive) {
  ThreadEntry Entry;
  Entry.How = ThreadEntry::Kind::OpenMP;
  Entry.Launch = Directive;
  if (const auto *D = dyn_cast<OMPExecutableDirective>(Directive); D && D->hasAssociatedStmt())
    Entry.Region = D->getInnermostCapturedStmt()->getCapturedStmt();
  Entry.RunsAsManyInstances = true;
  Entry.JoinedImmediately = true; // the region ends with a barrier
  return Entry;
}

bool ThreadEntryFinder::resolveCallable(const Expr *Callable, llvm::ArrayRef<const Expr *> Args,
                                        ThreadEntry &Entry, ASTContext &Ctx,
                                        unsigned Depth) const {
  if (!Callable || Depth > 4)
    return false;
  const Expr *E = ignoreCallableCopies(Callable);
  auto BindParams = [&](const FunctionDecl *FD, llvm::ArrayRef<const Expr *> Bound) {
    for (unsigned I = 0; I < Bound.size() && I < FD->getNumParams(); ++I)
      Entry.BoundArgs[FD->getParamDecl(I)] = Bound[I];
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
      BindParams(Def, Args.drop_front());
      return true;
    }
    BindParams(Def, Args);
    return true;
  }
  // A functor: by std::ref it is shared, by value the thread owns a copy.
  if (const CXXRecordDecl *RD = E->getType().getNonReferenceType()->getAsCXXRecordDecl()) {
    if (const auto *Call = dyn_cast<CallExpr>(E); Call && Call->getNumArgs() == 1 &&
                                                  nameOf(Call->getDirectCallee()) == "std::ref") {
      const Expr *Object = Call->getArg(0);
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
          BindParams(Def, Args);
          return true;
        }
      }
  }
  return false;
}

std::optional<ThreadEntry> ThreadEntryFinder::entryFor(const Expr *E, const FunctionParents &Parents,
                                                       ASTContext &Ctx) const {
  ThreadEntry Entry;
  Entry.Launch = E;
  llvm::SmallVector<const Expr *, 4> Args;
  const Expr *Callable = nullptr;

  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    bool IsJThread = false;
    if (!isThreadType(Construct->getType(), &IsJThread) || Construct->getNumArgs() == 0 ||
        Construct->getConstructor()->isCopyOrMoveConstructor())
      return std::nullopt;
    Entry.How = IsJThread ? ThreadEntry::Kind::JThread : ThreadEntry::Kind::Thread;
    Callable = Construct->getArg(0);
    for (unsigned I = 1; I < Construct->getNumArgs(); ++I)
      Args.push_back(Construct->getArg(I));
    findHandle(E, Entry, Parents);
  } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    std::string Name = nameOf(M);
    llvm::StringRef Short = M && M->getIdentifier() ? M->getName() : "";
    const Expr *Obj = MC->getImplicitObjectArgument();
    if ((Short == "emplace_back" || Short == "emplace") && MC->getNumArgs() >= 1) {
      // threads.emplace_back(callable, args...): the element type is a thread.
      const auto *RD = Obj->getType().getNonReferenceType()->getAsCXXRecordDecl();
      const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
      if (!Spec || Spec->getTemplateArgs().size() == 0 ||
          Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
        return std::nullopt;
      bool IsJThread = false;
      if (!isThreadType(Spec->getTemplateArgs()[0].getAsType(), &IsJThread))
        return std::nullopt;
      if (MC->getNumArgs() == 1 && isThreadType(MC->getArg(0)->getType()))
        return std::nullopt; // emplace_back(std::thread(...)): the construct is the launch
      Entry.How = IsJThread ? ThreadEntry::Kind::JThread : ThreadEntry::Kind::Thread;
      Callable = MC->getArg(0);
      for (unsigned I = 1; I < MC->getNumArgs(); ++I)
        Args.push_back(MC->getArg(I));
      Entry.Handle = handleOfObject(Obj, Entry.HandleIsMember);
    } else {
      auto It = LaunchFunctions.find(Name);
      if (It == LaunchFunctions.end())
        return std::nullopt;
      Entry.How = ThreadEntry::Kind::Pool;
      Callable = callableFromLaunchArgs({MC->getArgs(), MC->getNumArgs()}, It->second);
      Entry.Handle = handleOfObject(Obj, Entry.HandleIsMember);
    }
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    std::string Name = nameOf(Callee);
    llvm::SmallVector<const Expr *, 4> All(Call->arg_begin(), Call->arg_end());
    if (Name == "std::async") {
      if (All.empty())
        return std::nullopt;
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
      Entry.How = ThreadEntry::Kind::Async;
      Callable = All[First];
      Args.append(All.begin() + First + 1, All.end());
      findHandle(E, Entry, Parents);
    } else if (Name == "pthread_create" && All.size() == 4) {
      Entry.How = ThreadEntry::Kind::Thread;
      Callable = All[2];
      Args.push_back(All[3]);
      bool IsMember = false;
      Entry.Handle = handleOfObject(All[0], IsMember);
      Entry.HandleIsMember = IsMember;
    } else if (Name.rfind("std::", 0) == 0 && !All.empty() &&
               (All[0]->getType().getAsString().find("parallel_policy") != std::string::npos ||
                All[0]->getType().getAsString().find("parallel_unsequenced_policy") !=
                    std::string::npos)) {
      // std::for_each(std::execution::par, ...): the callable runs on many
      // threads at once; the call itself returns when all are done.
      Entry.How = ThreadEntry::Kind::ParallelAlgorithm;
      for (auto It = All.rbegin(); It != All.rend() && !Callable; ++It)
        if (looksCallable(*It))
          Callable = *It;
      Entry.RunsAsManyInstances = true;
      Entry.JoinedImmediately = true;
    } else {
      auto It = LaunchFunctions.find(Name);
      if (It == LaunchFunctions.end() || All.empty())
        return std::nullopt;
      Entry.How = ThreadEntry::Kind::Pool;
      Callable = callableFromLaunchArgs(All, It->second);
      // post(pool, f): the executor is the first argument.
      if (All.size() > 1)
        Entry.Handle = handleOfObject(All[0], Entry.HandleIsMember);
    }
  } else {
    return std::nullopt;
  }
  if (!Callable || !resolveCallable(Callable, Args, Entry, Ctx))
    return std::nullopt;
  return Entry;
}

} // namespace mapsafety
