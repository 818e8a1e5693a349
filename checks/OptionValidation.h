//===- OptionValidation.h - read and check the options checks share --------===//
//
// The options several checks take (extra container, mutex and guard types,
// thread-launch functions), parsed into the lib/ models in one place, so that
// every check reads them alike and reports a malformed value with the same
// `clang-tidy-config` warning: "<check>: option <Option>: <what is wrong>".
// A malformed value is ignored as a whole: the check runs with its defaults.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_OPTIONVALIDATION_H
#define MAPSAFETY_OPTIONVALIDATION_H

#include "mapsafety/ContainerModel.h"
#include "mapsafety/LockModel.h"
#include "mapsafety/ThreadEntryFinder.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::mapsafety {

/// Emits a configuration warning for every `CheckName.X` option in the active
/// configuration whose X is not in Known (a misspelt option is otherwise
/// ignored without a word, and the check silently runs with its default).
void diagnoseUnknownOptions(ClangTidyContext *Context, StringRef CheckName,
                            ArrayRef<StringRef> Known);

/// The non-empty, trimmed entries of a `;`-separated option value.
std::vector<std::string> splitList(StringRef List);

/// The container model with the ExtraContainerTypes option's entries added.
::mapsafety::ContainerModel containerModelFromOption(ClangTidyContext *Context,
                                                     StringRef CheckName,
                                                     StringRef ExtraContainerTypes);

/// The lock model with the ExtraMutexTypes and ExtraGuardTypes options' entries
/// added.
std::unique_ptr<::mapsafety::LockModel> lockModelFromOptions(ClangTidyContext *Context,
                                                             StringRef CheckName,
                                                             StringRef ExtraMutexTypes,
                                                             StringRef ExtraGuardTypes);

/// The launch recogniser with the ThreadLaunchFunctions option's entries added.
std::unique_ptr<::mapsafety::ThreadEntryFinder>
threadEntriesFromOption(ClangTidyContext *Context, StringRef CheckName,
                        StringRef ThreadLaunchFunctions);

} // namespace clang::tidy::mapsafety

#endif
