//===- OptionList.cpp - the syntax of list-valued options -------------------===//
#include "mapsafety/support/OptionList.h"

#include "clang/Basic/CharInfo.h"

namespace mapsafety {

bool isQualifiedName(llvm::StringRef Name) {
  Name.consume_front("::");
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Name.split(Parts, "::");
  for (llvm::StringRef Part : Parts) {
    if (Part.empty() || !clang::isAsciiIdentifierStart(Part.front()))
      return false;
    for (char C : Part.drop_front())
      if (!clang::isAsciiIdentifierContinue(C))
        return false;
  }
  return true;
}

bool parseQualifiedNameList(llvm::StringRef List, std::vector<std::string> &Out,
                            std::string &Error) {
  auto ParseEntry = [&](llvm::StringRef Entry) {
    if (!isQualifiedName(Entry))
      return false;
    Entry.consume_front("::");
    Out.push_back(Entry.str());
    return true;
  };
  return parseOptionList(List, "a qualified name such as 'my::Handle'", ParseEntry, Error);
}

} // namespace mapsafety
