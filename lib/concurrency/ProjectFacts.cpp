//===- ProjectFacts.cpp - what one translation unit tells the project view --===//
#include "mapsafety/concurrency/ProjectFacts.h"
#include "mapsafety/support/AnalysisSession.h"
#include "mapsafety/support/Declarations.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>

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
  const Decl *Function;
  const FunctionCFG *Cfg;
  const FunctionParents &Parents;

  /// Events on one object: where it escapes, and the calls made on it.
  struct Tracked {
    std::vector<const Stmt *> Escapes;
    std::vector<std::pair<const Stmt *, std::string>> Calls; ///< call, callee USR
  };
  Tracked This;
  llvm::DenseMap<const VarDecl *, Tracked> Fresh;
  llvm::DenseSet<const Decl *> AddressTaken;

  Impl(AnalysisSession &Session, FunctionLockSets &LockSets, const Decl *Function)
      : Session(Session), LockSets(LockSets), Function(Function), Cfg(Session.cfg(Function)),
        Parents(Session.parents(Function)) {}

  template <typename Fn> void forEachStmtOfFunction(Fn Visit) {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Function))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getInit())
          forEachEvaluatedStmt(Init->getInit(), Visit);
    if (const Stmt *Body = Function->getBody())
      forEachEvaluatedStmt(Body, Visit);
  }

  const Stmt *useParent(const Stmt *S) const { return Parents.parentIgnoringParenImpCasts(S); }

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
  static const CXXRecordDecl *objectClass(const VarDecl *V) {
    QualType T = V->getType();
    if (T->isPointerType())
      return T->getPointeeCXXRecordDecl();
    if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
            T->getAsCXXRecordDecl());
        Spec && Spec->getTemplateArgs().size() > 0 &&
        Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
        isSmartPointer(Spec))
      return Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
    return T->getAsCXXRecordDecl();
  }

  /// `p.get()`, `p->`, `p.release()`: what the holder does, not the object.
  static bool isSmartPointerOperation(const CallExpr *Call) {
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
    return Method && isSmartPointer(Method->getParent());
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

  /// A container member of `this` handed out by reference or pointer (to a
  /// user function, through std::ref, or by taking its address).
  bool leaksMemberContainer(const MemberExpr *M) const {
    std::optional<ContainerPath> P = resolveObject(M, Session.context());
    if (!P || !P->isThisRooted() || P->Fields.empty())
      return false;
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
    forEachStmtOfFunction([&](const Stmt *S) {
      if (const auto *T = dyn_cast<CXXThisExpr>(S)) {
        if (!isLocalUse(T, T->getType()->getPointeeCXXRecordDecl()))
          This.Escapes.push_back(T);
      } else if (const auto *M = dyn_cast<MemberExpr>(S)) {
        if (leaksMemberContainer(M))
          This.Escapes.push_back(M);
      } else if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
        if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl())) {
          auto It = Fresh.find(V);
          if (It != Fresh.end() && !isLocalUse(Ref, objectClass(V)))
            It->second.Escapes.push_back(Ref);
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
    }
    return Out;
  }

  llvm::json::Object facts() {
    collectEvents();
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
      if (const auto *Call = dyn_cast<CallExpr>(S); Call && Call->getDirectCallee())
        Calls.push_back(call(Call));
    });
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
    return llvm::json::Object{
        {"usr", usrOf(Function)},
        {"name", F ? qualifiedNameWithoutInlineNamespaces(F) : std::string("(lambda)")},
        {"file", At.File},
        {"line", At.Line},
        {"kind", Kind},
        {"virtual", Method && Method->isVirtual()},
        {"overrides", std::move(Overrides)},
        {"publishes_this", !This.Escapes.empty()},
        {"address_taken", std::move(TakenJSON)},
        {"calls", std::move(Calls)}};
  }
};

void ProjectFacts::collectFunctions() {
  const SourceManager &SM = Session.context().getSourceManager();
  std::vector<std::pair<std::string, llvm::json::Object>> Sorted;
  for (const FunctionDecl *F : Session.definitions()) {
    if (!F->hasBody() || F->isDependentContext() ||
        SM.isInSystemHeader(SM.getFileLoc(F->getLocation())))
      continue;
    std::string Key = usrOf(F);
    if (!Key.empty())
      Sorted.push_back({std::move(Key), Impl(Session, LockSets, F).facts()});
  }
  llvm::sort(Sorted, [](const auto &A, const auto &B) { return A.first < B.first; });
  for (unsigned I = 0; I < Sorted.size(); ++I)
    if (I == 0 || Sorted[I].first != Sorted[I - 1].first)
      Functions.push_back(std::move(Sorted[I].second));
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
  if (P.OnThis) {
    Impl Events(Session, LockSets, RootFunction);
    Events.collectEvents();
    const Stmt *Site = A.Hops.empty() ? static_cast<const Stmt *>(A.Access.Site) : A.Hops[0];
    P.ThisEscapedBefore = Events.escapedBefore(Events.This, Site);
    P.ThisCallsBefore = Events.callsBefore(Events.This, Site);
  }
  if (P.Root.empty() || (P.Lock.empty() && !P.OnThis))
    return std::nullopt;
  return P;
}

llvm::json::Value toJSON(const Premise &P) {
  llvm::json::Array Before;
  for (const std::string &U : P.ThisCallsBefore)
    Before.push_back(U);
  return llvm::json::Object{
      {"check", P.Check},         {"file", P.At.File},
      {"unconditional", P.Unconditional},
      {"line", P.At.Line},        {"column", P.At.Column},
      {"offset", P.At.Offset},    {"root", P.Root},
      {"root_name", P.RootName},  {"lock", P.Lock},
      {"lock_name", P.LockName},  {"needs_exclusive", P.NeedsExclusive},
      {"on_this", P.OnThis},      {"this_escaped_before", P.ThisEscapedBefore},
      {"this_calls_before", std::move(Before)}};
}

llvm::json::Value ProjectFacts::toJSON() {
  if (Functions.empty())
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
                            {"premises", std::move(PremisesJSON)}};
}

llvm::Error ProjectFacts::writeTo(llvm::StringRef Dir, llvm::StringRef Check) {
  const SourceManager &SM = Session.context().getSourceManager();
  std::string Main = SM.getFilename(SM.getLocForStartOfFile(SM.getMainFileID())).str();
  llvm::SmallString<256> Absolute(Main);
  llvm::sys::fs::make_absolute(Absolute);
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
    return llvm::createStringError(EC, "cannot write '%s': %s", Path.c_str(),
                                   EC.message().c_str());
  return llvm::Error::success();
}

} // namespace mapsafety
