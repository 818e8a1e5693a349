//===- ProjectView.cpp - the facts of every file, merged --------------------===//
#include "mapsafety/concurrency/ProjectView.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include <map>
#include <mutex>

namespace mapsafety {

namespace {

/// `Opt.value_or(Default)` for llvm::Optional (LLVM 14) and std::optional alike.
template <typename Optional, typename T> T valueOr(const Optional &Opt, T Default) {
  return Opt ? T(*Opt) : Default;
}

bool holds(const std::vector<ProjectView::Held> &Locks, llvm::StringRef Key, bool Exclusive) {
  return llvm::any_of(Locks, [&](const ProjectView::Held &H) {
    return (H.Key == Key || H.Key == "*") && !(Exclusive && H.Shared);
  });
}

bool readLocks(const llvm::json::Value *V, std::vector<ProjectView::Held> &Out) {
  const llvm::json::Array *Locks = V ? V->getAsArray() : nullptr;
  if (!Locks)
    return false;
  for (const llvm::json::Value &L : *Locks) {
    const llvm::json::Object *O = L.getAsObject();
    auto Key = O ? O->getString("key") : decltype(O->getString("key"))();
    if (!Key)
      return false;
    Out.push_back({Key->str(), valueOr(O->getBoolean("shared"), false)});
  }
  return true;
}

FactLocation readLocation(const llvm::json::Object &O) {
  return {valueOr(O.getString("file"), llvm::StringRef()).str(),
          static_cast<unsigned>(valueOr(O.getInteger("line"), int64_t(0))),
          static_cast<unsigned>(valueOr(O.getInteger("column"), int64_t(0))),
          static_cast<unsigned>(valueOr(O.getInteger("offset"), int64_t(0)))};
}

} // namespace

llvm::Expected<std::unique_ptr<ProjectView>> ProjectView::parse(llvm::StringRef Text) {
  llvm::Expected<llvm::json::Value> Parsed = llvm::json::parse(Text);
  if (!Parsed)
    return Parsed.takeError();
  const llvm::json::Object *Root = Parsed->getAsObject();
  if (!Root || valueOr(Root->getString("format"), llvm::StringRef()) != "mapsafety-project-view")
    return llvm::createStringError(std::errc::invalid_argument,
                                   "not a mapsafety project view (make one with "
                                   "mapsafety-merge-facts)");
  if (valueOr(Root->getInteger("version"), int64_t(0)) != FormatVersion)
    return llvm::createStringError(std::errc::invalid_argument,
                                   "project view version %lld, this mapsafety reads version %d; "
                                   "merge the facts again",
                                   (long long)valueOr(Root->getInteger("version"), 0),
                                   FormatVersion);
  const llvm::json::Object *Functions = Root->getObject("functions");
  if (!Functions)
    return llvm::createStringError(std::errc::invalid_argument, "project view without functions");
  auto View = std::make_unique<ProjectView>();
  for (const auto &[USR, Value] : *Functions) {
    const llvm::json::Object *O = Value.getAsObject();
    if (!O)
      continue;
    Function F;
    readLocks(O->get("entry_locks"), F.EntryLocks);
    F.PrepublicationOnly = valueOr(O->getBoolean("prepublication_only"), false);
    F.MayPublishThis = valueOr(O->getBoolean("may_publish_this"), true);
    if (const llvm::json::Array *Params = O->getArray("params"))
      for (const llvm::json::Value &P : *Params)
        if (const llvm::json::Object *PO = P.getAsObject())
          F.Params.push_back(
              {valueOr(PO->getBoolean("escapes"), true), valueOr(PO->getBoolean("stored"), false)});
    if (const llvm::json::Array *Callers = O->getArray("callers"))
      for (const llvm::json::Value &C : *Callers)
        if (const llvm::json::Object *CO = C.getAsObject()) {
          CallSite Site;
          Site.Name = valueOr(CO->getString("name"), llvm::StringRef()).str();
          Site.At = readLocation(*CO);
          Site.LocksUnknown = !readLocks(CO->get("held"), Site.Locks);
          F.Callers.push_back(std::move(Site));
        }
    View->Functions[llvm::StringRef(USR)] = std::move(F);
  }
  View->parseMaps(*Root);
  return std::move(View);
}

void ProjectView::parseMaps(const llvm::json::Object &Root) {
  const llvm::json::Object *MapsJSON = Root.getObject("maps");
  if (!MapsJSON)
    return;
  for (const auto &[Key, Value] : *MapsJSON) {
    const llvm::json::Object *O = Value.getAsObject();
    if (!O)
      continue;
    Map M;
    M.Confined = valueOr(O->getBoolean("confined"), false);
    if (const llvm::json::Object *Why = O->getObject("why"))
      M.Why = Note{valueOr(Why->getString("message"), llvm::StringRef()).str(), readLocation(*Why)};
    Maps[llvm::StringRef(Key)] = std::move(M);
  }
}

llvm::Expected<std::shared_ptr<const ProjectView>> ProjectView::load(llvm::StringRef Path) {
  static std::mutex Lock;
  static std::map<std::string,
                  std::pair<llvm::sys::TimePoint<>, std::shared_ptr<const ProjectView>>>
      Loaded;
  llvm::sys::fs::file_status Status;
  if (std::error_code EC = llvm::sys::fs::status(Path, Status))
    return llvm::createStringError(EC, "cannot read the project view '%s': %s", Path.str().c_str(),
                                   EC.message().c_str());
  std::lock_guard<std::mutex> Guard(Lock);
  auto &Slot = Loaded[Path.str()];
  if (Slot.second && Slot.first == Status.getLastModificationTime())
    return Slot.second;
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(), "cannot read the project view '%s': %s",
                                   Path.str().c_str(), Buffer.getError().message().c_str());
  llvm::Expected<std::unique_ptr<ProjectView>> View = parse((*Buffer)->getBuffer());
  if (!View)
    return llvm::createStringError(std::errc::invalid_argument, "project view '%s': %s",
                                   Path.str().c_str(), llvm::toString(View.takeError()).c_str());
  Slot = {Status.getLastModificationTime(), std::shared_ptr<const ProjectView>(std::move(*View))};
  return Slot.second;
}

bool ProjectView::safeHandoff(const llvm::json::Value &Handoff) const {
  const llvm::json::Object *H = Handoff.getAsObject();
  if (!H)
    return false;
  auto Callee = Functions.find(valueOr(H->getString("callee"), llvm::StringRef()));
  int64_t Index = valueOr(H->getInteger("param"), int64_t(-1));
  if (Callee == Functions.end() || Index < 0 ||
      Index >= static_cast<int64_t>(Callee->second.Params.size()))
    return false;
  const Param &P = Callee->second.Params[Index];
  return !P.Escapes && (!P.Stored || valueOr(H->getBoolean("on_this"), false));
}

ProjectView::Verdict ProjectView::judge(const Premise &P) const {
  Verdict V;
  auto It = Functions.find(P.Root);
  if (It == Functions.end())
    return V;
  const Function &F = It->second;
  if (!P.Lock.empty() && holds(F.EntryLocks, P.Lock, P.NeedsExclusive)) {
    V.Cleared = true;
    return V;
  }
  if (P.OnThis && F.PrepublicationOnly && !P.ThisEscapedBefore &&
      llvm::none_of(P.ThisCallsBefore,
                    [&](const std::string &Callee) {
                      auto C = Functions.find(Callee);
                      return C == Functions.end() || C->second.MayPublishThis;
                    }) &&
      llvm::all_of(P.ThisHandoffsBefore,
                   [&](const llvm::json::Value &H) { return safeHandoff(H); })) {
    V.Cleared = true;
    return V;
  }
  auto MapIt = P.Map.empty() ? Maps.end() : Maps.find(P.Map);
  if (MapIt != Maps.end() && MapIt->second.Confined) {
    V.Cleared = true;
    return V;
  }
  if (MapIt != Maps.end())
    if (const std::optional<Note> &Why = MapIt->second.Why; Why.has_value())
      V.Notes.push_back(*Why);
  if (P.Lock.empty())
    return V;
  for (const CallSite &C : F.Callers)
    if (!C.LocksUnknown && !holds(C.Locks, P.Lock, P.NeedsExclusive)) {
      V.Notes.push_back({"'" + P.RootName + "' is called without '" + P.LockName + "' by '" +
                             C.Name + "' (project view)",
                         C.At});
      break;
    }
  return V;
}

} // namespace mapsafety
