//===- IteratingAlgorithm.cpp - algorithms that run a callable per element --===//
#include "mapsafety/containers/IteratingAlgorithm.h"
#include "mapsafety/support/Declarations.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace mapsafety {
namespace {

// Each calls its callables once per element and never stops early.
constexpr llvm::StringLiteral Functions[] = {
    "::std::for_each",    "::std::transform",    "::std::count_if",
    "::absl::c_for_each", "::absl::c_transform", "::absl::c_count_if",
};
constexpr llvm::StringLiteral Objects[] = {
    "::std::ranges::for_each",
    "::std::ranges::transform",
    "::std::ranges::count_if",
};

bool isListed(llvm::ArrayRef<llvm::StringLiteral> List, llvm::StringRef Name) {
  return llvm::any_of(List, [&](llvm::StringRef L) { return L.drop_front(2) == Name; });
}

/// Whether D's unqualified name is one of List's (cheap: every call in a
/// loop body is asked).
bool mayBeListed(llvm::ArrayRef<llvm::StringLiteral> List, const NamedDecl *D) {
  if (!D || !D->getIdentifier())
    return false;
  llvm::StringRef Name = D->getName();
  return llvm::any_of(List, [&](llvm::StringRef L) {
    return L.size() > Name.size() && L.take_back(Name.size()) == Name &&
           L[L.size() - Name.size() - 1] == ':';
  });
}

/// The canonical unqualified `value_type` of a container type, or null.
QualType elementType(QualType Container, ASTContext &Ctx) {
  const CXXRecordDecl *RD = Container.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return {};
  for (const NamedDecl *D : RD->getDefinition()->lookup(&Ctx.Idents.get("value_type")))
    if (const auto *TD = dyn_cast<TypeDecl>(D))
      return Ctx.getTypeDeclType(TD).getCanonicalType().getUnqualifiedType();
  return {};
}

/// The call operator a closure of type Closure runs on Element: the only one
/// of a plain lambda; for a generic lambda, the instantiation whose first
/// parameter takes Element (or the only instantiation when Element is unknown).
const FunctionDecl *callOperatorFor(const CXXRecordDecl *Closure, QualType Element) {
  const CXXMethodDecl *CallOp = Closure->getLambdaCallOperator();
  if (!CallOp)
    return nullptr;
  const FunctionTemplateDecl *Generic = CallOp->getDescribedFunctionTemplate();
  if (!Generic)
    return CallOp;
  llvm::SmallVector<const FunctionDecl *, 2> Specs(Generic->specializations());
  if (Element.isNull())
    return Specs.size() == 1 ? Specs.front() : nullptr;
  auto TakesElement = [&](const FunctionDecl *Spec) {
    if (Spec->getNumParams() < 1)
      return false;
    QualType Param = Spec->getParamDecl(0)->getType().getNonReferenceType();
    return Param.getCanonicalType().getUnqualifiedType() == Element;
  };
  for (const FunctionDecl *Spec : Specs)
    if (TakesElement(Spec))
      return Spec;
  return nullptr;
}
} // namespace

std::vector<llvm::StringRef> iteratingAlgorithmFunctions() {
  return {std::begin(Functions), std::end(Functions)};
}
std::vector<llvm::StringRef> iteratingAlgorithmObjects() {
  return {std::begin(Objects), std::end(Objects)};
}

std::vector<LoopIteration> findIteratingAlgorithm(const CallExpr *Call, const ContainerModel &Model,
                                                  ASTContext &Ctx) {
  std::vector<LoopIteration> Result;
  llvm::ArrayRef<const Expr *> Args(Call->getArgs(), Call->getNumArgs());
  std::string Name;
  bool RangeFormAllowed = false, IteratorFormAllowed = false;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    // std::ranges::for_each(...) calls the operator() of a function object.
    const auto *Object = Op->getOperator() == OO_Call && Op->getNumArgs() >= 1
                             ? dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts())
                             : nullptr;
    const auto *Var = Object ? dyn_cast<VarDecl>(Object->getDecl()) : nullptr;
    if (!mayBeListed(Objects, Var))
      return Result;
    Name = qualifiedNameWithoutInlineNamespaces(Var);
    if (!isListed(Objects, Name))
      return Result;
    Args = Args.drop_front();
    RangeFormAllowed = IteratorFormAllowed = true;
  } else {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!mayBeListed(Functions, Callee))
      return Result;
    Name = qualifiedNameWithoutInlineNamespaces(Callee);
    if (!isListed(Functions, Name))
      return Result;
    RangeFormAllowed = Name.compare(0, 6, "absl::") == 0;
    IteratorFormAllowed = !RangeFormAllowed;
  }
  if (Args.size() < 2)
    return Result;
  // The container: the first argument (range forms) or the object of the
  // second's end() (iterator forms: the algorithm runs up to that end).
  const Expr *Container = nullptr;
  size_t FirstCallable = 0;
  if (RangeFormAllowed && Model.classify(Args[0]->getType())) {
    Container = Args[0];
    FirstCallable = 1;
  } else if (IteratorFormAllowed && Args.size() >= 3) {
    Container = endCallObject(Args[1]);
    FirstCallable = 2;
  }
  if (!Container)
    return Result;
  QualType Element = elementType(Container->getType(), Ctx);
  // Every lambda argument after the range is run for each element: the
  // function, and the projections of the ranges forms.
  for (const Expr *Arg : Args.drop_front(FirstCallable)) {
    const CXXRecordDecl *Closure = Arg->getType().getNonReferenceType()->getAsCXXRecordDecl();
    if (!Closure || !Closure->isLambda())
      continue;
    const FunctionDecl *Def =
        userDefinition(callOperatorFor(Closure, Element), Ctx.getSourceManager());
    if (!Def || !Def->getBody())
      continue;
    LoopIteration It;
    It.Loop = Call;
    It.Callable = Def;
    It.Body = Def->getBody();
    It.LoopVar = Def->getNumParams() >= 1 ? Def->getParamDecl(0) : nullptr;
    It.AlgorithmName = Name;
    if (bindIteratedContainer(It, Container, Model, Ctx))
      Result.push_back(std::move(It));
  }
  return Result;
}

} // namespace mapsafety
