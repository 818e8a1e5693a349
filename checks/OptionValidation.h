//===- OptionValidation.h - report options a check does not know ------------===//
#ifndef MAPSAFETY_OPTIONVALIDATION_H
#define MAPSAFETY_OPTIONVALIDATION_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::mapsafety {

/// Emits a configuration warning for every `CheckName.X` option in the active
/// configuration whose X is not in Known (a misspelt option is otherwise
/// ignored without a word, and the check silently runs with its default).
void diagnoseUnknownOptions(ClangTidyContext *Context, StringRef CheckName,
                            ArrayRef<StringRef> Known);

} // namespace clang::tidy::mapsafety

#endif
