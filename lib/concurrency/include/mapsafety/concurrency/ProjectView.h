//===- ProjectView.h - the facts of every file, merged ----------------------===//
//
// The project view is what `mapsafety-merge-facts` builds from the facts files
// of every translation unit (ProjectFacts.h; format in docs/design.md): per
// function (by USR), the locks held on every path into it from any file, and
// whether it only ever runs before its object is published. A rule that has
// a view judges each premise against it:
//  - cleared: every call into the root function, from any file, holds the
//    guard (exclusively, for a write), directly or through its own callers;
//    or the access is on `this`'s member, the root runs only before its object
//    is published (every call reaches it on a fresh object, or on `this` of
//    a caller that itself runs before publication, before any escape), and
//    nothing in the root published `this` before the access;
//    or every access to the map in the project runs on one serial executor
//    (one worker thread), through the callables handed to it from any file
//    (the map is confined to that thread);
//  - kept, with a note naming a caller in any file that does not hold the
//    guard, and, when some access to the map does run on an executor, one
//    that keeps the map from being confined to it.
// What the view does not know (a function no facts file defines, a call
// whose lock set was unknown) never clears a premise it could not prove.
// The gate's re-judge (tools/mapsafety_gate/projectview.py) applies the same
// judgement to the premises in the facts files; a test compares the two.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONCURRENCY_PROJECTVIEW_H
#define MAPSAFETY_CONCURRENCY_PROJECTVIEW_H

#include "mapsafety/concurrency/ProjectFacts.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mapsafety {

class ProjectView {
public:
  static constexpr int FormatVersion = 2;

  /// The view in Path, read once per change of the file (the editor keeps
  /// running while the gate rewrites it); thread-safe.
  static llvm::Expected<std::shared_ptr<const ProjectView>> load(llvm::StringRef Path);

  /// A note a kept finding carries: why the view did not clear it.
  struct Note {
    std::string Message;
    FactLocation At;
  };
  struct Verdict {
    bool Cleared = false;
    std::vector<Note> Notes;
  };
  Verdict judge(const Premise &P) const;

  struct Held {
    std::string Key;
    bool Shared = false;
  };
  struct CallSite {
    std::string Name; ///< the caller's
    FactLocation At;
    bool LocksUnknown = false;
    std::vector<Held> Locks; ///< held at the call, with the caller's own entry locks
  };
  /// What a function does with a parameter that points to an object.
  struct Param {
    bool Escapes = true;
    bool Stored = false;
  };
  struct Function {
    std::vector<Param> Params;
    std::vector<Held> EntryLocks;
    bool PrepublicationOnly = false;
    bool MayPublishThis = true;
    std::vector<CallSite> Callers;
  };

  /// A map: whether one serial executor runs every access to it, and if
  /// not (and some access does run on an executor), why not.
  struct Map {
    bool Confined = false;
    std::optional<Note> Why;
  };

private:
  static llvm::Expected<std::unique_ptr<ProjectView>> parse(llvm::StringRef Text);
  void parseMaps(const llvm::json::Object &Root);
  bool safeHandoff(const llvm::json::Value &Handoff) const;
  llvm::StringMap<Function> Functions;
  llvm::StringMap<Map> Maps;
};

} // namespace mapsafety

#endif
