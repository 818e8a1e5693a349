//===- ExecutorShape.cpp - executors recognised by what their code does -----===//
#include "mapsafety/concurrency/ExecutorShape.h"
#include "mapsafety/concurrency/ThreadModel.h"
#include "mapsafety/containers/ContainerIdentity.h"
#include "mapsafety/support/AnalysisSession.h"
#include "mapsafety/support/Declarations.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace mapsafety {

namespace {
constexpr unsigned WorkerCallDepth = 3;

/// A class of the standard library (std::deque, std::queue, std::vector...).
bool isStandardClass(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() &&
         qualifiedNameWithoutInlineNamespaces(RD).rfind("std::", 0) == 0;
}

/// The member of `this` that E names (`q_`, `this->q_`), if a standard container's.
const FieldDecl *memberOfThis(const Expr *E) {
  const auto *ME = dyn_cast_or_null<MemberExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
  if (!ME || !isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()) ||
      !isStandardClass(ME->getType()))
    return nullptr;
  return dyn_cast<FieldDecl>(ME->getMemberDecl());
}

/// The method of a standard container call Call makes on a member of
/// `this`, and that member; {null, ""} otherwise.
std::pair<const FieldDecl *, llvm::StringRef> containerCall(const Expr *E) {
  const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(E);
  const CXXMethodDecl *M = MC ? MC->getMethodDecl() : nullptr;
  if (!M || !M->getIdentifier())
    return {nullptr, ""};
  const FieldDecl *Q = memberOfThis(MC->getImplicitObjectArgument());
  return {Q, Q ? M->getName() : ""};
}

/// E is P, moved, forwarded or converted (`std::move(fn)`, `std::forward<F>(f)`).
bool passesParameter(const Expr *E, const VarDecl *P) {
  for (unsigned Steps = 0; E && Steps < 4; ++Steps) {
    E = ignoreCopies(E);
    if (const Expr *Moved = movedObject(E))
      E = Moved;
    else if (const auto *Call = dyn_cast<CallExpr>(E);
             Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
             Call->getDirectCallee()->getIdentifier() &&
             qualifiedNameWithoutInlineNamespaces(Call->getDirectCallee()) == "std::forward")
      E = Call->getArg(0);
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    if (DRE)
      return DRE->getDecl() == P;
  }
  return false;
}

// --- Wrapped tasks (a timer's shape): the callable travels inside an object.

/// `std::make_unique<T>(…)` or `std::make_shared<T>(…)`: T's type, or null.
const Type *madeType(const CallExpr *Call) {
  const FunctionDecl *F = Call ? Call->getDirectCallee() : nullptr;
  if (!F || !F->getIdentifier() || !F->getTemplateSpecializationArgs() ||
      F->getTemplateSpecializationArgs()->size() == 0 ||
      F->getTemplateSpecializationArgs()->get(0).getKind() != TemplateArgument::Type)
    return nullptr;
  std::string Name = qualifiedNameWithoutInlineNamespaces(F);
  if (Name != "std::make_unique" && Name != "std::make_shared")
    return nullptr;
  return F->getTemplateSpecializationArgs()->get(0).getAsType().getTypePtr();
}

/// The arguments an object is built from: a construction, a braced list,
/// `new T(…)`, or make_unique/make_shared.
llvm::SmallVector<const Expr *, 4> builtFrom(const Expr *E) {
  E = E->IgnoreImplicit();
  if (const auto *New = dyn_cast<CXXNewExpr>(E); New && New->getInitializer())
    E = New->getInitializer()->IgnoreImplicit();
  llvm::SmallVector<const Expr *, 4> Out;
  if (const auto *C = dyn_cast<CXXConstructExpr>(E);
      C && !C->getConstructor()->isCopyOrMoveConstructor())
    Out.append(C->arg_begin(), C->arg_end());
  else if (const auto *L = dyn_cast<InitListExpr>(E))
    Out.append(L->inits().begin(), L->inits().end());
  else if (const auto *Call = dyn_cast<CallExpr>(E); Call && madeType(Call))
    Out.append(Call->arg_begin(), Call->arg_end());
  return Out;
}

/// E is P or an object built from it, to three levels
/// (`std::make_unique<Task>(Task{std::move(fn), name})`).
bool wraps(const Expr *E, const ParmVarDecl *P, unsigned Depth = 0) {
  return passesParameter(E, P) ||
         (Depth < 3 &&
          llvm::any_of(
              builtFrom(ignoreCopies(E)), [&](const Expr *A) { return wraps(A, P, Depth + 1); }));
}

/// Locals of Body that wrap P: built from it (`auto task =
/// std::make_unique<Task>(std::move(fn), name)`, `Task task{fn}`).
llvm::SmallVector<const VarDecl *, 2> wrappersOf(const Stmt *Body, const ParmVarDecl *P) {
  llvm::SmallVector<const VarDecl *, 2> Out;
  forEachStmt(Body, [&](const Stmt *S) {
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D); V && V->getInit())
          if (!passesParameter(V->getInit(), P) && wraps(V->getInit(), P))
            Out.push_back(V);
  });
  return Out;
}

/// E hands on the object V holds: V itself, moved, or `V.get()`.
bool passesWrapper(const Expr *E, const VarDecl *V) {
  if (const auto *Get = dyn_cast<CXXMemberCallExpr>(ignoreCopies(E));
      Get && Get->getNumArgs() == 0 && Get->getMethodDecl() &&
      Get->getMethodDecl()->getIdentifier() && Get->getMethodDecl()->getName() == "get")
    E = Get->getImplicitObjectArgument();
  return passesParameter(E, V);
}

/// The local whose member E reads (`task->fn`, `task.fn`), or null.
const VarDecl *wrapperRead(const Expr *E) {
  const auto *M = dyn_cast<MemberExpr>(ignoreCopies(E));
  if (!M)
    return nullptr;
  const Expr *Base = M->getBase()->IgnoreParenImpCasts();
  if (const auto *Arrow = dyn_cast<CXXOperatorCallExpr>(Base);
      Arrow && Arrow->getOperator() == OO_Arrow && Arrow->getNumArgs() == 1)
    Base = Arrow->getArg(0)->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(Base);
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return V && V->isLocalVarDecl() ? V : nullptr;
}

// --- end of wrapped tasks

/// The member container Body inserts P into (`q_.push_back(std::move(fn))`),
/// or an object wrapping P (see wrappersOf).
const FieldDecl *queueFedBy(const Stmt *Body, const ParmVarDecl *P) {
  llvm::SmallVector<const VarDecl *, 2> Wrappers = wrappersOf(Body, P);
  const FieldDecl *Queue = nullptr;
  forEachStmt(Body, [&](const Stmt *S) {
    auto [Q, Method] = containerCall(dyn_cast<Expr>(S));
    static const llvm::StringRef Inserts[] = {
        "push_back", "emplace_back", "push_front", "emplace_front", "push", "emplace", "insert"};
    if (!Q || Queue || !llvm::is_contained(Inserts, Method))
      return;
    const auto *MC = cast<CXXMemberCallExpr>(S);
    if (llvm::any_of(MC->arguments(), [&](const Expr *A) {
          return passesParameter(A, P) ||
                 llvm::any_of(Wrappers, [&](const VarDecl *W) { return passesWrapper(A, W); });
        }))
      Queue = Q;
  });
  return Queue;
}

/// The member container E takes an element of (`std::move(q_.front())`,
/// `q_.top()`, `*q_.begin()`), or null.
const FieldDecl *takenFrom(const Expr *E) {
  E = ignoreCopies(E);
  if (const Expr *Moved = movedObject(E))
    E = ignoreCastsAndTemporaries(Moved);
  if (const auto *Deref = dyn_cast<CXXOperatorCallExpr>(E);
      Deref && Deref->getOperator() == OO_Star && Deref->getNumArgs() == 1) {
    auto [Q, Method] = containerCall(ignoreCopies(Deref->getArg(0)));
    return Method == "begin" ? Q : nullptr;
  }
  auto [Q, Method] = containerCall(E);
  return Method == "front" || Method == "back" || Method == "top" ? Q : nullptr;
}

/// The member containers Body takes a callable out of and calls: `f()` where
/// the local f was initialised or assigned from an element, or `q_.front()()`.
void addTakenAndCalled(const Stmt *Body, llvm::SmallPtrSetImpl<const FieldDecl *> &Out) {
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const FieldDecl *, 1>> Sources;
  llvm::SmallVector<const Expr *, 2> Called;
  forEachStmt(Body, [&](const Stmt *S) {
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D); V && V->getInit()) {
          if (const FieldDecl *Q = takenFrom(V->getInit()))
            Sources[V].push_back(Q);
          // `std::function<void()> fn = task->fn;`: the callable a taken
          // wrapper holds.
          if (const VarDecl *Wrapper = wrapperRead(V->getInit()); Wrapper && Sources.count(Wrapper))
            Sources[V] = Sources[Wrapper];
        }
      return;
    }
    const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
    if (!Op || Op->getNumArgs() == 0)
      return;
    const Expr *Object = Op->getArg(0)->IgnoreParenImpCasts();
    if (Op->getOperator() == OO_Call)
      Called.push_back(Object);
    else if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Object))
        if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
          if (const FieldDecl *Q = takenFrom(Op->getArg(1)))
            Sources[V].push_back(Q);
  });
  for (const Expr *Object : Called) {
    if (const FieldDecl *Q = takenFrom(Object)) {
      Out.insert(Q);
      continue;
    }
    if (const VarDecl *Wrapper = wrapperRead(Object)) { // `task->fn()`
      auto It = Sources.find(Wrapper);
      if (It != Sources.end())
        Out.insert(It->second.begin(), It->second.end());
      continue;
    }
    const auto *DRE = dyn_cast<DeclRefExpr>(Object);
    const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    auto It = V ? Sources.find(V) : Sources.end();
    if (It != Sources.end())
      Out.insert(It->second.begin(), It->second.end());
  }
}

/// What F (run on a worker of Class) and the methods of Class it calls on
/// `this` take out and call, to WorkerCallDepth levels.
void addDrained(const FunctionDecl *F, const CXXRecordDecl *Class, unsigned Depth,
                llvm::SmallPtrSetImpl<const FieldDecl *> &Out,
                llvm::SmallPtrSetImpl<const FunctionDecl *> &Seen) {
  const FunctionDecl *Def = nullptr;
  if (!F || !F->hasBody(Def) || !Def || !Seen.insert(Def).second)
    return;
  addTakenAndCalled(Def->getBody(), Out);
  if (Depth >= WorkerCallDepth)
    return;
  forEachStmt(Def->getBody(), [&](const Stmt *S) {
    const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
    const CXXMethodDecl *M = MC ? MC->getMethodDecl() : nullptr;
    if (M && M->getParent()->getCanonicalDecl() == Class->getCanonicalDecl() &&
        isa<CXXThisExpr>(MC->getImplicitObjectArgument()->IgnoreParenImpCasts()))
      addDrained(M, Class, Depth + 1, Out, Seen);
  });
}

/// The function a thread launched with Callable (and First, its first
/// argument) runs on `this`: a lambda capturing `this`, or `&Class::method`
/// with `this`.
const FunctionDecl *workerOf(const Expr *Callable, const Expr *First, const CXXRecordDecl *Class) {
  const Expr *E = ignoreCopies(Callable);
  if (const auto *L = dyn_cast<LambdaExpr>(E))
    return llvm::any_of(L->captures(),
                        [](const LambdaCapture &C) {
                          return C.capturesThis() && C.getCaptureKind() == LCK_This;
                        })
               ? L->getCallOperator()
               : nullptr;
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    if (const auto *DRE = dyn_cast<DeclRefExpr>(U->getSubExpr()->IgnoreParenImpCasts()))
      if (const auto *M = dyn_cast<CXXMethodDecl>(DRE->getDecl());
          M && M->getParent()->getCanonicalDecl() == Class->getCanonicalDecl() && First &&
          isa<CXXThisExpr>(First->IgnoreParenImpCasts()))
        return M;
  return nullptr;
}

/// Calls Launch(callable, first argument, in a loop) for each thread Body
/// starts (also `std::make_unique<std::thread>(&C::Run, this)`: the library
/// builds the thread from these arguments).
void forEachThreadLaunch(const Stmt *Body,
                         llvm::function_ref<void(const Expr *, const Expr *, bool)> Launch,
                         bool InLoop = false) {
  if (!Body)
    return;
  if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(Body))
    InLoop = true;
  if (const auto *C = dyn_cast<CXXConstructExpr>(Body);
      C && C->getNumArgs() > 0 && ThreadModel::isThreadType(C->getType()) &&
      !C->getConstructor()->isCopyOrMoveConstructor())
    Launch(C->getArg(0), C->getNumArgs() > 1 ? C->getArg(1) : nullptr, InLoop);
  if (const auto *Make = dyn_cast<CallExpr>(Body); Make && Make->getNumArgs() > 0) {
    const Type *Made = madeType(Make);
    if (Made && ThreadModel::isThreadType(QualType(Made, 0)))
      Launch(Make->getArg(0), Make->getNumArgs() > 1 ? Make->getArg(1) : nullptr, InLoop);
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Body);
      MC && MC->getNumArgs() > 0 && ThreadModel::isThreadEmplace(MC) &&
      !ThreadModel::isThreadType(MC->getArg(0)->getType()))
    Launch(MC->getArg(0), MC->getNumArgs() > 1 ? MC->getArg(1) : nullptr, InLoop);
  for (const Stmt *Child : Body->children())
    forEachThreadLaunch(Child, Launch, InLoop);
}
} // namespace

bool isCallableType(QualType T) {
  T = T.getNonReferenceType();
  if (T->isFunctionPointerType())
    return true;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  return llvm::any_of(RD->getDefinition()->methods(),
                      [](const CXXMethodDecl *M) { return M->getOverloadedOperator() == OO_Call; });
}

const ExecutorShapes::Workers &ExecutorShapes::workersOf(const CXXRecordDecl *Class) {
  auto [It, New] = Classes.try_emplace(Class->getCanonicalDecl());
  if (!New)
    return It->second;
  Workers W;
  auto Launch = [&](const Expr *Callable, const Expr *First, bool InLoop) {
    llvm::SmallPtrSet<const FieldDecl *, 2> Drained;
    llvm::SmallPtrSet<const FunctionDecl *, 8> Seen;
    addDrained(workerOf(Callable, First, Class), Class, 0, Drained, Seen);
    for (const FieldDecl *Q : Drained)
      W.Drains[Q] = InLoop ? 2 : W.Drains.lookup(Q) + 1;
  };
  for (const CXXMethodDecl *M : Class->methods()) {
    const FunctionDecl *Def = nullptr;
    if (!M->hasBody(Def) || !Def)
      continue;
    forEachThreadLaunch(Def->getBody(), Launch);
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        forEachThreadLaunch(Init->getInit(), Launch);
  }
  // A thread started by a default member initializer (`std::thread t_{[this]
  // { Run(); }};`): every constructor that does not initialise t_ itself
  // starts it, and the initializer lists above do not show its code.
  for (const FieldDecl *F : Class->fields())
    if (F->hasInClassInitializer())
      forEachThreadLaunch(F->getInClassInitializer(), Launch);
  return Classes[Class->getCanonicalDecl()] = std::move(W);
}

std::optional<Submission> ExecutorShapes::find(const CXXMethodDecl *Method) {
  const FunctionDecl *Def = nullptr;
  if (Method->isStatic() || !Method->hasBody(Def) || !Def ||
      Ctx.getSourceManager().isInSystemHeader(Def->getLocation()))
    return std::nullopt;
  for (const ParmVarDecl *P : Def->parameters()) {
    if (!isCallableType(P->getType()))
      continue;
    const FieldDecl *Queue = queueFedBy(Def->getBody(), P);
    if (!Queue)
      continue;
    unsigned Drains = workersOf(Method->getParent()).Drains.lookup(Queue);
    if (Drains == 0)
      continue;
    return Submission{P->getFunctionScopeIndex(), Queue, Drains == 1};
  }
  return std::nullopt;
}

std::optional<Submission> ExecutorShapes::submission(const CXXMethodDecl *Method) {
  if (!Method)
    return std::nullopt;
  auto It = Methods.find(Method);
  if (It != Methods.end())
    return It->second;
  std::optional<Submission> S = find(Method);
  Methods[Method] = S;
  return S;
}

ExecutorShapes &ExecutorShapes::in(AnalysisSession &Session) {
  return Session.part<ExecutorShapes>(
      "", [&] { return std::make_unique<ExecutorShapes>(Session.context()); });
}

} // namespace mapsafety
