//===- OptionValidation.h - read and check the options checks share --------===//
//
// The options several checks take (extra container, mutex and guard types,
// thread-launch functions, shallow mapped types), parsed once per check with
// lib/'s parsers, so that every check reads them alike and reports a malformed
// value with the same `clang-tidy-config` warning: "<check>: option <Option>:
// <what is wrong>". A malformed value is ignored as a whole: the check runs
// with its defaults. The models built from them belong to the translation
// unit's AnalysisSession (their caches hold pointers into one AST).
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_OPTIONVALIDATION_H
#define MAPSAFETY_OPTIONVALIDATION_H

#include "clang-tidy/ClangTidyCheck.h"
#include "mapsafety/concurrency/LockModel.h"
#include "mapsafety/concurrency/ThreadEntryFinder.h"
#include "mapsafety/containers/ContainerModel.h"
#include <memory>
#include <string>
#include <vector>

namespace mapsafety {
class AnalysisSession;
} // namespace mapsafety

namespace clang::tidy::mapsafety {

/// Emits a configuration warning for every `CheckName.X` option in the active
/// configuration whose X is not in Known (a misspelt option is otherwise
/// ignored without a word, and the check silently runs with its default).
void diagnoseUnknownOptions(ClangTidyContext *Context, StringRef CheckName,
                            ArrayRef<StringRef> Known);

/// Parses Value with Parse (one of lib/'s parse*List functions); on an error,
/// reports it as Option's and returns no entries.
template <typename Spec>
std::vector<Spec> parseListOption(ClangTidyContext *Context, StringRef CheckName, StringRef Option,
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

/// ExtraContainerTypes, validated; the model is built per translation unit.
/// Scope says which families the check's model recognises (and which family
/// names the option accepts); the loop rule and the thread rules use WithSequences.
class ContainerTypesOption {
public:
  ContainerTypesOption(
      ClangTidyContext *Context, StringRef CheckName, StringRef Value,
      ::mapsafety::ContainerScope Scope = ::mapsafety::ContainerScope::Associative);
  /// The session's container model for this option value.
  const ::mapsafety::ContainerModel &model(::mapsafety::AnalysisSession &Session) const;
  const std::string &value() const { return Value; }

private:
  std::string Value;
  ::mapsafety::ContainerScope Scope;
  std::vector<::mapsafety::ContainerTypeSpec> Specs;
};

/// ExtraMutexTypes and ExtraGuardTypes, validated; the model is built per
/// translation unit.
class LockTypesOptions {
public:
  LockTypesOptions(ClangTidyContext *Context, StringRef CheckName, StringRef MutexTypes,
                   StringRef GuardTypes);
  /// The session's lock model for these option values.
  const ::mapsafety::LockModel &model(::mapsafety::AnalysisSession &Session) const;
  const std::string &mutexTypes() const { return MutexTypes; }
  const std::string &guardTypes() const { return GuardTypes; }

private:
  std::string MutexTypes, GuardTypes;
  std::vector<::mapsafety::MutexTypeSpec> MutexSpecs;
  std::vector<::mapsafety::GuardTypeSpec> GuardSpecs;
};

/// The launch recogniser with the ThreadLaunchFunctions option's entries added.
std::unique_ptr<::mapsafety::ThreadEntryFinder>
threadEntriesFromOption(ClangTidyContext *Context, StringRef CheckName,
                        StringRef ThreadLaunchFunctions);

} // namespace clang::tidy::mapsafety

#endif
