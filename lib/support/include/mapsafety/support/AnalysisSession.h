//===- AnalysisSession.h - what every rule shares about one translation unit ===//
//
// One AnalysisSession per translation unit, shared by every mapsafety rule
// that runs on it (and by the tools), owns what the analyses build per
// function and per TU:
//  - per function: the statement parents (one clang::ParentMap) and the CFG;
//  - the user function definitions in the order the matchers meet them, and
//    the innermost function around a statement;
//  - the models and analyses of lib/containers and lib/concurrency, as
//    parts keyed by their type and configuration (two rules configured alike
//    share one part; configured differently, each gets its own).
// Like LLVM's AnalysisManager, the session only builds on demand and never
// builds the same thing twice. It never prints.
//
// Lifetime: AnalysisSession::of(Ctx) hands every caller of one ASTContext the
// same session while any of them holds it; the rules drop theirs at the end
// of the translation unit, and the last one to do so frees it (with every
// cached answer about that AST, whose addresses the next AST may reuse).
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_SUPPORT_ANALYSISSESSION_H
#define MAPSAFETY_SUPPORT_ANALYSISSESSION_H

#include "mapsafety/support/FunctionCFG.h"
#include "mapsafety/support/StmtParents.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Decl;
class FunctionDecl;
} // namespace clang

namespace mapsafety {

class AnalysisSession {
public:
  explicit AnalysisSession(clang::ASTContext &Ctx);
  ~AnalysisSession();
  AnalysisSession(const AnalysisSession &) = delete;
  AnalysisSession &operator=(const AnalysisSession &) = delete;

  /// The session of the translation unit Ctx belongs to: the same object for
  /// every caller while any of them holds it. Thread-safe (clangd checks
  /// several files at once, each with its own ASTContext).
  static std::shared_ptr<AnalysisSession> of(clang::ASTContext &Ctx);

  clang::ASTContext &context() const { return Ctx; }

  /// The statement parents of Function (a FunctionDecl or a lambda's call
  /// operator): its body and, for a constructor, its member initializers.
  const FunctionParents &parents(const clang::Decl *Function);
  /// The CFG of Function's body, or null when it has no body; an invalid
  /// FunctionCFG when clang could not build one.
  const FunctionCFG *cfg(const clang::Decl *Function);

  /// Records a user function definition (the rules' matchers meet them before
  /// the statements of their bodies); recording one twice changes nothing.
  void addDefinition(const clang::FunctionDecl *F);
  /// Every recorded definition, in the order first recorded.
  llvm::ArrayRef<const clang::FunctionDecl *> definitions() const {
    return Definitions.getArrayRef();
  }
  /// The innermost recorded function or lambda around S, or null.
  const clang::Decl *enclosingFunction(const clang::Stmt *S) { return Enclosing.enclosing(S); }

  /// The part of type T built for Config, made by Build on first use. T is
  /// any class; Config names the options it was built from ("" if none).
  template <typename T>
  T &part(llvm::StringRef Config, llvm::function_ref<std::unique_ptr<T>()> Build) {
    std::unique_ptr<PartBase> &Slot = Parts[partKey(typeId<T>(), Config)];
    if (!Slot)
      Slot = std::make_unique<Part<T>>(Build());
    return *static_cast<Part<T> *>(Slot.get())->Value;
  }

  /// The part of type T built from other parts of the session (a model, the
  /// analyses it depends on): one per combination of them.
  template <typename T>
  T &partFor(std::initializer_list<const void *> From,
             llvm::function_ref<std::unique_ptr<T>()> Build) {
    return part<T>(pointerKey(From), Build);
  }

private:
  struct PartBase {
    virtual ~PartBase() = default;
  };
  template <typename T> struct Part : PartBase {
    explicit Part(std::unique_ptr<T> V) : Value(std::move(V)) {}
    std::unique_ptr<T> Value;
  };
  template <typename T> static const void *typeId() {
    static const char Id = 0;
    return &Id;
  }
  static std::string partKey(const void *Type, llvm::StringRef Config);
  static std::string pointerKey(std::initializer_list<const void *> Pointers);

  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::Decl *, std::unique_ptr<FunctionParents>> Parents;
  llvm::DenseMap<const clang::Decl *, std::unique_ptr<FunctionCFG>> CFGs;
  llvm::SetVector<const clang::FunctionDecl *> Definitions;
  EnclosingFunctionIndex Enclosing;
  llvm::StringMap<std::unique_ptr<PartBase>> Parts;
};

} // namespace mapsafety

#endif
