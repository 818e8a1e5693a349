//===- OptionList.h - the syntax of list-valued options --------------------===//
//
// Every list option (extra container, mutex and guard types, launch functions)
// is `;`-separated entries with blanks around them ignored, and reports its
// first malformed entry the same way; the parsers share this loop.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_SUPPORT_OPTIONLIST_H
#define MAPSAFETY_SUPPORT_OPTIONLIST_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include <string>
#include <vector>

namespace mapsafety {

/// Calls ParseEntry on each non-empty, trimmed entry of List. When ParseEntry
/// returns false, stops, sets Error to "invalid entry '<entry>': expected
/// <Expected>" and returns false.
inline bool parseOptionList(llvm::StringRef List, llvm::StringRef Expected,
                            llvm::function_ref<bool(llvm::StringRef Entry)> ParseEntry,
                            std::string &Error) {
  llvm::SmallVector<llvm::StringRef, 8> Entries;
  List.split(Entries, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef Entry : Entries) {
    Entry = Entry.trim();
    if (Entry.empty() || ParseEntry(Entry))
      continue;
    Error = ("invalid entry '" + Entry + "': expected " + Expected).str();
    return false;
  }
  return true;
}

/// True for a qualified C++ name as the options write one: identifiers
/// joined by `::`, with an optional leading `::` (`my::Handle`, `::QMutex`).
bool isQualifiedName(llvm::StringRef Name);

/// Parses a list of qualified names ("my::Handle;folly::Ptr"), a leading `::`
/// dropped. Returns false and sets Error on the first entry that is no name.
bool parseQualifiedNameList(llvm::StringRef List, std::vector<std::string> &Out,
                            std::string &Error);

} // namespace mapsafety

#endif
