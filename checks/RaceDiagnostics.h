//===- RaceDiagnostics.h - the notes every race finding carries -------------===//
//
// The two thread rules word their warnings differently but explain a race the
// same way: the calls that lead to the access, the thread launch, how the map
// is shared with the thread, the other access and the lock it held, and the
// map's declaration. Those notes live here so that they read alike.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_RACEDIAGNOSTICS_H
#define MAPSAFETY_RACEDIAGNOSTICS_H

#include "clang-tidy/ClangTidyCheck.h"
#include "mapsafety/concurrency/RaceFinder.h"
#include <string>

namespace clang::tidy::mapsafety {

/// "read", "iteration", "write" or "copy".
StringRef accessNoun(::mapsafety::AccessKind K);

/// The map as written at an access; a pointer `p->find()` is shown as `*p`,
/// a smart pointer `sp->find()` as `*sp`, a copy or move of an enclosing
/// object with the member path to the map (`cfg_.routes`).
std::string mapName(const ::mapsafety::MapAccess &A, ASTContext &Ctx);

/// Where the map is declared: the variable, or the member its path ends in.
const NamedDecl *declarationOf(const ::mapsafety::ContainerPath &Path);

/// What the warnings call the container: "map" for the associative families
/// (sets included, as before sequences were covered), "string", "vector",
/// "deque" or "list" for the sequences. From the access's object, else the
/// declaration its path ends in; "map" when neither is a known container.
StringRef containerNoun(const ::mapsafety::MapAccess &A, const ::mapsafety::ContainerModel &Model);
StringRef containerNoun(const ::mapsafety::ContainerPath &Path,
                        const ::mapsafety::ContainerModel &Model);

/// Emits the notes that follow a race warning, in the documented order.
void emitRaceNotes(ClangTidyCheck &Check, const ::mapsafety::Race &R, ASTContext &Ctx);

} // namespace clang::tidy::mapsafety

#endif
