//===- OptionValidation.cpp - report options a check does not know ----------===//
#include "OptionValidation.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::mapsafety {

void diagnoseUnknownOptions(ClangTidyContext *Context, StringRef CheckName,
                            ArrayRef<StringRef> Known) {
  std::string Prefix = (CheckName + ".").str();
  for (const auto &Option : Context->getOptions().CheckOptions) {
    StringRef Key = Option.getKey();
    if (Key.size() <= Prefix.size() || Key.substr(0, Prefix.size()) != Prefix)
      continue;
    StringRef Local = Key.substr(Prefix.size());
    if (llvm::is_contained(Known, Local))
      continue;
    std::string KnownList;
    for (StringRef K : Known)
      KnownList += (KnownList.empty() ? "" : ", ") + K.str();
    Context->configurationDiag("unknown option '%0' for check '%1'; known options: %2")
        << Key << CheckName << KnownList;
  }
}

} // namespace clang::tidy::mapsafety
