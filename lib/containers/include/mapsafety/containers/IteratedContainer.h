//===- IteratedContainer.h - which container does a loop iterate? ----------===//
//
// Recognises the loops whose iterator lives across iterations: range-for over a
// container, and iterator loops whose condition compares an iterator variable
// with the container's end (`for (auto it = m.begin(); it != m.end(); ...)`,
// `while (it != m.end())`, `for (auto it = m.begin(), e = m.end(); it != e; ...)`).
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_ITERATEDCONTAINER_H
#define MAPSAFETY_ITERATEDCONTAINER_H

#include "mapsafety/containers/ContainerIdentity.h"
#include "mapsafety/containers/ContainerModel.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace clang {
class ASTContext;
class CXXRecordDecl;
class Decl;
class Expr;
class FunctionDecl;
class Stmt;
class ValueDecl;
class VarDecl;
} // namespace clang

namespace mapsafety {

/// Maps an expression of the body being looked at to the expression of the
/// loop's body it stands for (a helper's parameter to the call's argument);
/// returns its argument when there is nothing to map.
using FrameBinding = llvm::function_ref<const clang::Expr *(const clang::Expr *)>;

class FunctionParents;

/// A loop that keeps an iterator into a container from one iteration to the next.
struct LoopIteration {
  const clang::Stmt *Loop = nullptr;
  /// The function or lambda call operator whose body holds the loop; set by
  /// the caller, which knows it (mutations are judged on that body's CFG).
  const clang::Decl *Function = nullptr;
  /// The loop body; mutations are looked for here.
  const clang::Stmt *Body = nullptr;
  /// The expression that names the container (range-for's range, or the object of end()).
  const clang::Expr *ContainerExpr = nullptr;
  ContainerPath Container;
  ContainerTraits Traits;
  /// The variable that holds the position: the hidden `__begin` of a range-for or
  /// the iterator variable of an iterator loop.
  const clang::VarDecl *IteratorVar = nullptr;
  /// Range-for: the loop variable (a VarDecl or a DecompositionDecl);
  /// algorithm: the callable's first parameter (the element).
  const clang::VarDecl *LoopVar = nullptr;
  bool IsRangeFor = false;
  /// Algorithm only (IteratingAlgorithm.h): the call operator the algorithm
  /// runs for each element (its definition; Body is its body), and the
  /// algorithm as users write it (`std::for_each`). Loop is the call.
  const clang::FunctionDecl *Callable = nullptr;
  std::string AlgorithmName;
  /// ContainerExpr is a pointer to the container (`p->end()`).
  bool ContainerIsPointer = false;
  /// The container has no mapped_type (a set): its element is its key.
  bool IsSetLike = false;

  /// The loop's iterator is hidden and the element is LoopVar: a range-for,
  /// or an algorithm running a callable for each element.
  bool hidesIterator() const { return IsRangeFor || Callable; }
  bool isAlgorithm() const { return Callable != nullptr; }

  /// True when E is the iterator variable of an iterator loop (or a copy of it).
  bool namesIterator(const clang::Expr *E) const;
  /// True when E is the iterator variable, or `++it` / `--it` (which yield the
  /// variable itself): a call given E acts on the element `it` is on then.
  bool namesIteratorPosition(const clang::Expr *E) const;

  /// True when E denotes the key of the element the loop is on: `kv.first`, the
  /// first structured binding, the element of a set, `it->first`, `(*it).first`, `*it`.
  /// Looks through local variables initialised with such a key and never modified.
  /// InLoopFrame, when given, maps a name of the body E belongs to (a helper's
  /// parameter) to the expression of the loop's body it is bound to, so that
  /// `e.first` in a helper called with the element counts as the key too.
  bool isKeyOfCurrentElement(const clang::Expr *E, clang::ASTContext &Ctx,
                             FrameBinding InLoopFrame = nullptr) const;
};

/// If E is `C.end()`, `C.cend()`, `std::end(C)` (or the reverse ones), returns C.
const clang::Expr *endCallObject(const clang::Expr *E);

/// True when T is (up to qualifiers) one of the member types Names of RD or of
/// its bases: `isMemberTypeOf(T, Map, {"key_type"}, Ctx)`.
bool isMemberTypeOf(clang::QualType T, const clang::CXXRecordDecl *RD,
                    llvm::ArrayRef<llvm::StringRef> Names, clang::ASTContext &Ctx,
                    unsigned Depth = 0);

/// If E is `C.begin()`, `C.cbegin()`, `std::begin(C)` (or the reverse ones), returns C.
const clang::Expr *beginCallObject(const clang::Expr *E);

/// Completes Result (whose loop, body and iterator are set) with the container
/// ContainerExpr names: its traits, path, set-likeness. False when the model
/// does not know the type or the path cannot be resolved.
bool bindIteratedContainer(LoopIteration &Result, const clang::Expr *ContainerExpr,
                           const ContainerModel &Model, clang::ASTContext &Ctx);

/// Returns the iteration performed by Loop (CXXForRangeStmt, ForStmt or
/// WhileStmt) when it iterates a container the model knows; nullopt otherwise.
/// Parents (of the loop's function) lets an iterator loop bounded by something
/// other than the end be recognised from the statement before it; without
/// them only its init statement is read.
std::optional<LoopIteration> findIteratedContainer(const clang::Stmt *Loop,
                                                   const ContainerModel &Model,
                                                   clang::ASTContext &Ctx,
                                                   const FunctionParents *Parents = nullptr);

} // namespace mapsafety

#endif
