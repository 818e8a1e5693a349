//===- RaceFinder.cpp - map accesses that can run at the same time, unguarded -===//
#include "mapsafety/concurrency/RaceFinder.h"
#include "CallerLocks.h"
#include "InferredGuards.h"
#include "OneTimeInit.h"
#include "OpenMPConstructs.h"
#include "ThreadRoles.h"
#include "mapsafety/concurrency/ConcurrentRegion.h"
#include "mapsafety/containers/ContainerModel.h"
#include "mapsafety/support/AnalysisSession.h"
#include "mapsafety/support/StmtParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/StmtOpenMP.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"
#include <deque>
#include <map>

using namespace clang;

namespace mapsafety {

namespace {
bool isWrite(const ResolvedAccess &A) { return A.Access.Kind == AccessKind::Write; }
bool isCopy(const ResolvedAccess &A) { return A.Access.Kind == AccessKind::Copy; }

/// The statement whose position in the CFG stands for the access: a range-for
/// is not an element, its range expression is.
const Stmt *anchorOf(const MapAccess &A) {
  return isa<CXXForRangeStmt>(A.Site) ? static_cast<const Stmt *>(A.Object) : A.Site;
}

bool isConstructorOrDestructor(const Decl *D) {
  return isa<CXXConstructorDecl>(D) || isa<CXXDestructorDecl>(D);
}

const CXXRecordDecl *classOf(const Decl *D) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(D))
    return MD->getParent()->isLambda() ? nullptr : MD->getParent()->getCanonicalDecl();
  return nullptr;
}

/// A lock that keeps the two sides apart: a mutex both hold, exclusively on
/// at least one side (an exclusive holder excludes every other holder, shared
/// or not), or shared on both when neither writes (readers may overlap).
const HeldLock *commonLock(const ResolvedAccess &A, const ResolvedAccess &B) {
  for (const HeldLock &L : A.Locks.locks()) {
    const HeldLock *O = B.Locks.find(L.Mutex);
    if (!O)
      continue;
    if (L.Shared && O->Shared && (isWrite(A) || isWrite(B)))
      continue;
    return &L;
  }
  return nullptr;
}
} // namespace

struct RaceFinder::Impl {
  Impl(AnalysisSession &Session, const ContainerModel &Containers, const LockModel &Locks,
       RaceFinderOptions Options)
      : Session(Session), Containers(Containers), Options(Options), Ctx(Session.context()),
        Summaries(FunctionSummaries::in(Session, Containers)),
        LockSets(FunctionLockSets::in(Session, Locks)),
        Callers(CallerLocks::in(Session, Summaries, LockSets)), Regions(Session),
        OneTime(Session, LockSets), Omp(Session) {}

  AnalysisSession &Session;
  const ContainerModel &Containers;
  RaceFinderOptions Options;
  ASTContext &Ctx;
  FunctionSummaries &Summaries;
  FunctionLockSets &LockSets;
  CallerLocks &Callers;
  ConcurrentRegionFinder Regions;
  OneTimeInit OneTime;
  OpenMPConstructs Omp;
  std::vector<std::unique_ptr<ThreadEntry>> Entries;
  llvm::DenseMap<const ThreadEntry *, const Decl *> LauncherOf;
  std::vector<const FunctionDecl *> Functions;
  std::vector<std::unique_ptr<Frame>> FrameStore;

  const BodySummary &summary(const Decl *F) { return Summaries.of(F); }
  LockSet heldAt(const Decl *F, const Stmt *S) { return LockSets.heldAt(F, S); }

  LockSet translateLocks(const LockSet &In, const Frame &F) {
    if (In.isUnknown())
      return In;
    LockSet Out;
    // What this frame unlocked stays unlocked whatever its callers hold.
    for (const ContainerPath &M : In.released())
      if (std::optional<ContainerPath> P = translate(M, F, Ctx))
        Out.release(*P);
    for (const HeldLock &L : In.locks()) {
      if (L.Unknown || OpenMPConstructs::isCritical(L.Mutex)) {
        Out.add(L);
        continue;
      }
      if (std::optional<ContainerPath> P = translate(L.Mutex, F, Ctx)) {
        HeldLock T = L;
        T.Mutex = *P;
        Out.add(T);
      }
    }
    return Out;
  }

  /// Locks a function can count on at entry (see CallerLocks.h).
  LockSet callerHeld(const FunctionDecl *F) { return Callers.atEntry(F); }

  /// Accesses made by F's body and (to Options.CallDepth) its callees.
  void collect(const Frame &F, const Stmt *Body, const LockSet &Inherited,
               const std::vector<const Expr *> &Hops, const ThreadEntry *Entry,
               llvm::function_ref<bool(const Stmt *)> Filter, std::vector<ResolvedAccess> &Out,
               llvm::DenseSet<const Decl *> &Reached, unsigned Depth) {
    Reached.insert(F.Function);
    const BodySummary *S = nullptr;
    BodySummary Region;
    if (Body && Body != F.Function->getBody()) {
      Region = summarizeBody(F.Function, Body, Containers, Ctx);
      S = &Region;
    } else {
      S = &summary(F.Function);
    }
    for (const MapAccess &A : S->Accesses) {
      if (Filter && !Filter(anchorOf(A)))
        continue;
      std::optional<ContainerPath> Path = translate(A.Path, F, Ctx);
      if (!Path)
        continue;
      if (Entry && Entry->How == LaunchKind::OpenMP &&
          (declaredInside(*Path, Entry->Region) ||
           OpenMPConstructs::isPrivate(Path->Root, Entry->Launch)))
        continue; // private to each thread of the region
      ResolvedAccess R;
      R.Access = A;
      R.Path = *Path;
      R.Locks = translateLocks(heldAt(F.Function, anchorOf(A)), F);
      R.Locks.unionWith(Inherited);
      Omp.addCriticals(A.Function, A.Site, R.Locks);
      R.Hops = Hops;
      R.Entry = Entry;
      liftToCall(R, F);
      Out.push_back(std::move(R));
    }
    if (Depth >= Options.CallDepth)
      return;
    for (const FollowableCall &C : S->Calls) {
      if (Filter && !Filter(C.Call))
        continue;
      bool Recursive = false;
      for (const Frame *Up = &F; Up; Up = Up->Parent)
        Recursive |= Up->Function == C.Callee;
      if (Recursive)
        continue;
      std::unique_ptr<Frame> Callee = frameForCall(C, F, Ctx);
      LockSet Held = translateLocks(heldAt(F.Function, C.Call), F);
      Held.unionWith(Inherited);
      Omp.addCriticals(F.Function, C.Call, Held);
      std::vector<const Expr *> Deeper = Hops;
      Deeper.push_back(C.Call);
      Frame &Stored = *FrameStore.emplace_back(std::move(Callee));
      collect(Stored, nullptr, Held, Deeper, Entry, nullptr, Out, Reached, Depth + 1);
    }
  }

  /// A callee's access through a reference or pointer parameter is the
  /// call's that passes the map (SharedAccess.h, passedBy).
  void liftToCall(ResolvedAccess &R, const Frame &F) {
    PassedMap Up = passedBy(R.Access.Path, F, Ctx);
    if (!Up.Levels || Up.Levels > R.Hops.size())
      return;
    R.InCallee = R.Access;
    R.Parameter = Up.Parameter;
    R.CalleeHops.assign(R.Hops.end() - (Up.Levels - 1), R.Hops.end());
    R.Hops.resize(R.Hops.size() - Up.Levels);
    R.Access.Site = Up.Call;
    R.Access.Object = Up.Argument;
    R.Access.Path = Up.Path;
    R.Access.Function = Up.Caller->Function;
  }

  bool declaredInside(const ContainerPath &Path, const Stmt *Region) {
    const auto *V = dyn_cast_or_null<VarDecl>(Path.Root);
    if (!V || !Region)
      return false;
    const SourceManager &SM = Ctx.getSourceManager();
    SourceRange R = Region->getSourceRange();
    SourceLocation L = V->getLocation();
    return !SM.isBeforeInTranslationUnit(L, R.getBegin()) &&
           !SM.isBeforeInTranslationUnit(R.getEnd(), L);
  }

  /// The single/master/masked block of its parallel region an access runs
  /// in (where the region's body reaches it: the first call, or the access).
  const OMPExecutableDirective *oneThreadBlock(const ResolvedAccess &A) {
    if (!A.Entry || A.Entry->How != LaunchKind::OpenMP)
      return nullptr;
    if (A.Hops.empty())
      return Omp.oneThreadBlock(A.Access.Function, anchorOf(A.Access));
    return Omp.oneThreadBlock(LauncherOf.lookup(A.Entry), A.Hops.front());
  }

  // ---- judging pairs ---------------------------------------------------------

  std::optional<Race> judge(const ResolvedAccess &A, const ResolvedAccess &B,
                            const ThreadEntry *Entry) {
    if (A.Path != B.Path || (!isWrite(A) && !isWrite(B)) || commonLock(A, B))
      return std::nullopt;
    // One thread of the team runs both (the same single block, master blocks).
    if (OpenMPConstructs::sameThread(oneThreadBlock(A), oneThreadBlock(B)))
      return std::nullopt;
    // Unknown never warns: a side whose locks we could not compute may hold
    // the common one.
    if (A.Locks.isUnknown() || B.Locks.isUnknown())
      return std::nullopt;
    // A lock we cannot identify may well be the common one: stay quiet.
    if (A.Locks.holdsUnknown() && B.Locks.holdsUnknown())
      return std::nullopt;
    if ((A.Locks.holdsUnknown() && !B.Locks.empty()) ||
        (B.Locks.holdsUnknown() && !A.Locks.empty()))
      return std::nullopt;
    // A read after a one-time initialisation (see OneTimeInit.h) follows its writes.
    if ((isWrite(A) && OneTime.orders(A.Access, B.Access)) ||
        (isWrite(B) && OneTime.orders(B.Access, A.Access)) || OneTime.ordersByOnce(A, B))
      return std::nullopt;
    if (Options.ReportCopies) {
      // The copy is reported, whoever holds what.
      const ResolvedAccess &C = isCopy(A) ? A : B;
      const ResolvedAccess &W = &C == &A ? B : A;
      if (!isCopy(C) || !isWrite(W))
        return std::nullopt;
      Race R;
      R.Entry = Entry;
      R.Why = Race::Reason::CopyDuringWrite;
      R.At = C;
      R.Other = W;
      if (!W.Locks.empty())
        R.Expected = W.Locks.locks().front();
      return R;
    }
    // The writer to blame: the thread's own write first.
    const ResolvedAccess &W = isWrite(A) ? A : B;
    const ResolvedAccess &O = &W == &A ? B : A;
    Race R;
    R.Entry = Entry;
    for (const HeldLock &L : W.Locks.locks())
      if (L.Shared && O.Locks.find(L.Mutex)) {
        R.Why = Race::Reason::WriteUnderSharedLock;
        R.At = W;
        R.Other = O;
        R.SharedHeld = L;
        return R;
      }
    // No lock on the writer, or locks on both sides but none in common: the
    // writer is where the fix goes.
    if (W.Locks.empty() || (!O.Locks.empty() && isWrite(O))) {
      R.Why = Race::Reason::UnguardedWrite;
      R.At = W;
      R.Other = O;
      if (!O.Locks.empty() && W.Locks.empty())
        R.Expected = O.Locks.locks().front();
      return R;
    }
    // The writer locks; the other side skips that lock.
    R.At = O;
    R.Other = W;
    R.Why = isWrite(O) ? Race::Reason::UnguardedWrite : Race::Reason::ReadDuringWrite;
    R.Expected = W.Locks.locks().front();
    return R;
  }

  /// Judges Left x Right pair by pair in that order (each site keeps the
  /// first race that blames it). Past a thousand pairs it asks judge() once
  /// per pair of pairing keys and replays that order: a thread that outlives
  /// its launcher against methods holding one mutex over 10^4 accesses was
  /// 10^8 pairs.
  void judgeAll(const std::vector<ResolvedAccess> &Left, const std::vector<ResolvedAccess> &Right,
                const ThreadEntry *Entry) {
    if (Left.size() * Right.size() <= 1024) { // grouping costs more than it saves
      for (const ResolvedAccess &A : Left)
        for (const ResolvedAccess &B : Right)
          judgeAndKeep(A, B, Entry);
      return;
    }
    struct Group {
      unsigned First;               ///< its first access in Right
      std::vector<unsigned> Unkept; ///< accesses not yet blamed by some Left access
    };
    std::vector<Group> Groups;
    llvm::StringMap<unsigned> GroupOf;
    for (unsigned J = 0; J < Right.size(); ++J) {
      auto [It, New] = GroupOf.try_emplace(pairingKey(Right[J]), Groups.size());
      if (New)
        Groups.push_back({J, {}});
      Groups[It->second].Unkept.push_back(J);
    }
    // Per Left key, per group: which sides the pair blames (a write/write
    // pair may blame both).
    enum Blames : unsigned char { Judged = 1, BlamesLeft = 2, BlamesRight = 4 };
    llvm::StringMap<std::vector<unsigned char>> Verdicts;
    for (const ResolvedAccess &A : Left) {
      std::vector<unsigned char> &V = Verdicts[pairingKey(A)];
      V.resize(Groups.size(), 0);
      unsigned FirstBlamingA = ~0u;
      for (unsigned G = 0; G < Groups.size(); ++G) {
        if (!V[G]) {
          V[G] = Judged;
          for (const Race &R : judgeBothWays(A, Right[Groups[G].First], Entry))
            V[G] |= R.At.Access.Site == A.Access.Site ? BlamesLeft : BlamesRight;
        }
        if (V[G] & BlamesLeft)
          FirstBlamingA = std::min(FirstBlamingA, Groups[G].First);
        if (!(V[G] & BlamesRight))
          continue;
        for (unsigned J : Groups[G].Unkept)
          judgeAndKeep(A, Right[J], Entry);
        Groups[G].Unkept.clear();
      }
      if (FirstBlamingA != ~0u)
        judgeAndKeep(A, Right[FirstBlamingA], Entry);
    }
  }

  /// The race of A and B, and for two writes that neither synchronises, the
  /// race seen from the other write too: each unsynchronised write site gets
  /// its own warning (with a note to the other), so that each can be fixed or
  /// suppressed on its own. A write that holds the lock the other skips is not
  /// blamed; a read beside a write is blamed as judge() says.
  llvm::SmallVector<Race, 2> judgeBothWays(const ResolvedAccess &A, const ResolvedAccess &B,
                                           const ThreadEntry *Entry) {
    llvm::SmallVector<Race, 2> Races;
    std::optional<Race> R = judge(A, B, Entry);
    if (!R)
      return Races;
    Races.push_back(std::move(*R));
    if (Options.ReportCopies || !isWrite(A) || !isWrite(B) || A.Access.Site == B.Access.Site)
      return Races;
    if (std::optional<Race> Mirror = judge(B, A, Entry);
        Mirror && Mirror->At.Access.Site != Races.front().At.Access.Site)
      Races.push_back(std::move(*Mirror));
    return Races;
  }

  /// Keeps the races of A and B, unless both sites already have one.
  void judgeAndKeep(const ResolvedAccess &A, const ResolvedAccess &B, const ThreadEntry *Entry) {
    if (Found.Sites.count(A.Access.Site) && Found.Sites.count(B.Access.Site))
      return;
    for (Race &R : judgeBothWays(A, B, Entry))
      Found.keep(std::move(R), Options.ReportCopies);
  }

  /// The races kept so far: one per access site, the first reason found;
  /// copies belong to the copy perspective only. Filtering as they are found
  /// keeps thousands of threads racing on one map from piling up duplicates.
  struct KeptRaces {
    std::vector<Race> Races;
    llvm::DenseSet<const Stmt *> Sites;
    void keep(Race R, bool ReportCopies) {
      if (isCopy(R.At) == ReportCopies && Sites.insert(R.At.Access.Site).second)
        Races.push_back(std::move(R));
    }
  } Found;

  /// What judge() looks at in an access: the map, the kind of access and the
  /// locks (mutex, shared, unknown). Two entries whose accesses have the same
  /// keys pair alike with any third.
  std::string pairingKey(const ResolvedAccess &A) {
    std::string Key;
    llvm::raw_string_ostream OS(Key);
    if (OneTime.mayOrder(A.Access)) // its order depends on where it is
      OS << static_cast<const void *>(A.Access.Site) << '@';
    if (const ValueDecl *Once = OneTime.onceRunning(A)) // and on the call_once it runs in
      OS << static_cast<const void *>(A.Access.Site) << '!' << static_cast<const void *>(Once);
    auto Path = [&](const ContainerPath &P) {
      OS << static_cast<const void *>(P.Root) << ',' << P.RootIsPointee;
      for (const FieldDecl *F : P.Fields)
        OS << '.' << static_cast<const void *>(F);
      for (const ElementKey &K : P.Keys) // critical names
        OS << '[' << static_cast<const void *>(K.Var) << K.Literal << ']';
    };
    if (const OMPExecutableDirective *Block = oneThreadBlock(A))
      OS << "omp:" << static_cast<const void *>(Block);
    Path(A.Path);
    OS << ':' << static_cast<unsigned>(A.Access.Kind);
    for (const HeldLock &L : A.Locks.locks()) {
      OS << '[' << L.Shared << L.Unknown;
      Path(L.Mutex);
      OS << ']';
    }
    return OS.str();
  }

  /// An id per distinct set of pairing keys; Representatives gets, for a new
  /// id, one access per key (all that judge() needs to pair the class).
  unsigned pairingClass(const std::vector<ResolvedAccess> &Accesses,
                        llvm::StringMap<unsigned> &Classes,
                        std::vector<std::vector<const ResolvedAccess *>> &Representatives) {
    std::map<std::string, const ResolvedAccess *> ByKey;
    for (const ResolvedAccess &A : Accesses)
      ByKey.try_emplace(pairingKey(A), &A);
    std::vector<std::string> Keys;
    Keys.reserve(ByKey.size());
    for (const auto &KV : ByKey)
      Keys.push_back(KV.first);
    auto [It, New] = Classes.try_emplace(llvm::join(Keys, "|"), Classes.size());
    if (New) {
      Representatives.emplace_back();
      for (const auto &KV : ByKey)
        Representatives.back().push_back(KV.second);
    }
    return It->second;
  }

  // ---- the passes ------------------------------------------------------------

  struct EntryAccesses {
    const ThreadEntry *Entry;
    std::vector<ResolvedAccess> Accesses;
    llvm::DenseSet<const Decl *> Reached;
    ConcurrentRegion Region;
  };

  EntryAccesses accessesOf(const ThreadEntry &E, const Decl *Launcher) {
    EntryAccesses Result;
    Result.Entry = &E;
    Frame &Root = *FrameStore.emplace_back(std::make_unique<Frame>());
    Root.Function = Launcher;
    if (E.How == LaunchKind::OpenMP) {
      collect(Root, E.Region, LockSet(), {}, &E, nullptr, Result.Accesses, Result.Reached, 0);
    } else if (E.Callable) {
      Frame &F = *FrameStore.emplace_back(std::make_unique<Frame>());
      F.Function = E.Callable;
      F.Parent = &Root;
      F.EnteredBy = dyn_cast<Expr>(E.Launch);
      F.Lambda = E.Lambda;
      F.IsThreadEntry = true;
      F.ArgsAreCopies = E.How != LaunchKind::ParallelAlgorithm;
      if (E.ThisObject && E.ThisObject->isThisRooted() && E.ThisObject->Fields.empty() &&
          !E.ThisObject->RootIsPointee)
        F.ThisIsParentThis = true;
      else
        F.This = E.ThisObject;
      for (const auto &[Param, Arg] : E.BoundArgs)
        F.Args[Param] = Arg;
      F.MemberTargets = &E.MemberTargets;
      collect(F, nullptr, LockSet(), {}, &E, nullptr, Result.Accesses, Result.Reached, 0);
    }
    Result.Region = Regions.regionOf(E, Launcher);
    return Result;
  }

  /// Everything a launcher's body does (with what its callees do), collected
  /// once per launcher; launcherAccesses() keeps the part inside a region.
  llvm::DenseMap<const Decl *, std::vector<ResolvedAccess>> LauncherBodies;

  const std::vector<ResolvedAccess> &wholeLauncher(const Decl *Launcher) {
    auto It = LauncherBodies.find(Launcher);
    if (It != LauncherBodies.end())
      return It->second;
    std::vector<ResolvedAccess> &Out = LauncherBodies[Launcher];
    Frame &Root = *FrameStore.emplace_back(std::make_unique<Frame>());
    Root.Function = Launcher;
    llvm::DenseSet<const Decl *> Reached;
    LockSet Entry;
    if (const auto *FD = dyn_cast<FunctionDecl>(Launcher))
      Entry = callerHeld(FD);
    collect(Root, nullptr, Entry, {}, nullptr, nullptr, Out, Reached, 0);
    return Out;
  }

  /// The launcher's accesses inside Region: its own where they are, its
  /// callees' where the call is (what collect() with a region filter keeps).
  std::vector<ResolvedAccess> launcherAccesses(const Decl *Launcher,
                                               const ConcurrentRegion &Region) {
    std::vector<ResolvedAccess> Out;
    if (!Region.Cfg)
      return Out;
    for (const ResolvedAccess &A : wholeLauncher(Launcher))
      if (Region.contains(A.Hops.empty() ? anchorOf(A.Access) : A.Hops.front()))
        Out.push_back(A);
    return Out;
  }

  /// A member map (this->m_) or a map with static storage: what other threads
  /// can reach without being handed it.
  static bool isObjectOrStaticMap(const ContainerPath &P) {
    return (P.isThisRooted() && !P.Fields.empty() && !P.RootIsPointee) || isStaticStorage(P);
  }

  /// F hands a member or static map (or an object holding one) to a callee
  /// by reference or pointer: what the callee does to it is F's (passedBy).
  bool handsOverObjectOrStaticMap(const FunctionDecl *F) {
    return llvm::any_of(summary(F).Calls, [&](const FollowableCall &C) {
      return llvm::any_of(C.Args, [&](const Expr *Arg) {
        std::optional<ContainerPath> P =
            Arg->getType()->isPointerType() ? resolvePointee(Arg, Ctx) : resolveObject(Arg, Ctx);
        return P && isObjectOrStaticMap(*P);
      });
    });
  }

  /// The member and static map accesses of a function seen as its own root
  /// (for inference and escaping threads): its own, and what the callees it
  /// hands such a map to do with it. Callees on `this` are roots of their
  /// own, so their accesses are not F's; locks callers always hold count as held.
  std::vector<ResolvedAccess> ownAccesses(const FunctionDecl *F) {
    std::vector<ResolvedAccess> Out;
    bool HandsOver = handsOverObjectOrStaticMap(F);
    if (!HandsOver && llvm::none_of(summary(F).Accesses,
                                    [](const MapAccess &A) { return isObjectOrStaticMap(A.Path); }))
      return Out; // most functions: no CFG, no lock sets
    Frame &Root = *FrameStore.emplace_back(std::make_unique<Frame>());
    Root.Function = F;
    llvm::DenseSet<const Decl *> Reached;
    collect(Root, nullptr, callerHeld(F), {}, nullptr, nullptr, Out, Reached,
            HandsOver ? 0 : Options.CallDepth);
    llvm::erase_if(Out, [](const ResolvedAccess &A) {
      return !isObjectOrStaticMap(A.Path) || !A.Hops.empty();
    });
    return Out;
  }

  bool skipsAnalysis(const Decl *D) {
    return D->hasAttr<NoThreadSafetyAnalysisAttr>() || isConstructorOrDestructor(D);
  }

  std::vector<Race> run() {
    for (const FunctionDecl *F : Session.definitions())
      if (isRootFunction(F))
        Functions.push_back(F);
    std::vector<EntryAccesses> All;
    All.reserve(Entries.size());
    for (const std::unique_ptr<ThreadEntry> &E : Entries)
      All.push_back(accessesOf(*E, LauncherOf[E.get()]));

    llvm::DenseMap<const FunctionDecl *, std::vector<ResolvedAccess>> Own;
    auto OwnOf = [&](const FunctionDecl *F) -> const std::vector<ResolvedAccess> & {
      auto It = Own.find(F);
      if (It == Own.end())
        It = Own.try_emplace(F, ownAccesses(F)).first;
      return It->second;
    };

    // Entries of one launcher by pairing class, so that a function starting
    // thousands of threads that all hold the map's mutex does not judge
    // every pair of them: classes that cannot race are skipped whole.
    llvm::StringMap<unsigned> Classes;
    std::vector<unsigned> ClassOf;
    llvm::DenseMap<const Decl *, llvm::MapVector<unsigned, std::vector<unsigned>>> ClassesIn;
    std::vector<std::vector<const ResolvedAccess *>> Representatives; // per class
    for (unsigned I = 0; I < All.size(); ++I) {
      unsigned C = pairingClass(All[I].Accesses, Classes, Representatives);
      ClassOf.push_back(C);
      ClassesIn[LauncherOf[All[I].Entry]][C].push_back(I);
    }
    llvm::DenseMap<std::pair<unsigned, unsigned>, bool> CanRaceCache;
    auto CanRace = [&](unsigned A, unsigned B) {
      auto [It, New] = CanRaceCache.try_emplace({A, B}, false);
      if (New)
        for (const ResolvedAccess *X : Representatives[A])
          for (const ResolvedAccess *Y : Representatives[B])
            It->second = It->second || judge(*X, *Y, nullptr).has_value();
      return It->second;
    };

    for (unsigned Index = 0; Index < All.size(); ++Index) {
      EntryAccesses &EA = All[Index];
      const ThreadEntry &E = *EA.Entry;
      const Decl *Launcher = LauncherOf[&E];
      if (skipsAnalysis(Launcher) && !isa<CXXConstructorDecl>(Launcher))
        continue;
      // The thread against itself (several instances at once), unless a
      // serial executor (a strand) runs them one at a time.
      if (EA.Region.SelfConcurrent && !E.SerialExecutor)
        judgeAll(EA.Accesses, EA.Accesses, &E);
      // The thread against its launcher until the join.
      judgeAll(EA.Accesses, launcherAccesses(Launcher, EA.Region), &E);
      // Against other threads started before this one is joined, in the
      // order they were found.
      std::vector<unsigned> Others;
      unsigned Merged = 0;
      for (const auto &[C, Members] : ClassesIn[Launcher])
        if (CanRace(ClassOf[Index], C)) {
          Others.insert(Others.end(), Members.begin(), Members.end());
          ++Merged;
        }
      if (Merged > 1)
        llvm::sort(Others);
      for (unsigned O : Others)
        if (O != Index && EA.Region.contains(All[O].Entry->Launch) &&
            !(E.SerialExecutor && E.SerialExecutor == All[O].Entry->SerialExecutor))
          judgeAll(EA.Accesses, All[O].Accesses, &E);
      // A thread that outlives its launcher races with the rest of the class
      // and with every other user of the globals it touches.
      if (!EA.Region.Escapes)
        continue;
      const CXXRecordDecl *Class = classOf(Launcher);
      for (const FunctionDecl *F : Functions) {
        if (F == Launcher || EA.Reached.count(F) || skipsAnalysis(F))
          continue;
        bool SameClass = Class && classOf(F) == Class;
        std::vector<ResolvedAccess> Candidates;
        for (const ResolvedAccess &A : OwnOf(F))
          if ((isStaticStorage(A.Path) || (SameClass && A.Path.isThisRooted())) &&
              !Regions.joinedBefore(E, F, anchorOf(A.Access))) // Stop(): join, then clear
            Candidates.push_back(A);
        judgeAll(EA.Accesses, Candidates, &E);
      }
    }
    if (Options.InferGuards) {
      // Fork-join code orders itself: what a launcher does outside the regions
      // where its own threads run (before the launch, after the join) is judged
      // by the thread analysis above, not by inference.
      llvm::DenseMap<const Decl *, std::vector<const ConcurrentRegion *>> RegionsOf;
      for (const EntryAccesses &EA : All)
        RegionsOf[LauncherOf[EA.Entry]].push_back(&EA.Region);
      auto OrderedByLauncher = [&](const ResolvedAccess &A) {
        auto It = RegionsOf.find(A.Access.Function);
        return It != RegionsOf.end() && llvm::none_of(It->second, [&](const ConcurrentRegion *R) {
                 return R->Escapes || !R->Cfg || R->contains(anchorOf(A.Access));
               });
      };
      std::vector<ThreadRoles::OwnerCandidate> Owners;
      Owners.reserve(All.size());
      for (const EntryAccesses &EA : All)
        Owners.push_back({EA.Entry, !EA.Entry->RunsAsManyInstances && !EA.Region.SelfConcurrent});
      ThreadRoles Roles(Session, Owners);
      std::vector<Race> Inferred;
      inferGuards(OwnOf, OrderedByLauncher, Roles, Inferred);
      for (Race &R : Inferred)
        Found.keep(std::move(R), Options.ReportCopies);
    }
    return std::move(Found.Races);
  }

  /// Every access to one member or static map, each with the root function
  /// whose own accesses it is one of.
  struct MapAccesses {
    ContainerPath Path;
    std::vector<ResolvedAccess> Accesses;
    std::vector<const FunctionDecl *> Roots;
  };

  template <typename OwnFn, typename SkipFn>
  void inferGuards(OwnFn &OwnOf, SkipFn &OrderedByLauncher, const ThreadRoles &Roles,
                   std::vector<Race> &Races) {
    // Group member and static map accesses by map.
    std::vector<MapAccesses> Groups;
    for (const FunctionDecl *F : Functions) {
      if (skipsAnalysis(F))
        continue;
      for (const ResolvedAccess &A : OwnOf(F)) {
        if (A.Locks.isUnknown())
          continue; // neither evidence for a guard nor a site that skips it
        auto It = llvm::find_if(Groups, [&](const MapAccesses &G) { return G.Path == A.Path; });
        if (It == Groups.end()) {
          Groups.push_back({A.Path, {}, {}});
          It = std::prev(Groups.end());
        }
        It->Accesses.push_back(A);
        It->Roots.push_back(F);
      }
    }
    auto CanGuard = [](const HeldLock &L) {
      return !L.Unknown && !OpenMPConstructs::isCritical(L.Mutex);
    };
    for (MapAccesses &G : Groups) {
      const ThreadEntry *Writer = singleWriterThread(G, Roles);
      auto Ordered = [&](const ResolvedAccess &A) {
        if (Writer && !isWrite(A) && Roles.ownerOf(G.Roots[&A - G.Accesses.data()]) == Writer)
          return true; // the writing thread's own read: program order
        // A read after a one-time initialisation of the map needs no guard.
        return OrderedByLauncher(A) || orderedAfterEveryWrite(A, G.Accesses);
      };
      std::vector<Race> Explained =
          findInferredGuardRaces(G.Accesses, annotatedGuard(G.Path), CanGuard, Ordered, Callers);
      std::move(Explained.begin(), Explained.end(), std::back_inserter(Races));
    }
  }

  /// The one thread every write of the map runs on, if there is one.
  static const ThreadEntry *singleWriterThread(const MapAccesses &G, const ThreadRoles &Roles) {
    const ThreadEntry *Writer = nullptr;
    for (unsigned I = 0; I < G.Accesses.size(); ++I) {
      if (!isWrite(G.Accesses[I]))
        continue;
      const ThreadEntry *Owner = Roles.ownerOf(G.Roots[I]);
      if (!Owner || (Writer && Owner != Writer))
        return nullptr;
      Writer = Owner;
    }
    return Writer;
  }

  bool orderedAfterEveryWrite(const ResolvedAccess &R, llvm::ArrayRef<ResolvedAccess> Accesses) {
    if (isWrite(R) || !OneTime.mayOrder(R.Access) || llvm::none_of(Accesses, isWrite))
      return false;
    return llvm::all_of(Accesses, [&](const ResolvedAccess &W) {
      return !isWrite(W) || OneTime.orders(W.Access, R.Access);
    });
  }

  /// GUARDED_BY(mu) on the member (or global) the path ends in.
  std::optional<HeldLock> annotatedGuard(const ContainerPath &Path) {
    const ValueDecl *D = Path.Fields.empty() ? Path.Root : Path.Fields.back();
    const auto *A = D ? D->getAttr<GuardedByAttr>() : nullptr;
    if (!A)
      return std::nullopt;
    std::optional<HeldLock> L = lockNamedBy(A->getArg(), Ctx);
    if (!L)
      return std::nullopt;
    if (!Path.Fields.empty() && L->Mutex.isThisRooted()) {
      // `mu_` in the attribute is this->mu_ of the object that owns the map.
      ContainerPath Owner = Path;
      Owner.Fields.pop_back();
      Owner.Fields.append(L->Mutex.Fields.begin(), L->Mutex.Fields.end());
      L->Mutex = Owner;
    }
    L->AcquiredAt = D->getLocation();
    return L;
  }
};

RaceFinder::RaceFinder(AnalysisSession &Session, const ContainerModel &Containers,
                       const LockModel &Locks, RaceFinderOptions Options)
    : P(std::make_unique<Impl>(Session, Containers, Locks, Options)) {}

RaceFinder::~RaceFinder() = default;

void RaceFinder::addEntry(ThreadEntry Entry, const Decl *Launcher) {
  if (!Launcher || !Launcher->getBody())
    return;
  P->Entries.push_back(std::make_unique<ThreadEntry>(std::move(Entry)));
  P->LauncherOf[P->Entries.back().get()] = Launcher;
}

std::vector<Race> RaceFinder::findRaces() { return P->run(); }

} // namespace mapsafety
