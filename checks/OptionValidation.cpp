//===- OptionValidation.cpp - read and check the options checks share ------===//
#include "OptionValidation.h"
#include "mapsafety/support/AnalysisSession.h"
#include "llvm/ADT/STLExtras.h"

using namespace ::mapsafety;

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

ContainerTypesOption::ContainerTypesOption(ClangTidyContext *Context, StringRef CheckName,
                                           StringRef Value, ContainerScope Scope)
    : Value(Value.str()), Scope(Scope),
      Specs(parseListOption(Context, CheckName, "ExtraContainerTypes", Value,
                            Scope == ContainerScope::WithSequences
                                ? parseContainerTypeListWithSequences
                                : parseContainerTypeList)) {}

const ContainerModel &ContainerTypesOption::model(AnalysisSession &Session) const {
  // The scope is part of the key: a model that knows sequences and one that
  // does not are different parts even for the same option text. A separator
  // no option value contains keeps the two apart.
  std::string Key = Scope == ContainerScope::WithSequences ? "sequences\n" + Value : Value;
  return Session.part<ContainerModel>(
      Key, [&] { return std::make_unique<ContainerModel>(Specs, Scope); });
}

LockTypesOptions::LockTypesOptions(ClangTidyContext *Context, StringRef CheckName,
                                   StringRef MutexTypes, StringRef GuardTypes)
    : MutexTypes(MutexTypes.str()), GuardTypes(GuardTypes.str()),
      MutexSpecs(
          parseListOption(Context, CheckName, "ExtraMutexTypes", MutexTypes, parseMutexTypeList)),
      GuardSpecs(
          parseListOption(Context, CheckName, "ExtraGuardTypes", GuardTypes, parseGuardTypeList)) {}

const LockModel &LockTypesOptions::model(AnalysisSession &Session) const {
  // A separator no option value contains keeps the two values apart.
  return Session.part<LockModel>(MutexTypes + "\n" + GuardTypes, [&] {
    return std::make_unique<LockModel>(MutexSpecs, GuardSpecs);
  });
}

std::unique_ptr<ThreadEntryFinder> threadEntriesFromOption(ClangTidyContext *Context,
                                                           StringRef CheckName,
                                                           StringRef ThreadLaunchFunctions) {
  return std::make_unique<ThreadEntryFinder>(parseListOption(
      Context, CheckName, "ThreadLaunchFunctions", ThreadLaunchFunctions, parseLaunchFunctionList));
}

} // namespace clang::tidy::mapsafety
