//===- ContainerIdentity.h - "is this the same container?" -----------------===//
//
// Resolves expressions to the object they denote, as a path from a root (a
// variable, a parameter, or `this`) through fields, so that two expressions can
// be compared: `auto &r = m; for (... : r) m.erase(k)` names one map twice.
// Every function here returns a result only when it can prove it; nullopt means
// "unknown", and callers treat unknown as "not the same container".
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONTAINERIDENTITY_H
#define MAPSAFETY_CONTAINERIDENTITY_H

#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class Expr;
class FieldDecl;
class ValueDecl;
class VarDecl;
} // namespace clang

namespace mapsafety {

class ContainerModel;

/// The key (or index) of an element step of a path: a variable that keeps
/// its value in its function, or a literal.
struct ElementKey {
  const clang::ValueDecl *Var = nullptr; ///< the variable, or null for a literal
  std::string Literal;                   ///< the literal's kind and value
  bool operator==(const ElementKey &Other) const {
    return Var == Other.Var && Literal == Other.Literal;
  }
  bool operator!=(const ElementKey &Other) const { return !(*this == Other); }
};

/// An object reached from a root through a chain of fields.
struct ContainerPath {
  /// The root variable or parameter; null when the root is `this`.
  const clang::ValueDecl *Root = nullptr;
  /// The root is a pointer (parameter or variable) and the path starts at its pointee.
  bool RootIsPointee = false;
  /// Fields, outermost first: `this->a.b` is {a, b} with a null Root. A null
  /// entry is an element step (with ResolveOptions::Elements):
  /// `m.at(k).items` is {null, items} rooted at m, with Keys = {k}; and,
  /// always, `std::get<I>(t)` of a std::tuple or std::pair is {null} rooted
  /// at t, with Keys = {"get:I"}.
  llvm::SmallVector<const clang::FieldDecl *, 2> Fields;
  /// The keys of the element steps, in order (one per null entry of Fields).
  llvm::SmallVector<ElementKey, 0> Keys;

  bool isThisRooted() const { return Root == nullptr; }
  /// True when this path is Other or an enclosing object of it (`obj` of `obj.m`).
  bool isPrefixOf(const ContainerPath &Other) const;
  bool operator==(const ContainerPath &Other) const;
  bool operator!=(const ContainerPath &Other) const { return !(*this == Other); }
};

/// How far resolution may go.
struct ResolveOptions {
  /// Also root a path at a local reference whose target cannot be named (a
  /// range-for's `auto &g`, `auto &g = pick()`), at a structured binding, and
  /// at `*it` / `it->` of a local iterator variable: within their scope they
  /// name one object, which is what a loop nested in another needs
  /// (`for (auto &[k, g] : m) for (auto x : g.items) g.items.erase(x)`). The
  /// iterator is assumed not to move while the inner loop runs.
  bool ElementRoots = false;
  /// Also read through calls: a function defined in the translation unit
  /// (user code) that returns a reference or pointer from a body with a
  /// single `return E;` denotes what E denotes in its frame, mapped into the
  /// caller's: `*this` or a member (`entries()`, `self().items_`), the
  /// object of a reference or pointer parameter, or an object of static
  /// storage (`registry()`); and `get()` of std::unique_ptr/shared_ptr.
  /// Anything else (a body not in the TU, several returns, a local, a
  /// return by value: a copy) stays unknown.
  bool Accessors = false;
  /// With a model: `C.at(k)` and `C[k]` of a container the model knows
  /// name its element keyed (or indexed) k, when k is a literal or a
  /// variable not modified in its function (through its name) that is
  /// not a reference to a mutable object. Two such elements are the same
  /// when their keys are the same literal or variable; other keys are
  /// unknown.
  const ContainerModel *Elements = nullptr;
};

/// What the loop rule resolves with: element roots, accessors and keyed
/// elements of the containers Model knows.
inline ResolveOptions loopRuleResolve(const ContainerModel &Model) {
  return {/*ElementRoots=*/true, /*Accessors=*/true, &Model};
}

/// Resolves an expression that denotes an object (a glvalue such as `m`,
/// `this->m_`, `obj.m`, `*p`, `r.get()`, `std::ref(m)`, `std::as_const(m)`,
/// `std::get<0>(t)`; a structured binding: what it is bound to, unless
/// ElementRoots roots it at itself).
/// Looks through reference variables, reference_wrapper variables and pointer
/// variables that are initialised once and never reassigned in their function.
std::optional<ContainerPath> resolveObject(const clang::Expr *E, clang::ASTContext &Ctx,
                                           ResolveOptions Opts = {});

/// Resolves an expression of pointer type to the object it points to
/// (`&m`, `this`, `p` initialised with `&m`, `std::addressof(m)`).
std::optional<ContainerPath> resolvePointee(const clang::Expr *E, clang::ASTContext &Ctx,
                                            ResolveOptions Opts = {});

/// E without what leaves the object it denotes the same: parentheses, implicit
/// casts, full-expression cleanups, materialized and bound temporaries, and
/// const_cast/static_cast to a reference, a pointer or a glvalue. Never steps
/// into a construction, so what remains is the object itself, not a copy.
const clang::Expr *ignoreCastsAndTemporaries(const clang::Expr *E);

/// E without what does not change the value it denotes: what
/// ignoreCastsAndTemporaries strips, and also functional casts and
/// single-argument constructions (iterator copies, iterator -> const_iterator,
/// key copies). The result may be another object with the same value.
const clang::Expr *ignoreCopies(const clang::Expr *E);

/// The declaration E names, looking through what ignoreCopies strips
/// (`k`, `(k)`, `Key(k)`): a variable, parameter or binding; else null.
const clang::ValueDecl *referencedDecl(const clang::Expr *E);

/// The object E moves from: `x` in `std::move(x)` or `static_cast<T &&>(x)`;
/// null when E names no object it moves from.
const clang::Expr *movedObject(const clang::Expr *E);

/// The initializer of V when V is a local variable that is never modified after
/// its declaration (so it still holds that value wherever it is read); else null.
const clang::Expr *initializerOfUnmodifiedLocal(const clang::VarDecl *V, clang::ASTContext &Ctx);

/// Replaces the prefix From of Path with To: maps a path seen by a caller into
/// the frame of a callee (argument -> parameter, object -> `this`).
/// Returns nullopt when From is not a prefix of Path.
std::optional<ContainerPath> rebase(const ContainerPath &Path, const ContainerPath &From,
                                    const ContainerPath &To);

} // namespace mapsafety

#endif
