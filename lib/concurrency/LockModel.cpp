//===- LockModel.cpp - which types are mutexes and guards -------------------===//
#include "mapsafety/concurrency/LockModel.h"
#include "mapsafety/support/Declarations.h"
#include "mapsafety/support/OptionList.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace mapsafety {

bool parseMutexTypeList(llvm::StringRef List, std::vector<MutexTypeSpec> &Out, std::string &Error) {
  auto ParseEntry = [&](llvm::StringRef Entry) {
    auto [Name, Rest] = Entry.split('(');
    Name = Name.trim();
    bool HasMethods = Entry.contains('(');
    llvm::SmallVector<llvm::StringRef, 4> Methods;
    if (HasMethods && Rest.consume_back(")"))
      Rest.split(Methods, ',');
    if (!isQualifiedName(Name) || Rest.contains('(') || Rest.contains(')') ||
        (HasMethods && Methods.size() != 2 && Methods.size() != 4))
      return false;
    for (llvm::StringRef &M : Methods) {
      M = M.trim();
      if (M.empty())
        return false;
    }
    Name.consume_front("::");
    MutexTypeSpec Spec{Name.str(), "", "", "", ""};
    if (HasMethods) {
      Spec.Lock = Methods[0].str();
      Spec.Unlock = Methods[1].str();
    }
    if (Methods.size() == 4) {
      Spec.LockShared = Methods[2].str();
      Spec.UnlockShared = Methods[3].str();
    }
    Out.push_back(std::move(Spec));
    return true;
  };
  return parseOptionList(List,
                         "'qualified::Name', or 'qualified::Name(lock,unlock)' or "
                         "'qualified::Name(lock,unlock,lock_shared,unlock_shared)' naming its "
                         "methods",
                         ParseEntry, Error);
}

bool parseGuardTypeList(llvm::StringRef List, std::vector<GuardTypeSpec> &Out, std::string &Error) {
  auto ParseEntry = [&](llvm::StringRef Entry) {
    auto [Name, Kind] = Entry.split('=');
    Name = Name.trim();
    Kind = Kind.trim();
    bool HasKind = Entry.contains('=');
    if (!isQualifiedName(Name) || (HasKind && Kind != "shared" && Kind != "exclusive"))
      return false;
    Name.consume_front("::");
    Out.push_back({Name.str(), Kind == "shared"});
    return true;
  };
  return parseOptionList(List, "'qualified::Name', or 'qualified::Name=shared' for a reader guard",
                         ParseEntry, Error);
}

LockModel::LockModel(const std::vector<MutexTypeSpec> &ExtraMutexTypes,
                     const std::vector<GuardTypeSpec> &ExtraGuardTypes) {
  for (const char *Name : {"std::lock_guard", "std::unique_lock", "std::scoped_lock",
                           "absl::MutexLock", "absl::WriterMutexLock", "boost::lock_guard",
                           "boost::unique_lock", "boost::interprocess::scoped_lock", "QMutexLocker",
                           "QWriteLocker", "folly::SharedMutex::WriteHolder"})
    Guards[Name] = GuardKind::Exclusive;
  for (const char *Name : {"std::shared_lock", "absl::ReaderMutexLock", "boost::shared_lock",
                           "boost::upgrade_lock", "QReadLocker", "folly::SharedMutex::ReadHolder"})
    Guards[Name] = GuardKind::Shared;
  for (const char *Name :
       {"std::unique_lock", "std::shared_lock", "boost::unique_lock", "boost::shared_lock"})
    MovableGuards.insert(Name);
  for (const char *Name :
       {"std::mutex", "std::recursive_mutex", "std::timed_mutex", "std::recursive_timed_mutex",
        "std::shared_mutex", "std::shared_timed_mutex", "absl::Mutex", "boost::mutex",
        "boost::recursive_mutex", "boost::timed_mutex", "boost::shared_mutex", "QMutex",
        "QRecursiveMutex", "QReadWriteLock", "folly::SharedMutex", "folly::SpinLock",
        "pthread_mutex_t", "pthread_rwlock_t"})
    Mutexes[Name];
  // std, absl (Lock, ReaderLock...) and Qt (lockForRead...) spellings.
  // AssertHeld(): the caller promises the lock is held from here on.
  for (const char *Name : {"lock", "Lock", "WriterLock", "WriteLock", "lockForWrite", "AssertHeld",
                           "assertHeld", "assert_held"})
    CommonCalls[Name] = MutexCall::Lock;
  for (const char *Name :
       {"lock_shared", "ReaderLock", "ReadLock", "lockForRead", "AssertReaderHeld"})
    CommonCalls[Name] = MutexCall::LockShared;
  for (const char *Name : {"unlock", "Unlock", "unlock_shared", "ReaderUnlock", "WriterUnlock",
                           "ReadUnlock", "WriteUnlock"})
    CommonCalls[Name] = MutexCall::Unlock;
  for (const char *Name : {"try_lock", "TryLock"})
    CommonCalls[Name] = MutexCall::TryLock;
  for (const char *Name : {"try_lock_shared", "ReaderTryLock"})
    CommonCalls[Name] = MutexCall::TryLockShared;

  for (const MutexTypeSpec &M : ExtraMutexTypes) {
    llvm::StringMap<MutexCall> &Calls = Mutexes[M.QualifiedName];
    auto AddCall = [&](const std::string &Method, MutexCall Call) {
      if (!Method.empty())
        Calls[Method] = Call;
    };
    AddCall(M.Lock, MutexCall::Lock);
    AddCall(M.Unlock, MutexCall::Unlock);
    AddCall(M.LockShared, MutexCall::LockShared);
    AddCall(M.UnlockShared, MutexCall::Unlock);
  }
  for (const GuardTypeSpec &G : ExtraGuardTypes)
    Guards[G.QualifiedName] = G.Shared ? GuardKind::Shared : GuardKind::Exclusive;
}

namespace {
/// The qualified name of T's class (its template for specializations), or of a
/// C typedef such as pthread_mutex_t.
std::string typeName(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *TT = T->getAs<TypedefType>()) {
    std::string Name = TT->getDecl()->getName().str();
    if (Name == "pthread_mutex_t" || Name == "pthread_rwlock_t")
      return Name;
  }
  return classOrTemplateName(T.getCanonicalType()->getAsCXXRecordDecl());
}

bool hasMethod(const CXXRecordDecl *RD, llvm::StringRef Name) {
  for (const CXXMethodDecl *M : RD->methods())
    if (M->getIdentifier() && M->getName() == Name)
      return true;
  return false;
}
} // namespace

bool LockModel::isMutexType(QualType T) const {
  if (T.isNull())
    return false;
  const Type *Key = T.getNonReferenceType().getCanonicalType().getTypePtr();
  auto Cached = MutexCache.find(Key);
  if (Cached != MutexCache.end())
    return Cached->second;
  bool Result = looksLikeMutex(T) && (Mutexes.count(typeName(T)) || !guardKind(T));
  MutexCache[Key] = Result;
  return Result;
}

/// Known or listed, or duck-typed: lock() and unlock(), or Lock() and Unlock()
/// (home-grown mutexes and spin locks). Guards have the same methods: callers
/// tell them apart.
bool LockModel::looksLikeMutex(QualType T) const {
  if (Mutexes.count(typeName(T)))
    return true;
  const CXXRecordDecl *RD = T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  return (hasMethod(RD, "lock") && hasMethod(RD, "unlock") && !hasMethod(RD, "owns_lock")) ||
         (hasMethod(RD, "Lock") && hasMethod(RD, "Unlock")) ||
         (hasMethod(RD, "WriteLock") && hasMethod(RD, "WriteUnlock")); // rocksdb's RWMutex
}

std::optional<LockModel::GuardKind> LockModel::guardKind(QualType T) const {
  if (T.isNull())
    return std::nullopt;
  const Type *Key = T.getNonReferenceType().getCanonicalType().getTypePtr();
  auto Cached = GuardCache.find(Key);
  if (Cached != GuardCache.end())
    return Cached->second;
  std::optional<GuardKind> Result;
  auto It = Guards.find(typeName(T));
  if (It != Guards.end())
    Result = It->second;
  else if (const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
           RD && RD->hasDefinition())
    Result = guardByShape(RD->getDefinition());
  GuardCache[Key] = Result;
  return Result;
}

namespace {
bool callsOneOf(const Stmt *Body, std::initializer_list<llvm::StringRef> Names) {
  bool Found = false;
  forEachStmt(Body, [&](const Stmt *S) {
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
      if (const CXXMethodDecl *M = MC->getMethodDecl(); M && M->getIdentifier())
        Found |= llvm::is_contained(Names, M->getName());
  });
  return Found;
}
} // namespace

std::optional<LockModel::GuardKind> LockModel::guardByShape(const CXXRecordDecl *RD) const {
  // SCOPED_LOCKABLE: Clang's annotation for exactly this.
  // (Each annotated constructor says what it holds, guardConstruction(); the
  // kind is the guard's mode when nothing else says: shared only when no
  // constructor acquires exclusively.)
  if (RD->hasAttr<ScopedLockableAttr>()) {
    bool Shared = false, Exclusive = false;
    for (const CXXConstructorDecl *C : RD->ctors())
      for (const auto *A : C->specific_attrs<AcquireCapabilityAttr>())
        (A->isShared() ? Shared : Exclusive) = true;
    return Shared && !Exclusive ? GuardKind::Shared : GuardKind::Exclusive;
  }
  const CXXDestructorDecl *Dtor = RD->getDestructor();
  if (!Dtor || !Dtor->hasBody() ||
      !callsOneOf(Dtor->getBody(), {"unlock", "Unlock", "unlock_shared", "ReaderUnlock",
                                    "WriterUnlock", "ReadUnlock", "WriteUnlock"}))
    return std::nullopt;
  for (const CXXConstructorDecl *C : RD->ctors()) {
    if (C->getNumParams() == 0 || C->isCopyOrMoveConstructor())
      continue;
    QualType P = C->getParamDecl(0)->getType();
    QualType Mutex = P->isPointerType() ? P->getPointeeType() : P.getNonReferenceType();
    if (!(P->isPointerType() || P->isReferenceType()) || !looksLikeMutex(Mutex))
      continue;
    const FunctionDecl *Def = nullptr;
    if (C->hasBody(Def) && callsOneOf(Def->getBody(), {"lock_shared", "ReaderLock", "ReadLock"}))
      return GuardKind::Shared;
    return GuardKind::Exclusive;
  }
  return std::nullopt;
}

LockModel::GuardMethod LockModel::guardMethod(const CXXMethodDecl *M) const {
  if (!M || !M->getIdentifier())
    return GuardMethod::None;
  // Annotations first: `PromoteShared() RELEASE_SHARED() ACQUIRE()` ends in
  // the acquired mode, and a scoped capability's `Lock() ACQUIRE()` locks
  // exclusively whatever mode the guard was constructed in.
  for (const auto *A : M->specific_attrs<AcquireCapabilityAttr>())
    if (A->args_size() == 0)
      return A->isShared() ? GuardMethod::LockShared : GuardMethod::LockExclusive;
  for (const auto *A : M->specific_attrs<ReleaseCapabilityAttr>())
    if (A->args_size() == 0)
      return GuardMethod::Unlock;
  llvm::StringRef Name = M->getName();
  if (Name == "lock" || Name == "Lock")
    return GuardMethod::Lock;
  if (Name == "unlock" || Name == "Unlock")
    return GuardMethod::Unlock;
  if (Name == "release")
    return GuardMethod::Disown; // std::unique_lock's spelling: the mutex stays locked
  const FunctionDecl *Def = nullptr;
  if (!M->hasBody(Def) || !Def->getBody())
    return GuardMethod::None;
  if (callsOneOf(Def->getBody(), {"unlock", "Unlock", "unlock_shared", "ReaderUnlock",
                                  "WriterUnlock", "ReadUnlock", "WriteUnlock"}))
    return GuardMethod::Unlock;
  if (callsOneOf(Def->getBody(), {"lock", "Lock", "lock_shared", "ReaderLock", "WriterLock",
                                  "ReadLock", "WriteLock"}))
    return GuardMethod::Lock;
  return GuardMethod::None;
}

LockModel::GuardConstruction LockModel::guardConstruction(const CXXConstructorDecl *C) {
  if (!C)
    return GuardConstruction::ByName;
  for (const auto *A : C->specific_attrs<AcquireCapabilityAttr>())
    return A->isShared() ? GuardConstruction::AcquireShared : GuardConstruction::Acquire;
  for (const auto *A : C->specific_attrs<RequiresCapabilityAttr>())
    return A->isShared() ? GuardConstruction::AdoptShared : GuardConstruction::Adopt;
  if (C->hasAttr<ReleaseCapabilityAttr>())
    return GuardConstruction::Release;
  // An annotated guard says what each constructor does: one that names no
  // capability (LOCKS_EXCLUDED(mu), a defer tag of its own) locks nothing.
  return C->getParent()->hasAttr<ScopedLockableAttr>() && !C->isCopyOrMoveConstructor()
             ? GuardConstruction::Defer
             : GuardConstruction::ByName;
}

bool LockModel::isMovableGuard(QualType T) const { return MovableGuards.count(typeName(T)); }

LockModel::MutexCall LockModel::mutexCall(QualType T, llvm::StringRef Method) const {
  if (!isMutexType(T))
    return MutexCall::None;
  auto Listed = Mutexes.find(typeName(T));
  if (Listed != Mutexes.end()) {
    auto Own = Listed->second.find(Method);
    if (Own != Listed->second.end())
      return Own->second;
  }
  auto Common = CommonCalls.find(Method);
  return Common == CommonCalls.end() ? MutexCall::None : Common->second;
}

LockModel::FreeCall LockModel::freeCall(const FunctionDecl *Callee) const {
  if (!Callee || !Callee->getIdentifier())
    return FreeCall::None;
  llvm::StringRef Name = Callee->getName();
  if (Name == "lock") {
    std::string Qualified = qualifiedNameWithoutInlineNamespaces(Callee);
    return Qualified == "std::lock" || Qualified == "boost::lock" ? FreeCall::LockEach
                                                                  : FreeCall::None;
  }
  return llvm::StringSwitch<FreeCall>(Name)
      .Case("pthread_mutex_lock", FreeCall::Lock)
      .Case("pthread_rwlock_wrlock", FreeCall::Lock)
      .Case("pthread_rwlock_rdlock", FreeCall::LockShared)
      .Case("pthread_mutex_unlock", FreeCall::Unlock)
      .Case("pthread_rwlock_unlock", FreeCall::Unlock)
      .Case("pthread_mutex_trylock", FreeCall::TryLock)
      .Default(FreeCall::None);
}

LockModel::GuardTag LockModel::guardTag(QualType ArgType) {
  std::string Name = ArgType.getCanonicalType().getUnqualifiedType().getAsString();
  if (Name.find("defer_lock_t") != std::string::npos)
    return GuardTag::Defer;
  if (Name.find("try_to_lock_t") != std::string::npos)
    return GuardTag::TryTo;
  if (Name.find("adopt_lock_t") != std::string::npos)
    return GuardTag::Adopt;
  return GuardTag::None;
}

LockModel::Annotated LockModel::annotatedEffect(const FunctionDecl *Callee) {
  // ASSERT_CAPABILITY: held from here on, as far as the caller can tell.
  auto Acquires = [&](bool Shared) {
    return llvm::any_of(Callee->specific_attrs<AcquireCapabilityAttr>(),
                        [&](const auto *A) { return A->isShared() == Shared; }) ||
           llvm::any_of(Callee->specific_attrs<AssertCapabilityAttr>(),
                        [&](const auto *A) { return A->isShared() == Shared; });
  };
  if (Acquires(true))
    return Annotated::AcquireShared;
  if (Acquires(false))
    return Annotated::Acquire;
  if (Callee->hasAttr<ReleaseCapabilityAttr>())
    return Annotated::Release;
  return Annotated::None;
}

} // namespace mapsafety
