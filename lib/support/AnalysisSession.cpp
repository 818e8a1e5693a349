//===- AnalysisSession.cpp - what every rule shares about one TU ------------===//
#include "mapsafety/support/AnalysisSession.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/Support/raw_ostream.h"
#include <mutex>

using namespace clang;

namespace mapsafety {

AnalysisSession::AnalysisSession(ASTContext &Ctx) : Ctx(Ctx), Enclosing(Ctx.getSourceManager()) {}

AnalysisSession::~AnalysisSession() = default;

std::shared_ptr<AnalysisSession> AnalysisSession::of(ASTContext &Ctx) {
  // Weak references: the sessions live exactly as long as some rule holds
  // them, so an ended translation unit leaves nothing behind.
  static std::mutex Lock;
  static llvm::DenseMap<const ASTContext *, std::weak_ptr<AnalysisSession>> Live;
  std::lock_guard<std::mutex> Guard(Lock);
  std::weak_ptr<AnalysisSession> &Slot = Live[&Ctx];
  std::shared_ptr<AnalysisSession> Session = Slot.lock();
  if (Session)
    return Session;
  Session = std::make_shared<AnalysisSession>(Ctx);
  Slot = Session;
  // Forget contexts whose sessions are gone (their address may be reused).
  for (auto It = Live.begin(); It != Live.end();) {
    auto Next = std::next(It);
    if (It->second.expired())
      Live.erase(It);
    It = Next;
  }
  return Session;
}

const FunctionParents &AnalysisSession::parents(const Decl *Function) {
  std::unique_ptr<FunctionParents> &Slot = Parents[Function];
  if (!Slot)
    Slot = std::make_unique<FunctionParents>(Function);
  return *Slot;
}

const FunctionCFG *AnalysisSession::cfg(const Decl *Function) {
  if (!Function || !Function->getBody())
    return nullptr;
  std::unique_ptr<FunctionCFG> &Slot = CFGs[Function];
  if (!Slot)
    Slot = std::make_unique<FunctionCFG>(Function, parents(Function), Ctx);
  return Slot.get();
}

void AnalysisSession::addDefinition(const FunctionDecl *F) {
  if (F && Definitions.insert(F))
    Enclosing.addFunction(F);
}

std::string AnalysisSession::partKey(const void *Type, llvm::StringRef Config) {
  std::string Key;
  llvm::raw_string_ostream(Key) << Type << '|' << Config;
  return Key;
}

std::string AnalysisSession::pointerKey(std::initializer_list<const void *> Pointers) {
  std::string Key;
  llvm::raw_string_ostream OS(Key);
  for (const void *P : Pointers)
    OS << '@' << P;
  return Key;
}

} // namespace mapsafety
