//===- Declarations.cpp - how the models name and read declarations ----===//
#include "mapsafety/support/Declarations.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace mapsafety {

std::string qualifiedNameWithoutInlineNamespaces(const NamedDecl *D) {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Parts.push_back(D->getName());
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline())
        continue;
      Parts.push_back(NS->isAnonymousNamespace() ? "(anonymous)" : NS->getName());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      Parts.push_back(RD->getName());
    }
  }
  std::string Result;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It) {
    if (!Result.empty())
      Result += "::";
    Result += It->str();
  }
  return Result;
}

const FunctionDecl *userDefinition(const FunctionDecl *Callee, const SourceManager &SM) {
  const FunctionDecl *Def = nullptr;
  if (!Callee || !Callee->hasBody(Def) || !Def || SM.isInSystemHeader(Def->getLocation()))
    return nullptr;
  return Def;
}

std::string classOrTemplateName(const CXXRecordDecl *RD) {
  if (!RD)
    return "";
  const NamedDecl *Named = RD;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    Named = Spec->getSpecializedTemplate();
  return qualifiedNameWithoutInlineNamespaces(Named);
}

} // namespace mapsafety
