//===- RemoteIndexStub.cpp - clangd without the remote index ---------------===//
//
// libclangdMain.a calls remote::getClient for `--remote-index-address` and for
// a config's `Index: External: Server:`. The real one needs gRPC; clangd built
// without remote-index support defines it to say so and return null, and so do
// we: clangd then goes on with its local index.
//
//===----------------------------------------------------------------------===//
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>

namespace clang::clangd {
class SymbolIndex;
namespace remote {

std::unique_ptr<SymbolIndex> getClient(llvm::StringRef Address, llvm::StringRef /*IndexRoot*/) {
  // stderr is clangd's log.
  llvm::errs() << "mapsafety-clangd: ignoring remote index " << Address
               << ": this clangd is built without remote index support\n";
  return nullptr;
}

} // namespace remote
} // namespace clang::clangd
