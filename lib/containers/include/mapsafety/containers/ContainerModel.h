//===- ContainerModel.h - which types are containers, of which family -----===//
//
// Knows the associative container families (std, absl, boost, folly, tsl, Qt,
// LLVM and user-declared types) and, for a model built WithSequences, the
// sequence families (vector, deque, list, ...), recognises them through
// typedefs, alias templates and inheritance, and says which member calls
// change a container's structure and which iterators that invalidates. It
// never reports anything.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFETY_CONTAINERMODEL_H
#define MAPSAFETY_CONTAINERMODEL_H

#include "mapsafety/support/Declarations.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class CXXMethodDecl;
class CXXRecordDecl;
class FunctionDecl;
} // namespace clang

namespace mapsafety {

/// How a container stores its elements; this decides what a mutation invalidates.
enum class ContainerFamily {
  NodeOrdered,    ///< red-black tree of nodes: std::map, std::set, QMap.
  NodeHash,       ///< buckets of nodes: std::unordered_map; insertion may rehash.
  OpenAddressing, ///< elements in one array: absl::flat_hash_map, F14, DenseMap.
  FlatSorted,     ///< sorted vector: std::flat_map, boost::container::flat_map.
  BTree,          ///< B-tree with several elements per node: absl::btree_map.
  // Sequence families: only a model built with ContainerScope::WithSequences
  // recognises them (the loop rule and both thread rules).
  Contiguous,    ///< one array that grows by reallocation: std::vector, std::string, SmallVector.
  Deque,         ///< blocks of elements: growth at either end keeps references, not iterators.
  NodeList,      ///< linked nodes: std::list, std::forward_list; only erased nodes go.
  StableVector,  ///< boost::container::stable_vector: insertion keeps every iterator.
  FixedCapacity, ///< boost::container::static_vector: never reallocates, insertion shifts.
};

/// True for the sequence families (Contiguous and after).
bool isSequenceFamily(ContainerFamily F);

/// Which families a model recognises.
enum class ContainerScope {
  Associative,   ///< maps and sets only (the default).
  WithSequences, ///< maps, sets and sequences (loop rule; thread rules if asked).
};

/// Parses "node-ordered", "node-hash", "open-addressing", "flat-sorted", "btree",
/// and in scope WithSequences also "vector", "deque", "list", "stable-vector",
/// "static-vector".
std::optional<ContainerFamily> parseFamily(llvm::StringRef Name,
                                           ContainerScope Scope = ContainerScope::Associative);
llvm::StringRef familyName(ContainerFamily F);

/// What a call or expression does to the structure of a container.
enum class MutationKind {
  None,        ///< reads, lookups, mapped-value access: not structural.
  Erase,       ///< erase, remove, take, erase_if.
  Extract,     ///< extract: unlinks a node.
  Insert,      ///< insert, emplace*, try_emplace, insert_or_assign, operator[].
  MergeInto,   ///< this.merge(other), list.splice(pos, other): elements move into this.
  MergeOutOf,  ///< other.merge(this), other.splice(pos, this): this container loses elements.
  Rehash,      ///< rehash, reserve (associative containers).
  InsertAtEnd, ///< sequences: push_back/front, emplace_back/front, append, `+=`, `<<`.
  Resize,      ///< sequences: resize, reserve, shrink_to_fit.
  Clear,       ///< clear and friends.
  Assign,      ///< whole-container assignment (copy, move, initializer list).
  MoveFrom,    ///< the container is moved from.
  Swap,        ///< member or free swap.
};

/// Which iterators a mutation leaves unusable.
enum class Invalidation {
  None,          ///< every iterator stays valid and the loop visits what it would have.
  ErasedElement, ///< only iterators to the removed element(s).
  All,           ///< every iterator into the container.
  VisitOrder,    ///< iterators stay valid but whether a new element is visited depends on its key.
  FromPoint,     ///< iterators at and after the changed position, and end() (vector erase).
};

/// What the model knows about one container type.
struct ContainerTraits {
  ContainerFamily Family = ContainerFamily::NodeOrdered;
  /// Qualified template (or class) name as users write it, e.g. "std::unordered_map".
  std::string LibraryName;
  /// erase() invalidates iterators other than the erased one (flat, btree, robin hood).
  bool EraseInvalidatesOthers = false;
  /// Several elements may share a key (multimap): erase(key) may remove several.
  bool MultiKey = false;
  /// A standard library container (std::erase_if exists for it in C++20).
  bool IsStd = false;

  bool isSequence() const { return isSequenceFamily(Family); }
};

/// A user-declared container type, from the ExtraContainerTypes option.
struct ContainerTypeSpec {
  std::string QualifiedName; ///< e.g. "my::FastMap" (template name or class name).
  ContainerFamily Family;
};

/// Parses "ns::A=node-hash;ns::B=open-addressing". Returns false and sets Error
/// (a sentence naming the bad entry) when an entry is malformed.
bool parseContainerTypeList(llvm::StringRef List, std::vector<ContainerTypeSpec> &Out,
                            std::string &Error);
/// The same, also accepting the sequence family names ("my::Buf=vector").
bool parseContainerTypeListWithSequences(llvm::StringRef List, std::vector<ContainerTypeSpec> &Out,
                                         std::string &Error);

/// Recognises container types and classifies calls on them.
class ContainerModel {
public:
  /// Scope says which families are recognised; Extra entries outside it are ignored.
  explicit ContainerModel(const std::vector<ContainerTypeSpec> &Extra = {},
                          ContainerScope Scope = ContainerScope::Associative);

  /// Traits of T when T, looking through references, cv-qualifiers, typedefs,
  /// alias templates and public or private base classes, is a known container.
  /// Returns nullopt for unknown and dependent types.
  std::optional<ContainerTraits> classify(clang::QualType T) const;

  /// What calling Method (a member of a known container) does to its object.
  /// const members never mutate; unknown names are treated as non-structural.
  MutationKind classifyMemberCall(const clang::CXXMethodDecl *Method) const;

  /// The same for a container with these traits: sequences have their own
  /// members (push_back, resize...) and `operator[]` does not insert into them.
  /// For associative traits, the answer of classifyMemberCall(Method).
  MutationKind classifyMemberCall(const clang::CXXMethodDecl *Method,
                                  const ContainerTraits &Traits) const;

  /// What calling the free function Callee with the container as argument
  /// number ArgIndex does (std::swap, std::erase_if, std::exchange...).
  MutationKind classifyFreeCall(const clang::FunctionDecl *Callee, unsigned ArgIndex) const;

  /// Which iterators of a container with these traits Kind invalidates.
  static Invalidation invalidation(MutationKind Kind, const ContainerTraits &Traits);

private:
  std::optional<ContainerTraits> classifyRecord(const clang::CXXRecordDecl *RD,
                                                unsigned Depth) const;
  llvm::StringMap<ContainerTraits> Known;
  /// classify() is asked about the same few types over and over. Types are
  /// per AST: a model lives in one AnalysisSession.
  mutable llvm::DenseMap<const clang::Type *, std::optional<ContainerTraits>> Cache;
};

} // namespace mapsafety

#endif
