//===- OptionValidation.cpp - read and check the options checks share ------===//
#include "OptionValidation.h"
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

std::vector<std::string> splitList(StringRef List) {
  SmallVector<StringRef, 8> Parts;
  List.split(Parts, ';', -1, false);
  std::vector<std::string> Out;
  for (StringRef P : Parts)
    if (!P.trim().empty())
      Out.push_back(P.trim().str());
  return Out;
}

namespace {
/// Parses Value with Parse (one of lib/'s parse*List functions); on an error,
/// reports it and returns no entries.
template <typename Spec>
std::vector<Spec> parseOption(ClangTidyContext *Context, StringRef CheckName, StringRef Option,
                              StringRef Value,
                              bool (*Parse)(StringRef, std::vector<Spec> &, std::string &)) {
  std::vector<Spec> Specs;
  std::string Error;
  if (!Parse(Value, Specs, Error)) {
    Context->configurationDiag("%0: option %1: %2") << CheckName << Option << Error;
    Specs.clear();
  }
  return Specs;
}
} // namespace

ContainerModel containerModelFromOption(ClangTidyContext *Context, StringRef CheckName,
                                        StringRef ExtraContainerTypes) {
  return ContainerModel(parseOption(Context, CheckName, "ExtraContainerTypes",
                                    ExtraContainerTypes, parseContainerTypeList));
}

std::unique_ptr<LockModel> lockModelFromOptions(ClangTidyContext *Context, StringRef CheckName,
                                                StringRef ExtraMutexTypes,
                                                StringRef ExtraGuardTypes) {
  return std::make_unique<LockModel>(
      parseOption(Context, CheckName, "ExtraMutexTypes", ExtraMutexTypes, parseMutexTypeList),
      splitList(ExtraGuardTypes));
}

std::unique_ptr<ThreadEntryFinder> threadEntriesFromOption(ClangTidyContext *Context,
                                                           StringRef CheckName,
                                                           StringRef ThreadLaunchFunctions) {
  return std::make_unique<ThreadEntryFinder>(parseOption(
      Context, CheckName, "ThreadLaunchFunctions", ThreadLaunchFunctions, parseLaunchFunctionList));
}

} // namespace clang::tidy::mapsafety
