//===- SharedAccess.h - map accesses and the frames they run in -------------===//
//
// Collects the accesses to the containers of a ContainerModel (maps, sets and,
// in a model built WithSequences, sequences) in a function body (reads,
// iteration, structural writes; writing a sequence's element through
// operator[] or at() reads its structure) and the calls that can be followed
// into functions defined in the translation unit. A Frame says what a body's names
// mean in the frame that started the work (the launching function, or the
// object for member code): lambda captures by reference keep their variable,
// parameters map to the arguments of the call, `this` maps to the call's object.
// translate() answers "which object of the root frame is this?", and nullopt
// when the object is confined to the frame (a local, a by-value capture or
// parameter, a thread_local) or cannot be identified.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_SHAREDACCESS_H
#define MAPSAFETY_CONCURRENCY_SHAREDACCESS_H

#include "mapsafety/containers/ContainerIdentity.h"
#include "mapsafety/containers/ContainerModel.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang {
class ASTContext;
class Decl;
class Expr;
class FunctionDecl;
class LambdaExpr;
class ParmVarDecl;
class Stmt;
} // namespace clang

namespace mapsafety {

class AnalysisSession;

/// Copy: the whole container is read to make a copy of it (copy construction
/// or assignment, a by-value parameter or capture, a thread's copy of its
/// argument, or a copy of an object that contains the container).
enum class AccessKind { Read, Iterate, Write, Copy };

/// One access to a container, in the frame of the body that contains it.
struct MapAccess {
  const clang::Stmt *Site = nullptr;   ///< the call, loop or copy (diagnosed here)
  const clang::Expr *Object = nullptr; ///< the expression naming the container
  ContainerPath Path;
  AccessKind Kind = AccessKind::Read;
  MutationKind Mutation = MutationKind::None;
  const clang::Decl *Function = nullptr; ///< FunctionDecl or lambda call operator
};

/// A call from a body into a function whose definition is in the TU.
struct FollowableCall {
  const clang::Expr *Call = nullptr;
  const clang::FunctionDecl *Callee = nullptr; ///< the definition
  const clang::Expr *Object = nullptr;         ///< implicit object for methods
  llvm::SmallVector<const clang::Expr *, 4> Args;
  /// The lambda whose call operator Callee is (a lambda given to
  /// std::call_once, which runs it here); its captures decide sharing.
  const clang::LambdaExpr *Lambda = nullptr;
};

/// What a body does to containers, directly (not inside nested lambdas).
struct BodySummary {
  std::vector<MapAccess> Accesses;
  std::vector<FollowableCall> Calls;
};

/// Summarises Body, which belongs to Function (a FunctionDecl or lambda call
/// operator); OpenMP regions inside it are left out (they are entries of their own).
BodySummary summarizeBody(const clang::Decl *Function, const clang::Stmt *Body,
                          const ContainerModel &Model, clang::ASTContext &Ctx);

/// A function the thread rules analyse on its own (a root of the call graph
/// they see): a definition with a body, not a template pattern, not a lambda's
/// call operator (a lambda body runs where it is called or launched).
bool isRootFunction(const clang::FunctionDecl *F);

/// The BodySummary of every function of a translation unit, for one container
/// model, built on first use (an AnalysisSession part).
class FunctionSummaries {
public:
  FunctionSummaries(const ContainerModel &Model, clang::ASTContext &Ctx) : Model(Model), Ctx(Ctx) {}
  /// The summary of F's whole body.
  const BodySummary &of(const clang::Decl *F);
  const ContainerModel &model() const { return Model; }

  /// The session's FunctionSummaries for Model.
  static FunctionSummaries &in(AnalysisSession &Session, const ContainerModel &Model);

private:
  const ContainerModel &Model;
  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::Decl *, std::unique_ptr<BodySummary>> Summaries;
};

/// A pointer or reference member of an object a callable runs on or is
/// given (the functor, a struct of pointers passed by value, a member of a
/// struct member of it, a reference element of a std::tuple), and the object
/// of the launching frame it points or refers to. A copy of the object still
/// reaches that object: `std::thread t(Flusher{&m})` writes `m` through
/// `Flusher::m`, and `std::thread t(work, std::make_tuple(std::ref(m)))`
/// through `std::get<0>`.
struct MemberTarget {
  /// The parameter holding the object (null: `this`).
  const clang::ParmVarDecl *Param = nullptr;
  /// The steps from the object to the member (Root unused): fields, and
  /// tuple elements as element steps keyed "get:I" (resolveObject).
  ContainerPath Via;
  ContainerPath Target;
  /// Where the member got its value (the `&m` or `m` passed), for notes.
  const clang::Expr *At = nullptr;
  /// The member is a reference (else a pointer).
  bool IsReference = false;
};
using MemberTargetMap = std::vector<MemberTarget>;

/// What names in one body mean in the root frame.
struct Frame {
  const clang::Decl *Function = nullptr;
  /// The frame that called (or launched) this one; null for the root.
  const Frame *Parent = nullptr;
  /// The call (or launch) in Parent that entered this frame.
  const clang::Expr *EnteredBy = nullptr;
  /// `this` in this frame, as a path in Parent's frame (nullopt: not shared).
  std::optional<ContainerPath> This;
  bool ThisIsParentThis = false;
  /// Parameters bound to expressions of Parent's frame.
  llvm::DenseMap<const clang::ParmVarDecl *, const clang::Expr *> Args;
  /// The lambda whose call operator this is (captures decide sharing).
  const clang::LambdaExpr *Lambda = nullptr;
  /// This frame runs on a thread of its own: the root frame for translation
  /// is the one that launched it, but nothing above the launch is "held".
  bool IsThreadEntry = false;
  /// Arguments reach the callable as copies unless passed by pointer or
  /// std::ref (std::thread, std::async and executors decay-copy them).
  bool ArgsAreCopies = false;
  /// Pointer and reference members of `this` and of the parameters, bound
  /// to their targets in Parent's frame (thread entries only; may be null).
  const MemberTargetMap *MemberTargets = nullptr;
  unsigned depth() const { return Parent ? Parent->depth() + 1 : 0; }
};

/// Path's object in the root frame, or nullopt when it is confined to F or
/// unknown. Globals and statics translate to themselves; thread_locals do not.
std::optional<ContainerPath> translate(const ContainerPath &Path, const Frame &F,
                                       clang::ASTContext &Ctx);

/// Where a callee's access through reference or pointer parameters happens in
/// the terms of the code that named the map (see passedBy).
struct PassedMap {
  /// Calls climbed: 0 when the access does not go through a parameter bound
  /// by a followable call (a thread entry's parameters are bound by its launch).
  unsigned Levels = 0;
  const Frame *Caller = nullptr;         ///< the frame that names the map
  const clang::Expr *Call = nullptr;     ///< its call that passes the map on
  const clang::Expr *Argument = nullptr; ///< the argument naming the map, or pointing to it
  ContainerPath Path;                    ///< the map in Caller's frame
  /// The parameter the access itself names (the innermost one).
  const clang::ParmVarDecl *Parameter = nullptr;
};

/// What a callee does to a map through a reference or pointer parameter (or a
/// smart pointer's pointee) happens at the call that passes it: walks up from
/// F while Path is rooted at such a parameter of a frame entered by a
/// followable call, to the outermost call whose argument names the map
/// otherwise. Levels is 0 when Path is not reached through a parameter.
PassedMap passedBy(const ContainerPath &Path, const Frame &F, clang::ASTContext &Ctx);

/// The frame entered by a followable call made from Caller.
std::unique_ptr<Frame> frameForCall(const FollowableCall &Call, const Frame &Caller,
                                    clang::ASTContext &Ctx);

/// True when the path names an object that lives for the whole program
/// (a global, a static member or a function-local static), not thread_local.
bool isStaticStorage(const ContainerPath &Path);

} // namespace mapsafety

#endif
