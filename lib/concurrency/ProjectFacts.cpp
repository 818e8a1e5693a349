//===- ProjectFacts.cpp - what one translation unit tells the project view --===//
#include "mapsafety/concurrency/ProjectFacts.h"
#include "mapsafety/concurrency/ExecutorShape.h"
#include "mapsafety/containers/ContainerIdentity.h"
#include "mapsafety/support/AnalysisSession.h"
#include "mapsafety/support/Declarations.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

using namespace clang;

namespace mapsafety {

namespace {

std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Buf;
  if (!D || index::generateUSRForDecl(D, Buf))
    return {};
  return std::string(Buf);
}

const char *receiverName(Receiver R) {
  switch (R) {
  case Receiver::This:
    return "this";
  case Receiver::Fresh:
    return "fresh";
  case Receiver::Other:
    return "other";
  case Receiver::None:
    return "none";
  }
  return "other";
}

/// The object an expression is, looking through the smart pointer
/// dereferences that still name it (`p->`, `*p`, `p.get()`).
const Expr *throughSmartPointer(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    if ((Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star) && Op->getNumArgs() == 1)
      return Op->getArg(0)->IgnoreParenImpCasts();
  if (const auto *Get = dyn_cast<CXXMemberCallExpr>(E))
    if (Get->getMethodDecl() && Get->getMethodDecl()->getName() == "get" &&
        Get->getNumArgs() == 0 && Get->getImplicitObjectArgument())
      return Get->getImplicitObjectArgument()->IgnoreParenImpCasts();
  if (const auto *Deref = dyn_cast<UnaryOperator>(E))
    if (Deref->getOpcode() == UO_Deref)
      return Deref->getSubExpr()->IgnoreParenImpCasts();
  return E;
}

/// A local made here that nobody else can know yet: `new T`, make_unique,
/// make_shared, or an object constructed in place (not copied).
bool isFreshObject(const VarDecl *V) {
  if (!V->isLocalVarDecl() || V->isStaticLocal() || !V->getInit())
    return false;
  const Expr *Init = V->getInit()->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init)) {
    if (Construct->getConstructor()->isCopyOrMoveConstructor() && Construct->getNumArgs() == 1)
      Init = Construct->getArg(0)->IgnoreImplicit(); // `auto p = std::make_unique<T>()`
    else
      return !V->getType()->isPointerType(); // `T obj(args)`
  }
  if (isa<CXXNewExpr>(Init))
    return true;
  if (const auto *Call = dyn_cast<CallExpr>(Init))
    if (const FunctionDecl *F = Call->getDirectCallee()) {
      std::string Name = qualifiedNameWithoutInlineNamespaces(F);
      return Name == "std::make_unique" || Name == "std::make_shared";
    }
  return false;
}

/// T is callable or a container of callables: its elements (value_type, or
/// the mapped half of a map's pair) are (`std::map<K, std::function<void()>>`).
bool holdsCallables(QualType T, const ContainerModel &Containers) {
  if (isCallableType(T))
    return true;
  const CXXRecordDecl *R = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!R || !Containers.classify(T.getNonReferenceType()))
    return false;
  for (const NamedDecl *D : R->lookup(&R->getASTContext().Idents.get("value_type"))) {
    const auto *Element = dyn_cast<TypedefNameDecl>(D);
    if (!Element)
      continue;
    QualType V = Element->getUnderlyingType().getCanonicalType();
    if (isCallableType(V))
      return true;
    const auto *Pair = dyn_cast_or_null<ClassTemplateSpecializationDecl>(V->getAsCXXRecordDecl());
    if (Pair && Pair->getTemplateArgs().size() == 2 &&
        Pair->getTemplateArgs()[1].getKind() == TemplateArgument::Type &&
        isCallableType(Pair->getTemplateArgs()[1].getAsType()))
      return true;
  }
  return false;
}

/// Where S sits in its function's CFG.
struct Position {
  const CFGBlock *Block = nullptr;
  unsigned Index = 0;
};

} // namespace

FactLocation factLocation(SourceLocation Loc, const SourceManager &SM) {
  SourceLocation File = SM.getFileLoc(Loc);
  if (File.isInvalid())
    return {};
  llvm::SmallString<256> Name(SM.getFilename(File));
  if (Name.empty())
    return {};
  SM.getFileManager().makeAbsolutePath(Name);
  llvm::sys::path::remove_dots(Name, /*remove_dot_dot=*/true);
  return {std::string(Name), SM.getSpellingLineNumber(File), SM.getSpellingColumnNumber(File),
          SM.getFileOffset(File)};
}

std::optional<std::string> lockKey(const ContainerPath &Mutex) {
  std::string Key;
  if (Mutex.isThisRooted()) {
    if (Mutex.Fields.empty())
      return std::nullopt;
    Key = "this:";
  } else if (isStaticStorage(Mutex) && !Mutex.RootIsPointee) {
    Key = "static:" + usrOf(Mutex.Root);
  } else {
    return std::nullopt;
  }
  for (const FieldDecl *F : Mutex.Fields) {
    if (Key.back() != ':')
      Key += ',';
    Key += usrOf(F);
  }
  return Key;
}

/// Collects the facts of one function.
struct ProjectFacts::Impl {
  AnalysisSession &Session;
  FunctionLockSets &LockSets;
  const ContainerModel &Containers;
  const Decl *Function;
  const FunctionCFG *Cfg;
  const FunctionParents &Parents;

  /// Events on one object: where it escapes, and the calls made on it.
  struct Tracked {
    std::vector<const Stmt *> Escapes;
    std::vector<std::pair<const Stmt *, std::string>> Calls; ///< call, callee USR
    /// Where it is passed to a function of the project, whose facts say
    /// whether that parameter escapes.
    struct Handoff {
      const Stmt *Call;
      std::string Callee;
      unsigned Param;
      bool OnThis; ///< the call is made on `this`
    };
    std::vector<Handoff> Handoffs;
    /// Stored into a member of `this` (still reachable only through it).
    bool Stored = false;
    /// Fresh objects built with it as an argument (`make_shared<Child>(this)`):
    /// it is reachable through them, so their events are its events.
    std::vector<const VarDecl *> Holders;
  };
  Tracked This;
  llvm::DenseMap<const VarDecl *, Tracked> Fresh;
  /// Parameters that point or refer to an object: whether they escape.
  llvm::DenseMap<const ParmVarDecl *, Tracked> Params;
  llvm::DenseSet<const Decl *> AddressTaken;

  Impl(AnalysisSession &Session, FunctionLockSets &LockSets, const ContainerModel &Containers,
       const Decl *Function)
      : Session(Session), LockSets(LockSets), Containers(Containers), Function(Function),
        Cfg(Session.cfg(Function)), Parents(Session.parents(Function)) {}

  template <typename Fn> void forEachStmtOfFunction(Fn Visit) {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Function))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getInit())
          forEachEvaluatedStmt(Init->getInit(), Visit);
    if (const Stmt *Body = Function->getBody())
      forEachEvaluatedStmt(Body, Visit);
  }

  const Stmt *useParent(const Stmt *S) const { return Parents.parentIgnoringParenImpCasts(S); }

  /// S's parent above the implicit nodes of a value's journey (casts,
  /// temporaries, cleanups).
  const Stmt *valueParent(const Stmt *S) const {
    const Stmt *P = Parents.parent(S);
    while (P && isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
                    ExprWithCleanups>(P))
      P = Parents.parent(P);
    return P;
  }

  static bool sameValue(const Expr *A, const Expr *B) {
    return A->IgnoreImplicit()->IgnoreParens() == B->IgnoreImplicit()->IgnoreParens();
  }

  /// Whether Call returns a pointer or reference to an Object.
  static bool returnsObject(const CXXMemberCallExpr *Call, const CXXRecordDecl *Object) {
    QualType T = Call->getType();
    if (T->isPointerType())
      T = T->getPointeeType();
    else if (!Call->isGLValue())
      return false; // a copy is not an alias
    const CXXRecordDecl *R = T->getAsCXXRecordDecl();
    return R && R->getCanonicalDecl() == Object->getCanonicalDecl();
  }

  /// The class of the object a fresh variable holds (`new T`, make_unique<T>, `T obj`).
  static const CXXRecordDecl *objectClass(const ValueDecl *V) {
    QualType T = V->getType().getNonReferenceType();
    if (T->isPointerType())
      return T->getPointeeCXXRecordDecl();
    if (const auto *Spec =
            dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl());
        Spec && Spec->getTemplateArgs().size() > 0 &&
        Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type && isSmartPointer(Spec))
      return Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
    return T->getAsCXXRecordDecl();
  }

  /// A parameter type through which the callee reaches a caller's object: a
  /// pointer, reference or smart pointer to a class.
  static bool pointsToObject(QualType T) {
    T = T.getNonReferenceType();
    if (T->isPointerType())
      return T->getPointeeCXXRecordDecl() != nullptr;
    const CXXRecordDecl *R = T->getAsCXXRecordDecl();
    return R && !R->isLambda();
  }

  /// `p.get()`, `p->`, `p.release()`: what the holder does, not the object.
  static bool isSmartPointerOperation(const CallExpr *Call) {
    const Expr *Object = nullptr;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      Object = Member->getImplicitObjectArgument();
    else if (isa<CXXOperatorCallExpr>(Call) &&
             isa_and_nonnull<CXXMethodDecl>(Call->getDirectCallee()))
      Object = Call->getArg(0);
    if (!Object)
      return false;
    const CXXRecordDecl *Holder =
        Object->IgnoreParenImpCasts()->getType().getNonReferenceType()->getAsCXXRecordDecl();
    return Holder && isSmartPointer(Holder);
  }

  static bool isSmartPointer(const CXXRecordDecl *R) {
    std::string Name = qualifiedNameWithoutInlineNamespaces(R);
    return Name == "std::unique_ptr" || Name == "std::shared_ptr";
  }

  /// True when E (naming an object) is used only as the object of a member
  /// access or call, or tested (`if (p)`, `p == nullptr`, `delete p`).
  bool isLocalUse(const Expr *E, const CXXRecordDecl *Object) const {
    const Stmt *P = useParent(E);
    if (!P)
      return true;
    if (const auto *M = dyn_cast<MemberExpr>(P)) {
      if (M->getBase()->IgnoreParenImpCasts() != E)
        return false;
      // A method that hands out the object itself (`p.get()`, `self()`)
      // makes an alias: it must stay local too.
      const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(useParent(M));
      if (Call && Call->getCallee()->IgnoreParenImpCasts() == M && Object &&
          returnsObject(Call, Object))
        return isLocalUse(Call, Object);
      return true;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P))
      if ((Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star ||
           Op->getOperator() == OO_EqualEqual || Op->getOperator() == OO_ExclaimEqual) &&
          Op->getArg(0)->IgnoreParenImpCasts() == E)
        return Op->getOperator() != OO_Star || isLocalUse(Op, Object);
    if (const auto *Deref = dyn_cast<UnaryOperator>(P))
      return Deref->getOpcode() == UO_Deref ? isLocalUse(Deref, Object)
                                            : Deref->getOpcode() == UO_LNot;
    if (const auto *Cmp = dyn_cast<BinaryOperator>(P))
      return Cmp->isEqualityOp();
    if (isa<CXXDeleteExpr, IfStmt, WhileStmt>(P))
      return true;
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E->IgnoreParens()))
      return Cast->getCastKind() == CK_PointerToBoolean;
    return false;
  }

  /// The fresh variable whose initializer E is (looking through the implicit
  /// copies, temporaries and `new` around a construction), or null.
  const VarDecl *freshVariableInitializedBy(const Expr *E) const {
    const Stmt *Child = E;
    for (const Stmt *P = Parents.parent(E); P; Child = P, P = Parents.parent(P)) {
      if (const auto *DS = dyn_cast<DeclStmt>(P)) {
        const VarDecl *V = FunctionParents::variableInitializedBy(DS, Child);
        return V && Fresh.count(V) ? V : nullptr;
      }
      if (!isa<ImplicitCastExpr, ParenExpr, ExprWithCleanups, CXXBindTemporaryExpr,
               MaterializeTemporaryExpr, CXXNewExpr, CXXFunctionalCastExpr>(P) &&
          !(isa<CXXConstructExpr>(P) &&
            cast<CXXConstructExpr>(P)->getConstructor()->isCopyOrMoveConstructor()))
        return nullptr;
    }
    return nullptr;
  }

  /// A member of `this`, or an element of one (`m_`, `m_[k]`).
  bool isThisMember(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    if (const auto *Subscript = dyn_cast<CXXOperatorCallExpr>(E);
        Subscript && Subscript->getOperator() == OO_Subscript)
      E = Subscript->getArg(0)->IgnoreParenImpCasts();
    std::optional<ContainerPath> P = resolveObject(E, Session.context());
    return P && P->isThisRooted() && !P->Fields.empty();
  }

  /// Records a use of T's object (`this`, a fresh local or a parameter, named
  /// by E) that is not local: stored into `this`, handed to a function of the
  /// project, built into a fresh object, or an escape.
  void recordUse(Tracked &T, const Expr *E) {
    const Stmt *P = valueParent(E);
    const Expr *Arg = E;
    // `std::move(p)`, `shared_ptr(p)`: the same object, one level up.
    while (P) {
      const auto *Move = dyn_cast<CallExpr>(P);
      const auto *Copy = dyn_cast<CXXConstructExpr>(P);
      if (Move && Move->getNumArgs() == 1 && Move->getDirectCallee() &&
          qualifiedNameWithoutInlineNamespaces(Move->getDirectCallee()) == "std::move") {
        Arg = Move;
      } else if (Copy && Copy->getNumArgs() == 1 &&
                 Copy->getConstructor()->isCopyOrMoveConstructor()) {
        Arg = Copy;
      } else {
        break;
      }
      P = valueParent(P);
    }
    if (const auto *Assign = dyn_cast_or_null<CXXOperatorCallExpr>(P);
        Assign && Assign->getOperator() == OO_Equal && Assign->getNumArgs() == 2 &&
        sameValue(Assign->getArg(1), Arg) && isThisMember(Assign->getArg(0))) {
      T.Stored = true;
      return;
    }
    if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(P);
        Assign && Assign->getOpcode() == BO_Assign && sameValue(Assign->getRHS(), Arg) &&
        isThisMember(Assign->getLHS())) {
      T.Stored = true;
      return;
    }
    if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(P)) {
      if (const VarDecl *Holder = freshVariableInitializedBy(Construct)) {
        // Built into a fresh object: reachable through it, and whatever its
        // constructor does with the argument (storing it in the new object
        // is keeping it there).
        T.Holders.push_back(Holder);
        for (unsigned I = 0; I < Construct->getNumArgs(); ++I)
          if (sameValue(Construct->getArg(I), Arg))
            T.Handoffs.push_back({Construct, usrOf(Construct->getConstructor()), I, true});
        return;
      }
    }
    if (const auto *Call = dyn_cast_or_null<CallExpr>(P)) {
      if (recordCallArgument(T, Call, Arg))
        return;
    }
    T.Escapes.push_back(E);
  }

  /// Arg passed to Call: true when that is not an escape by itself.
  bool recordCallArgument(Tracked &T, const CallExpr *Call, const Expr *Arg) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return false;
    std::string Name = qualifiedNameWithoutInlineNamespaces(Callee);
    if (Name == "std::make_shared" || Name == "std::make_unique") {
      if (const VarDecl *Holder = freshVariableInitializedBy(Call)) {
        T.Holders.push_back(Holder);
        return true;
      }
      return false;
    }
    const Expr *Object = nullptr;
    unsigned Skip = 0;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      Object = Member->getImplicitObjectArgument();
    } else if (isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee)) {
      Object = Call->getArg(0);
      Skip = 1;
    }
    if (Object && sameValue(Object, Arg))
      return false;
    const SourceManager &SM = Session.context().getSourceManager();
    bool Library = SM.isInSystemHeader(SM.getFileLoc(Callee->getLocation()));
    // Into a library object of `this` (`children_.push_back(child)`): kept
    // where only `this` reaches it.
    if (Object && Library && isThisMember(Object)) {
      T.Stored = true;
      return true;
    }
    if (Library)
      return false;
    for (unsigned I = Skip; I < Call->getNumArgs(); ++I)
      if (sameValue(Call->getArg(I), Arg)) {
        bool OnThis = Object && isa<CXXThisExpr>(throughSmartPointer(Object));
        T.Handoffs.push_back({Call, usrOf(Callee), I - Skip, OnThis});
        return true;
      }
    return false;
  }

  /// A container member of `this` handed out by reference or pointer (to a
  /// user function, through std::ref, or by taking its address).
  bool leaksMemberContainer(const MemberExpr *M) const {
    if (!Containers.classify(M->getType()))
      return false;
    std::optional<ContainerPath> P = resolveObject(M, Session.context());
    return P && P->isThisRooted() && !P->Fields.empty() && handsOut(M);
  }

  /// E (a container) handed out by reference or pointer: to a user function,
  /// through std::ref, or by taking its address.
  bool handsOut(const Expr *M) const {
    const Stmt *Use = useParent(M);
    if (const auto *Addr = dyn_cast_or_null<UnaryOperator>(Use))
      return Addr->getOpcode() == UO_AddrOf;
    const auto *Call = dyn_cast_or_null<CallExpr>(Use);
    if (!Call || isa<CXXOperatorCallExpr>(Call))
      return false;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return false;
    std::string Name = qualifiedNameWithoutInlineNamespaces(Callee);
    if (Name == "std::ref" || Name == "std::cref")
      return true;
    if (Session.context().getSourceManager().isInSystemHeader(Callee->getLocation()))
      return false;
    for (unsigned I = 0; I < Call->getNumArgs() && I < Callee->getNumParams(); ++I)
      if (Call->getArg(I)->IgnoreParenImpCasts() == M) {
        QualType T = Callee->getParamDecl(I)->getType();
        return (T->isReferenceType() && !T.getNonReferenceType().isConstQualified()) ||
               T->isPointerType();
      }
    return false;
  }

  Receiver receiverOf(const CallExpr *Call, const VarDecl *&FreshVar) const {
    FreshVar = nullptr;
    const Expr *Object = nullptr;
    if (const auto *M = dyn_cast<CXXMemberCallExpr>(Call))
      Object = M->getImplicitObjectArgument();
    else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
             Op && isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()))
      Object = Op->getArg(0);
    if (!Object) {
      const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
      return Method && !Method->isStatic() ? Receiver::Other : Receiver::None;
    }
    const Expr *E = throughSmartPointer(Object);
    if (isa<CXXThisExpr>(E))
      return Receiver::This;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()); V && Fresh.count(V)) {
        FreshVar = V;
        return Receiver::Fresh;
      }
    return Receiver::Other;
  }

  void collectEvents() {
    forEachStmtOfFunction([&](const Stmt *S) {
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (const auto *V = dyn_cast<VarDecl>(D); V && isFreshObject(V))
            Fresh.try_emplace(V);
    });
    if (const auto *F = dyn_cast<FunctionDecl>(Function))
      for (const ParmVarDecl *P : F->parameters())
        if (pointsToObject(P->getType()))
          Params.try_emplace(P);
    forEachStmtOfFunction([&](const Stmt *S) {
      if (const auto *T = dyn_cast<CXXThisExpr>(S)) {
        if (!isLocalUse(T, T->getType()->getPointeeCXXRecordDecl()))
          recordUse(This, T);
      } else if (const auto *M = dyn_cast<MemberExpr>(S)) {
        if (leaksMemberContainer(M))
          This.Escapes.push_back(M);
      } else if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
        if (const auto *P = dyn_cast<ParmVarDecl>(Ref->getDecl()); P && Params.count(P)) {
          if (!isLocalUse(Ref, objectClass(P)))
            recordUse(Params[P], Ref);
        } else if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl())) {
          auto It = Fresh.find(V);
          if (It != Fresh.end() && !isLocalUse(Ref, objectClass(V)))
            recordUse(It->second, Ref);
        } else if (isa<FunctionDecl>(Ref->getDecl()) && !isCallee(Ref)) {
          AddressTaken.insert(Ref->getDecl()->getCanonicalDecl());
        }
      } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
        const VarDecl *FreshVar = nullptr;
        Receiver R = receiverOf(Call, FreshVar);
        std::string Callee = usrOf(Call->getDirectCallee());
        if (R == Receiver::This)
          This.Calls.push_back({Call, Callee});
        else if (R == Receiver::Fresh && !isSmartPointerOperation(Call))
          Fresh[FreshVar].Calls.push_back({Call, Callee});
      }
    });
    // What happens to an object built around `this` happens to `this`.
    for (const VarDecl *Holder : This.Holders) {
      const Tracked &H = Fresh.find(Holder)->second;
      llvm::append_range(This.Escapes, H.Escapes);
      llvm::append_range(This.Calls, H.Calls);
      llvm::append_range(This.Handoffs, H.Handoffs);
    }
    // `&Class::method`: a member pointer names the method without calling it.
    forEachStmtOfFunction([&](const Stmt *S) {
      if (const auto *Addr = dyn_cast<UnaryOperator>(S))
        if (Addr->getOpcode() == UO_AddrOf)
          if (const auto *Ref = dyn_cast<DeclRefExpr>(Addr->getSubExpr()->IgnoreParens()))
            if (isa<CXXMethodDecl>(Ref->getDecl()))
              AddressTaken.insert(Ref->getDecl()->getCanonicalDecl());
    });
  }

  bool isCallee(const DeclRefExpr *Ref) const {
    const Stmt *P = useParent(Ref);
    const auto *Call = dyn_cast_or_null<CallExpr>(P);
    return Call && Call->getCallee()->IgnoreParenImpCasts() == Ref;
  }

  Position positionOf(const Stmt *S) const {
    if (!Cfg || !Cfg->valid())
      return {};
    auto [Block, Index] = Cfg->locate(S);
    return {Block, Index};
  }

  /// True when From can run before To (on some path); when either is not in
  /// the CFG, assume it can.
  bool mayPrecede(const Stmt *From, const Stmt *To, bool SameElementCounts) const {
    Position A = positionOf(From), B = positionOf(To);
    if (!A.Block || !B.Block)
      return true;
    if (A.Block == B.Block && (A.Index < B.Index || (SameElementCounts && A.Index == B.Index)))
      return true;
    llvm::SmallVector<const CFGBlock *, 16> Work(A.Block->succ_begin(), A.Block->succ_end());
    llvm::DenseSet<const CFGBlock *> Seen;
    while (!Work.empty()) {
      const CFGBlock *Block = Work.pop_back_val();
      if (!Block || !Seen.insert(Block).second)
        continue;
      if (Block == B.Block)
        return true;
      Work.append(Block->succ_begin(), Block->succ_end());
    }
    return false;
  }

  bool escapedBefore(const Tracked &T, const Stmt *Site) const {
    return llvm::any_of(T.Escapes, [&](const Stmt *E) { return mayPrecede(E, Site, true); });
  }

  std::vector<std::string> callsBefore(const Tracked &T, const Stmt *Site) const {
    std::vector<std::string> Out;
    for (const auto &[Call, Callee] : T.Calls)
      if (Call != Site && mayPrecede(Call, Site, false))
        Out.push_back(Callee);
    llvm::sort(Out);
    Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
    return Out;
  }

  /// T's handoffs that Keep selects, sorted and unique.
  static llvm::json::Array handoffsJSON(const Tracked &T,
                                        llvm::function_ref<bool(const Tracked::Handoff &)> Keep) {
    std::vector<std::tuple<std::string, unsigned, bool>> Out;
    Out.reserve(T.Handoffs.size());
    for (const Tracked::Handoff &H : T.Handoffs)
      if (Keep(H))
        Out.emplace_back(H.Callee, H.Param, H.OnThis);
    llvm::sort(Out);
    Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
    llvm::json::Array JSON;
    for (auto &[Callee, Param, OnThis] : Out)
      JSON.push_back(llvm::json::Object{{"callee", Callee}, {"param", Param}, {"on_this", OnThis}});
    return JSON;
  }

  /// The handoffs of T's object that can run before Site.
  llvm::json::Array handoffsBefore(const Tracked &T, const Stmt *Site) const {
    return handoffsJSON(T, [&](const Tracked::Handoff &H) {
      return H.Call != Site && mayPrecede(H.Call, Site, false);
    });
  }

  llvm::json::Value locksAt(const Stmt *S) {
    LockSet Held = LockSets.heldAt(Function, S);
    if (Held.isUnknown())
      return "unknown";
    llvm::json::Array Out;
    std::vector<std::pair<std::string, bool>> Keys;
    for (const HeldLock &L : Held.locks()) {
      if (L.Unknown) {
        Keys.push_back({"*", L.Shared});
        continue;
      }
      if (std::optional<std::string> Key = lockKey(L.Mutex))
        Keys.push_back({*Key, L.Shared});
    }
    llvm::sort(Keys);
    for (const auto &[Key, Shared] : Keys)
      Out.push_back(llvm::json::Object{{"key", Key}, {"shared", Shared}});
    return Out;
  }

  llvm::json::Object call(const CallExpr *Call) {
    const VarDecl *FreshVar = nullptr;
    Receiver R = receiverOf(Call, FreshVar);
    FactLocation At = factLocation(Call->getBeginLoc(), Session.context().getSourceManager());
    llvm::json::Object Out{{"callee", usrOf(Call->getDirectCallee())},
                           {"file", At.File},
                           {"line", At.Line},
                           {"column", At.Column},
                           {"offset", At.Offset},
                           {"receiver", receiverName(R)},
                           {"locks", locksAt(Call)}};
    if (R == Receiver::This || R == Receiver::Fresh) {
      const Tracked &T = R == Receiver::This ? This : Fresh.find(FreshVar)->second;
      Out["escaped_before"] = escapedBefore(T, Call);
      llvm::json::Array Before;
      for (std::string &U : callsBefore(T, Call))
        Before.push_back(std::move(U));
      Out["calls_before"] = std::move(Before);
      Out["handoffs_before"] = handoffsBefore(T, Call);
    }
    return Out;
  }

  // --- Thread roles across files: where callables go, which maps are named.

  /// The object E is, as every TU names it: `this[:<field USR>,…]`,
  /// `static:<variable USR>[,<field USR>…]`, or "" for any other (a local,
  /// a parameter, a temporary), which does not say which instance it is.
  static std::string objectKey(const Expr *E) {
    std::vector<std::string> Fields;
    E = throughSmartPointer(E);
    while (const auto *M = dyn_cast<MemberExpr>(E)) {
      Fields.push_back(usrOf(M->getMemberDecl()));
      E = throughSmartPointer(M->getBase());
    }
    std::string Key;
    if (isa<CXXThisExpr>(E))
      Key = "this";
    else if (const auto *Ref = dyn_cast<DeclRefExpr>(E);
             Ref && isa<VarDecl>(Ref->getDecl()) &&
             cast<VarDecl>(Ref->getDecl())->hasGlobalStorage())
      Key = "static:" + usrOf(Ref->getDecl());
    else
      return {};
    for (auto It = Fields.rbegin(); It != Fields.rend(); ++It)
      Key += (It == Fields.rbegin() ? ":" : ",") + *It;
    return Key;
  }

  /// Which executor instance a call reaches, relative to the caller: its
  /// object's key (objectKey), `none` for a free or static function, or ""
  /// when the object is not known (then neither is the instance).
  static std::string viaOf(const CallExpr *Call) {
    const Expr *Object = nullptr;
    if (const auto *M = dyn_cast<CXXMemberCallExpr>(Call))
      Object = M->getImplicitObjectArgument();
    else if (isa<CXXOperatorCallExpr>(Call) &&
             isa_and_nonnull<CXXMethodDecl>(Call->getDirectCallee()))
      Object = Call->getArg(0);
    if (Object)
      return objectKey(Object);
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
    return Method && !Method->isStatic() ? std::string() : std::string("none");
  }

  /// The member of `this` E is or is an element of (`fns_`, `fns_.at(k)`,
  /// `fns_[k]`, `q_.front()`), as its field's USR; "" otherwise.
  std::string thisMemberHolding(const Expr *E, const Expr **Leaf = nullptr) const {
    for (unsigned Steps = 0; E && Steps < 4; ++Steps) {
      E = ignoreCastsAndTemporaries(E);
      if (Leaf)
        *Leaf = E;
      if (const auto *M = dyn_cast<MemberExpr>(E))
        return isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts()) ? usrOf(M->getMemberDecl())
                                                                     : std::string();
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
          Op && Op->getOperator() == OO_Subscript)
        E = Op->getArg(0);
      else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E); MC && isLibrary(MC))
        E = MC->getImplicitObjectArgument();
      else
        return {};
    }
    return {};
  }

  bool isLibrary(const CallExpr *Call) const {
    const SourceManager &SM = Session.context().getSourceManager();
    const FunctionDecl *F = Call->getDirectCallee();
    return F && SM.isInSystemHeader(SM.getFileLoc(F->getLocation()));
  }

  /// What callable E passes on: `lambda:<USR>` (the lambda's call
  /// operator), `param:<index>` (a parameter of this function), or
  /// `member:<field USR>` (a member of `this` or an element of one); "".
  /// Leaf is set to the lambda, parameter or member expression.
  std::string callableSource(const Expr *E, const Expr **Leaf = nullptr) const {
    for (unsigned Steps = 0; E && Steps < 4; ++Steps) {
      E = ignoreCopies(E);
      if (const Expr *Moved = movedObject(E)) {
        E = Moved;
        continue;
      }
      if (Leaf)
        *Leaf = E;
      if (const auto *L = dyn_cast<LambdaExpr>(E))
        return "lambda:" + usrOf(L->getCallOperator());
      if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
        const auto *P = dyn_cast<ParmVarDecl>(Ref->getDecl());
        const auto *F = dyn_cast<FunctionDecl>(Function);
        if (P && F && P->getFunctionScopeIndex() < F->getNumParams() &&
            F->getParamDecl(P->getFunctionScopeIndex()) == P)
          return "param:" + std::to_string(P->getFunctionScopeIndex());
        return {};
      }
      std::string Member = thisMemberHolding(E, Leaf);
      return Member.empty() ? Member : "member:" + Member;
    }
    return {};
  }

  struct Flow {
    std::string From, To, Via; ///< To: a callee's USR, or `member:<USR>`
    int Param = -1;
    bool operator<(const Flow &O) const {
      return std::tie(From, To, Param, Via) < std::tie(O.From, O.To, O.Param, O.Via);
    }
    bool operator==(const Flow &O) const {
      return std::tie(From, To, Param, Via) == std::tie(O.From, O.To, O.Param, O.Via);
    }
  };
  std::vector<Flow> Flows;
  /// The expressions the flows consumed (their other uses are recorded).
  llvm::DenseSet<const Expr *> Consumed;

  void addFlow(Flow F, const Expr *Leaf) {
    Flows.push_back(std::move(F));
    Consumed.insert(Leaf);
  }

  /// The callables Call passes to a function of the project, or stores in a
  /// member of `this` through a library call (`fns_.emplace(k, [this] {…})`,
  /// `fn_ = std::move(f)`).
  void recordCallableFlows(const CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return;
    bool MemberOperator = isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee);
    unsigned Skip = MemberOperator ? 1 : 0;
    std::string Store;
    if (isLibrary(Call)) {
      const Expr *Object = MemberOperator ? Call->getArg(0) : nullptr;
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
        Object = MC->getImplicitObjectArgument();
      const Expr *Holder = nullptr;
      Store = Object ? thisMemberHolding(Object, &Holder) : std::string();
      if (Store.empty() || !holdsCallables(Holder->getType(), Containers))
        return;
    }
    size_t Before = Flows.size();
    for (unsigned I = Skip; I < Call->getNumArgs(); ++I) {
      const Expr *Arg = Call->getArg(I);
      if (!isCallableType(Arg->getType()))
        continue;
      const Expr *Leaf = nullptr;
      std::string From = callableSource(Arg, &Leaf);
      if (From.empty() || (!Store.empty() && From.rfind("member:", 0) == 0))
        continue;
      if (Store.empty())
        addFlow({From, usrOf(Callee), viaOf(Call), static_cast<int>(I - Skip)}, Leaf);
      else
        addFlow({From, "member:" + Store, "this", -1}, Leaf);
    }
    if (!Store.empty() && Flows.size() != Before)
      StoreCalls.insert(Call);
  }
  /// Library calls that store a callable in a member (not a use of it).
  llvm::DenseSet<const CallExpr *> StoreCalls;

  /// A use of a callable parameter or member that is neither a flow nor
  /// harmless (a library call on the container that returns no element,
  /// like size() or clear()): it may run the callable here or anywhere.
  bool isOtherCallableUse(const Expr *E) const {
    if (Consumed.count(E))
      return false;
    const Stmt *P = useParent(E);
    const auto *M = dyn_cast_or_null<MemberExpr>(P);
    const auto *Call = M ? dyn_cast_or_null<CXXMemberCallExpr>(useParent(M)) : nullptr;
    if (!Call || !isLibrary(Call) || Call->getImplicitObjectArgument()->IgnoreParenImpCasts() != E)
      return true;
    if (StoreCalls.count(Call))
      return false;
    QualType T = Call->getType();
    return T->isRecordType() || T->isPointerType() || T->isReferenceType() || Call->isGLValue();
  }

  /// Callable parameters and members used otherwise (sorted, unique).
  std::vector<std::string> OtherCallableUses;
  /// The container members named here: per map, whether every mention is
  /// on `this`, whether one hands it out, and the first mention.
  struct MapMention {
    std::string Name;
    bool OnThis = true;
    bool Escapes = false;
    const Expr *First = nullptr;
  };
  std::map<std::string, MapMention> Maps;

  /// E bound to a local reference or pointer the user wrote (`auto &m =
  /// slice_;`): what is done through it is not a mention of the map.
  bool aliased(const Expr *E) const {
    const auto *DS = dyn_cast_or_null<DeclStmt>(useParent(E));
    const VarDecl *V = DS ? FunctionParents::variableInitializedBy(DS, E) : nullptr;
    return V && !V->isImplicit() &&
           (V->getType()->isReferenceType() || V->getType()->isPointerType());
  }

  void recordMention(const Expr *E, const ValueDecl *D, bool OnThis, bool Escapes) {
    MapMention &M = Maps[usrOf(D)];
    M.Name = D->getNameAsString();
    M.OnThis = M.OnThis && OnThis;
    M.Escapes = M.Escapes || Escapes;
    if (!M.First)
      M.First = E;
  }

  void collectRoleFacts() {
    if (Function->isImplicit())
      return; // a lambda's copy constructor and the like: no code of the user
    forEachStmtOfFunction([&](const Stmt *S) {
      if (const auto *Call = dyn_cast<CallExpr>(S))
        recordCallableFlows(Call);
    });
    std::set<std::string> Other;
    forEachStmtOfFunction([&](const Stmt *S) {
      if (const auto *M = dyn_cast<MemberExpr>(S)) {
        const auto *Field = dyn_cast<FieldDecl>(M->getMemberDecl());
        if (!Field)
          return;
        bool OnThis = isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts());
        if (OnThis && holdsCallables(M->getType(), Containers) && isOtherCallableUse(M))
          Other.insert("member:" + usrOf(Field));
        if (Containers.classify(M->getType()))
          recordMention(M, Field, OnThis, handsOut(M) || aliased(M));
      } else if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
        if (const auto *P = dyn_cast<ParmVarDecl>(Ref->getDecl());
            P && isCallableType(P->getType()) && isOtherCallableUse(Ref))
          Other.insert(callableSource(Ref));
        const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
        if (V && V->hasGlobalStorage() && Containers.classify(V->getType()))
          recordMention(Ref, V, false, handsOut(Ref) || aliased(Ref));
      }
    });
    Other.erase("");
    OtherCallableUses.assign(Other.begin(), Other.end());
    llvm::sort(Flows);
    Flows.erase(std::unique(Flows.begin(), Flows.end()), Flows.end());
  }

  /// The executor this method submits to, if it is a submission point.
  std::optional<llvm::json::Object> submissionJSON() const {
    const auto *Method = dyn_cast<CXXMethodDecl>(Function);
    if (!Method)
      return std::nullopt;
    std::optional<Submission> S = ExecutorShapes::in(Session).submission(Method);
    if (!S || !S->Queue)
      return std::nullopt;
    return llvm::json::Object{
        {"param", S->CallableParam},
        {"serial", S->SingleWorker},
        {"executor", usrOf(Method->getParent()) + "#" + usrOf(S->Queue)},
        {"executor_name", qualifiedNameWithoutInlineNamespaces(Method->getParent())}};
  }

  llvm::json::Object roleFactsJSON() const {
    llvm::json::Array FlowsJSON, MapsJSON, OtherJSON;
    for (const Flow &F : Flows)
      FlowsJSON.push_back(
          llvm::json::Object{{"from", F.From}, {"to", F.To}, {"param", F.Param}, {"via", F.Via}});
    const SourceManager &SM = Session.context().getSourceManager();
    for (const auto &[Key, M] : Maps) {
      FactLocation At = factLocation(M.First->getBeginLoc(), SM);
      MapsJSON.push_back(llvm::json::Object{{"key", Key},
                                            {"name", M.Name},
                                            {"on_this", M.OnThis},
                                            {"escapes", M.Escapes},
                                            {"file", At.File},
                                            {"line", At.Line},
                                            {"column", At.Column},
                                            {"offset", At.Offset}});
    }
    for (const std::string &U : OtherCallableUses)
      OtherJSON.push_back(U);
    llvm::json::Object Out{{"callable_flows", std::move(FlowsJSON)},
                           {"callable_other_uses", std::move(OtherJSON)},
                           {"maps", std::move(MapsJSON)}};
    if (std::optional<llvm::json::Object> S = submissionJSON())
      Out["submission"] = std::move(*S);
    return Out;
  }

  bool hasRoleFacts() const {
    return !Flows.empty() || !Maps.empty() || !OtherCallableUses.empty() || submissionJSON();
  }

  /// Set by facts(): no call worth recording, not virtual, publishes nothing.
  bool Trivial = false;

  /// A call into the project's own code, or one on the object being tracked
  /// (which can publish it); calls into the standard library are neither.
  bool isProjectCall(const CallExpr *Call) const {
    const VarDecl *FreshVar = nullptr;
    Receiver R = receiverOf(Call, FreshVar);
    if (R == Receiver::This || (R == Receiver::Fresh && !isSmartPointerOperation(Call)))
      return true;
    const SourceManager &SM = Session.context().getSourceManager();
    return !SM.isInSystemHeader(SM.getFileLoc(Call->getDirectCallee()->getLocation()));
  }

  llvm::json::Object facts() {
    collectEvents();
    collectRoleFacts();
    const SourceManager &SM = Session.context().getSourceManager();
    const auto *F = dyn_cast<FunctionDecl>(Function);
    const auto *Method = dyn_cast<CXXMethodDecl>(Function);
    const char *Kind = "function";
    if (Method && Method->getParent()->isLambda())
      Kind = "lambda";
    else if (isa<CXXConstructorDecl>(Function))
      Kind = "constructor";
    else if (isa<CXXDestructorDecl>(Function))
      Kind = "destructor";
    FactLocation At = factLocation(Function->getLocation(), SM);
    llvm::json::Array Calls;
    forEachStmtOfFunction([&](const Stmt *S) {
      if (const auto *Call = dyn_cast<CallExpr>(S);
          Call && Call->getDirectCallee() && isProjectCall(Call))
        Calls.push_back(call(Call));
    });
    llvm::json::Array ParamFacts;
    if (F)
      for (const ParmVarDecl *P : F->parameters()) {
        auto It = Params.find(P);
        bool Escapes = It == Params.end() || !It->second.Escapes.empty() ||
                       !It->second.Handoffs.empty() || !It->second.Holders.empty();
        ParamFacts.push_back(llvm::json::Object{
            {"escapes", Escapes}, {"stored", It != Params.end() && It->second.Stored}});
      }
    bool ParamsEscape = llvm::any_of(ParamFacts, [](const llvm::json::Value &V) {
      return *V.getAsObject()->getBoolean("escapes");
    });
    Trivial = Calls.empty() && !(Method && Method->isVirtual()) && This.Escapes.empty() &&
              AddressTaken.empty() && !ParamsEscape && This.Handoffs.empty() && !hasRoleFacts();
    llvm::json::Array Overrides;
    if (Method) {
      std::vector<std::string> Base;
      for (const CXXMethodDecl *O : Method->overridden_methods())
        Base.push_back(usrOf(O));
      llvm::sort(Base);
      for (std::string &U : Base)
        Overrides.push_back(std::move(U));
    }
    std::vector<std::string> Taken;
    for (const Decl *D : AddressTaken)
      Taken.push_back(usrOf(D));
    llvm::sort(Taken);
    llvm::json::Array TakenJSON;
    for (std::string &U : Taken)
      TakenJSON.push_back(std::move(U));
    llvm::json::Object Out{
        {"usr", usrOf(Function)},
        {"name", F ? qualifiedNameWithoutInlineNamespaces(F) : std::string("(lambda)")},
        {"file", At.File},
        {"line", At.Line},
        {"column", At.Column},
        {"offset", At.Offset},
        {"kind", Kind},
        {"virtual", Method && Method->isVirtual()},
        {"overrides", std::move(Overrides)},
        {"publishes_this", !This.Escapes.empty()},
        {"this_handoffs", handoffsJSON(This, [](const Tracked::Handoff &) { return true; })},
        {"params", std::move(ParamFacts)},
        {"address_taken", std::move(TakenJSON)},
        {"calls", std::move(Calls)}};
    for (auto &[Key, Value] : roleFactsJSON())
      Out[Key] = std::move(Value);
    return Out;
  }
};

void ProjectFacts::collectFunctions() {
  const SourceManager &SM = Session.context().getSourceManager();
  std::vector<std::pair<std::string, llvm::json::Object>> Sorted;
  std::vector<std::string> Quiet;
  for (const FunctionDecl *F : Session.definitions()) {
    SourceLocation Loc = SM.getFileLoc(F->getLocation());
    if (!F->hasBody() || F->isDependentContext() || SM.isInSystemHeader(Loc))
      continue;
    std::string Key = usrOf(F);
    if (Key.empty())
      continue;
    Impl Function(Session, LockSets, Containers, F);
    llvm::json::Object Facts = Function.facts();
    // Every TU that includes a header defines its inline functions again:
    // those that call nothing of the project and publish nothing are listed
    // by name only (the merge still knows they publish nothing).
    if (Function.Trivial && !SM.isInMainFile(Loc))
      Quiet.push_back(std::move(Key));
    else
      Sorted.push_back({std::move(Key), std::move(Facts)});
  }
  llvm::sort(Sorted, [](const auto &A, const auto &B) { return A.first < B.first; });
  for (unsigned I = 0; I < Sorted.size(); ++I)
    if (I == 0 || Sorted[I].first != Sorted[I - 1].first)
      Functions.push_back(std::move(Sorted[I].second));
  llvm::sort(Quiet);
  Quiet.erase(std::unique(Quiet.begin(), Quiet.end()), Quiet.end());
  for (std::string &U : Quiet)
    QuietFunctions.push_back(std::move(U));
  Collected = true;
}

ProjectFacts::ProjectFacts(AnalysisSession &Session, FunctionLockSets &LockSets,
                           const ContainerModel &Containers)
    : Session(Session), LockSets(LockSets), Containers(Containers) {}

ProjectFacts::~ProjectFacts() = default;

const ProjectFacts::Impl &ProjectFacts::eventsOf(const FunctionDecl *Root) {
  std::unique_ptr<Impl> &Slot = Events[Root];
  if (!Slot) {
    Slot = std::make_unique<Impl>(Session, LockSets, Containers, Root);
    Slot->collectEvents();
  }
  return *Slot;
}

std::optional<Premise> ProjectFacts::premiseFor(const Race &R, llvm::StringRef Check,
                                                SourceLocation ReportedAt) {
  switch (R.Why) {
  case Race::Reason::InferredGuardWrite:
  case Race::Reason::InferredGuardRead:
  case Race::Reason::InferredGuardCopy:
    break;
  default:
    return std::nullopt;
  }
  const ResolvedAccess &A = R.At;
  const Decl *Root = A.Hops.empty() ? A.Access.Function : Session.enclosingFunction(A.Hops[0]);
  const auto *RootFunction = dyn_cast_or_null<FunctionDecl>(Root);
  if (!RootFunction)
    return std::nullopt;
  ASTContext &Ctx = Session.context();
  Premise P;
  P.Check = Check.str();
  P.At = factLocation(ReportedAt, Ctx.getSourceManager());
  P.Root = usrOf(RootFunction);
  P.RootName = qualifiedNameWithoutInlineNamespaces(RootFunction);
  if (R.Expected.named() && !R.Expected.Unknown)
    if (std::optional<std::string> Key = lockKey(R.Expected.Mutex)) {
      P.Lock = *Key;
      P.LockName = lockName(R.Expected, Ctx);
    }
  P.NeedsExclusive = R.Why == Race::Reason::InferredGuardWrite;
  P.OnThis = A.Path.isThisRooted() && !A.Path.Fields.empty();
  P.Map = A.Path.Fields.empty() ? usrOf(A.Path.Root) : usrOf(A.Path.Fields.back());
  if (P.OnThis) {
    const Impl &Events = eventsOf(RootFunction);
    const Stmt *Site = A.Hops.empty() ? static_cast<const Stmt *>(A.Access.Site) : A.Hops[0];
    P.ThisEscapedBefore = Events.escapedBefore(Events.This, Site);
    P.ThisCallsBefore = Events.callsBefore(Events.This, Site);
    P.ThisHandoffsBefore = Events.handoffsBefore(Events.This, Site);
  }
  if (P.Root.empty() || (P.Lock.empty() && !P.OnThis && P.Map.empty()))
    return std::nullopt;
  return P;
}

llvm::json::Value toJSON(const Premise &P) {
  llvm::json::Array Before;
  for (const std::string &U : P.ThisCallsBefore)
    Before.push_back(U);
  return llvm::json::Object{{"check", P.Check},
                            {"file", P.At.File},
                            {"unconditional", P.Unconditional},
                            {"line", P.At.Line},
                            {"column", P.At.Column},
                            {"offset", P.At.Offset},
                            {"root", P.Root},
                            {"root_name", P.RootName},
                            {"lock", P.Lock},
                            {"lock_name", P.LockName},
                            {"map", P.Map},
                            {"needs_exclusive", P.NeedsExclusive},
                            {"on_this", P.OnThis},
                            {"this_escaped_before", P.ThisEscapedBefore},
                            {"this_calls_before", std::move(Before)},
                            {"this_handoffs_before", llvm::json::Array(P.ThisHandoffsBefore)}};
}

llvm::json::Value ProjectFacts::toJSON() {
  if (WithFunctions && !Collected)
    collectFunctions();
  llvm::json::Array PremisesJSON;
  for (const Premise &P : Premises)
    PremisesJSON.push_back(mapsafety::toJSON(P));
  const SourceManager &SM = Session.context().getSourceManager();
  std::string Main = SM.getFilename(SM.getLocForStartOfFile(SM.getMainFileID())).str();
  return llvm::json::Object{{"format", "mapsafety-facts"},
                            {"version", FormatVersion},
                            {"main_file", Main},
                            {"functions", llvm::json::Array(Functions)},
                            {"quiet_functions", llvm::json::Array(QuietFunctions)},
                            {"premises", std::move(PremisesJSON)}};
}

llvm::Error ProjectFacts::writeTo(llvm::StringRef Dir, llvm::StringRef Check) {
  const SourceManager &SM = Session.context().getSourceManager();
  std::string Main = SM.getFilename(SM.getLocForStartOfFile(SM.getMainFileID())).str();
  llvm::SmallString<256> Absolute(Main);
  if (std::error_code EC = llvm::sys::fs::make_absolute(Absolute))
    return llvm::createStringError(EC, "cannot name the facts of '%s': %s", Main.c_str(),
                                   EC.message().c_str());
  // One file per TU and rule: the main file's name, and a hash of its path
  // so that two a.cpp in different directories do not collide.
  std::string Digest =
      llvm::toHex(llvm::SHA1::hash(llvm::arrayRefFromStringRef(Absolute.str()))).substr(0, 16);
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, llvm::sys::path::filename(Main) + "-" + Digest + "." + Check +
                                    ".facts.json");
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
    return llvm::createStringError(EC, "cannot create the facts directory '%s': %s",
                                   Dir.str().c_str(), EC.message().c_str());
  // Written under a unique name and renamed: a reader never sees half a file,
  // and two runs over the same TU (shards, clangd) do not interleave.
  int FD = -1;
  llvm::SmallString<256> Temporary;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Path + "-%%%%%%.tmp", FD, Temporary))
    return llvm::createStringError(EC, "cannot write in '%s': %s", Dir.str().c_str(),
                                   EC.message().c_str());
  {
    llvm::raw_fd_ostream Out(FD, /*shouldClose=*/true);
    Out << toJSON() << "\n";
  }
  if (std::error_code EC = llvm::sys::fs::rename(Temporary, Path))
    return llvm::createStringError(EC, "cannot write '%s': %s", Path.c_str(), EC.message().c_str());
  return llvm::Error::success();
}

} // namespace mapsafety
