//===- ContainerModel.cpp - which types are associative containers --------===//
#include "mapsafety/containers/ContainerModel.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace mapsafety {

bool isSequenceFamily(ContainerFamily F) { return F >= ContainerFamily::Contiguous; }

std::optional<ContainerFamily> parseFamily(llvm::StringRef Name, ContainerScope Scope) {
  std::optional<ContainerFamily> F = llvm::StringSwitch<std::optional<ContainerFamily>>(Name.trim())
                                         .Case("node-ordered", ContainerFamily::NodeOrdered)
                                         .Case("node-hash", ContainerFamily::NodeHash)
                                         .Case("open-addressing", ContainerFamily::OpenAddressing)
                                         .Case("flat-sorted", ContainerFamily::FlatSorted)
                                         .Case("btree", ContainerFamily::BTree)
                                         .Case("vector", ContainerFamily::Contiguous)
                                         .Case("deque", ContainerFamily::Deque)
                                         .Case("list", ContainerFamily::NodeList)
                                         .Case("stable-vector", ContainerFamily::StableVector)
                                         .Case("static-vector", ContainerFamily::FixedCapacity)
                                         .Default(std::nullopt);
  if (F && isSequenceFamily(*F) && Scope != ContainerScope::WithSequences)
    return std::nullopt;
  return F;
}

llvm::StringRef familyName(ContainerFamily F) {
  switch (F) {
  case ContainerFamily::NodeOrdered:
    return "node-ordered";
  case ContainerFamily::NodeHash:
    return "node-hash";
  case ContainerFamily::OpenAddressing:
    return "open-addressing";
  case ContainerFamily::FlatSorted:
    return "flat-sorted";
  case ContainerFamily::BTree:
    return "btree";
  case ContainerFamily::Contiguous:
    return "vector";
  case ContainerFamily::Deque:
    return "deque";
  case ContainerFamily::NodeList:
    return "list";
  case ContainerFamily::StableVector:
    return "stable-vector";
  case ContainerFamily::FixedCapacity:
    return "static-vector";
  }
  return "unknown";
}

namespace {
bool parseTypeList(llvm::StringRef List, std::vector<ContainerTypeSpec> &Out, std::string &Error,
                   ContainerScope Scope) {
  llvm::SmallVector<llvm::StringRef, 8> Entries;
  List.split(Entries, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef Entry : Entries) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    auto [Name, Family] = Entry.split('=');
    Name = Name.trim();
    std::optional<ContainerFamily> F = parseFamily(Family, Scope);
    if (Name.empty() || !F) {
      Error = ("invalid entry '" + Entry +
               "': expected 'qualified::Name=family' with family one of node-ordered, "
               "node-hash, open-addressing, flat-sorted, btree" +
               (Scope == ContainerScope::WithSequences
                    ? ", vector, deque, list, stable-vector, static-vector"
                    : ""))
                  .str();
      return false;
    }
    Name.consume_front("::");
    Out.push_back({Name.str(), *F});
  }
  return true;
}
} // namespace

bool parseContainerTypeList(llvm::StringRef List, std::vector<ContainerTypeSpec> &Out,
                            std::string &Error) {
  return parseTypeList(List, Out, Error, ContainerScope::Associative);
}

bool parseContainerTypeListWithSequences(llvm::StringRef List, std::vector<ContainerTypeSpec> &Out,
                                         std::string &Error) {
  return parseTypeList(List, Out, Error, ContainerScope::WithSequences);
}

namespace {
struct KnownFamily {
  const char *Names; // space-separated qualified names
  ContainerFamily Family;
  bool EraseInvalidatesOthers;
  bool MultiKey;
  bool IsStd;
};

// Per-library semantics. Sources: the C++ standard ([associative.reqmts],
// [unord.req]), Abseil's container docs (flat_hash_map erase keeps other
// iterators; btree invalidates all on insert and erase), folly F14 docs (F14Vector
// erase moves the last element), tsl docs (robin_map erase shifts elements
// backward), LLVM's DenseMap (erase leaves a tombstone).
const KnownFamily KnownFamilies[] = {
    {"std::map std::set std::__debug::map std::__debug::set boost::container::map "
     "boost::container::set QMap",
     ContainerFamily::NodeOrdered, false, false, true},
    {"std::multimap std::multiset std::__debug::multimap std::__debug::multiset "
     "boost::container::multimap boost::container::multiset QMultiMap",
     ContainerFamily::NodeOrdered, false, true, true},
    {"std::unordered_map std::unordered_set std::__debug::unordered_map "
     "std::__debug::unordered_set",
     ContainerFamily::NodeHash, false, false, true},
    {"std::unordered_multimap std::unordered_multiset std::__debug::unordered_multimap "
     "std::__debug::unordered_multiset",
     ContainerFamily::NodeHash, false, true, true},
    {"std::flat_map std::flat_set", ContainerFamily::FlatSorted, true, false, true},
    {"std::flat_multimap std::flat_multiset", ContainerFamily::FlatSorted, true, true, true},
    {"absl::flat_hash_map absl::flat_hash_set folly::F14ValueMap folly::F14ValueSet "
     "folly::F14NodeMap folly::F14NodeSet folly::F14FastMap folly::F14FastSet "
     "tsl::hopscotch_map tsl::hopscotch_set llvm::DenseMap llvm::DenseSet "
     "llvm::SmallDenseMap llvm::SmallDenseSet boost::unordered::unordered_flat_map "
     "boost::unordered::unordered_flat_set boost::unordered::unordered_node_map "
     "boost::unordered::unordered_node_set boost::unordered_flat_map "
     "boost::unordered_flat_set boost::unordered_node_map boost::unordered_node_set",
     ContainerFamily::OpenAddressing, false, false, false},
    {"folly::F14VectorMap folly::F14VectorSet tsl::robin_map tsl::robin_set "
     "tsl::ordered_map tsl::ordered_set llvm::MapVector",
     ContainerFamily::OpenAddressing, true, false, false},
    {"absl::node_hash_map absl::node_hash_set boost::unordered::unordered_map "
     "boost::unordered::unordered_set boost::unordered_map boost::unordered_set "
     "llvm::StringMap llvm::StringSet QHash QSet",
     ContainerFamily::NodeHash, false, false, false},
    {"boost::unordered::unordered_multimap boost::unordered::unordered_multiset "
     "boost::unordered_multimap boost::unordered_multiset QMultiHash",
     ContainerFamily::NodeHash, false, true, false},
    {"boost::container::flat_map boost::container::flat_set", ContainerFamily::FlatSorted, true,
     false, false},
    {"boost::container::flat_multimap boost::container::flat_multiset", ContainerFamily::FlatSorted,
     true, true, false},
    {"absl::btree_map absl::btree_set", ContainerFamily::BTree, true, false, false},
    {"absl::btree_multimap absl::btree_multiset", ContainerFamily::BTree, true, true, false},
    // Sequences ([sequence.reqmts] and each library's docs). Qt 6's QList is
    // QVector (one array); Qt 5's QList reallocates its pointer array alike.
    {"std::vector std::basic_string std::__debug::vector", ContainerFamily::Contiguous, true, false,
     true},
    {"absl::InlinedVector llvm::SmallVector boost::container::vector "
     "boost::container::small_vector boost::container::devector folly::fbvector "
     "folly::small_vector QList QVector QString QByteArray",
     ContainerFamily::Contiguous, true, false, false},
    {"std::deque std::__debug::deque", ContainerFamily::Deque, true, false, true},
    {"boost::container::deque", ContainerFamily::Deque, true, false, false},
    {"std::list std::forward_list std::__debug::list std::__debug::forward_list",
     ContainerFamily::NodeList, false, false, true},
    {"boost::container::list boost::container::slist", ContainerFamily::NodeList, false, false,
     false},
    {"boost::container::stable_vector", ContainerFamily::StableVector, false, false, false},
    {"boost::container::static_vector", ContainerFamily::FixedCapacity, true, false, false},
};
} // namespace

ContainerModel::ContainerModel(const std::vector<ContainerTypeSpec> &Extra, ContainerScope Scope) {
  bool Sequences = Scope == ContainerScope::WithSequences;
  for (const KnownFamily &K : KnownFamilies) {
    if (isSequenceFamily(K.Family) && !Sequences)
      continue;
    llvm::SmallVector<llvm::StringRef, 16> Names;
    llvm::StringRef(K.Names).split(Names, ' ', -1, false);
    for (llvm::StringRef Name : Names) {
      ContainerTraits T;
      T.Family = K.Family;
      T.EraseInvalidatesOthers = K.EraseInvalidatesOthers;
      T.MultiKey = K.MultiKey;
      T.IsStd = K.IsStd && Name.substr(0, 5) == "std::";
      // Report the name users write, not the implementation namespace.
      T.LibraryName = Name.substr(0, 14) == "std::__debug::"
                          ? ("std::" + Name.drop_front(strlen("std::__debug::"))).str()
                      : Name.substr(0, 18) == "boost::unordered::"
                          ? ("boost::" + Name.drop_front(strlen("boost::unordered::"))).str()
                          : Name.str();
      Known[Name] = T;
    }
  }
  for (const ContainerTypeSpec &S : Extra) {
    if (isSequenceFamily(S.Family) && !Sequences)
      continue;
    ContainerTraits T;
    T.Family = S.Family;
    T.LibraryName = S.QualifiedName;
    T.EraseInvalidatesOthers =
        S.Family == ContainerFamily::FlatSorted || S.Family == ContainerFamily::BTree ||
        S.Family == ContainerFamily::Contiguous || S.Family == ContainerFamily::Deque ||
        S.Family == ContainerFamily::FixedCapacity;
    Known[S.QualifiedName] = T;
  }
}

std::optional<ContainerTraits> ContainerModel::classify(QualType T) const {
  if (T.isNull())
    return std::nullopt;
  T = T.getNonReferenceType().getCanonicalType();
  if (T->isDependentType())
    return std::nullopt;
  auto [It, Inserted] = Cache.try_emplace(T.getTypePtr());
  if (Inserted)
    if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
      It->second = classifyRecord(RD, 0);
  return It->second;
}

std::optional<ContainerTraits> ContainerModel::classifyRecord(const CXXRecordDecl *RD,
                                                              unsigned Depth) const {
  // A specialization is known by its template's name; a plain class by its own.
  if (RD->getIdentifier() || isa<ClassTemplateSpecializationDecl>(RD)) {
    auto It = Known.find(classOrTemplateName(RD));
    if (It != Known.end())
      return It->second;
  }
  // Classes that derive from a container are containers of that family.
  if (Depth >= 8 || !RD->hasDefinition())
    return std::nullopt;
  for (const CXXBaseSpecifier &Base : RD->getDefinition()->bases()) {
    QualType BT = Base.getType().getCanonicalType();
    if (BT->isDependentType())
      continue;
    if (const CXXRecordDecl *BaseRD = BT->getAsCXXRecordDecl())
      if (std::optional<ContainerTraits> Traits = classifyRecord(BaseRD, Depth + 1))
        return Traits;
  }
  return std::nullopt;
}

namespace {
/// A member function name and the structural change it makes.
struct MemberMutation {
  const char *Name;
  MutationKind Kind;
};
using MemberTable = llvm::ArrayRef<MemberMutation>;

/// The shape both kinds of container share: const and static members never
/// mutate, operators are classified by OperatorKind, other members by name.
MutationKind classifyMember(const CXXMethodDecl *Method,
                            MutationKind (*OperatorKind)(OverloadedOperatorKind),
                            MemberTable Members) {
  if (!Method || Method->isConst() || Method->isStatic())
    return MutationKind::None;
  if (Method->isOverloadedOperator())
    return OperatorKind(Method->getOverloadedOperator());
  if (!Method->getIdentifier())
    return MutationKind::None;
  llvm::StringRef Name = Method->getName();
  for (const MemberMutation &M : Members)
    if (Name == M.Name)
      return M.Kind;
  return MutationKind::None;
}

MutationKind associativeOperator(OverloadedOperatorKind Op) {
  if (Op == OO_Subscript)
    return MutationKind::Insert;
  return Op == OO_Equal ? MutationKind::Assign : MutationKind::None;
}

MutationKind sequenceOperator(OverloadedOperatorKind Op) {
  if (Op == OO_Equal)
    return MutationKind::Assign;
  // string += s, QList += x, QList << x; operator[] reads an existing element.
  return Op == OO_PlusEqual || Op == OO_LessLess ? MutationKind::InsertAtEnd : MutationKind::None;
}

// Member names that change a container's structure, across the libraries above.
constexpr MemberMutation AssociativeMembers[] = {
    {"erase", MutationKind::Erase},
    {"remove", MutationKind::Erase},
    {"take", MutationKind::Erase},
    {"remove_if", MutationKind::Erase},
    {"removeIf", MutationKind::Erase},
    {"extract", MutationKind::Extract},
    {"insert", MutationKind::Insert},
    {"emplace", MutationKind::Insert},
    {"emplace_hint", MutationKind::Insert},
    {"try_emplace", MutationKind::Insert},
    {"insert_or_assign", MutationKind::Insert},
    {"insert_range", MutationKind::Insert},
    {"lazy_emplace", MutationKind::Insert},
    {"insertMulti", MutationKind::Insert},
    {"FindAndConstruct", MutationKind::Insert},
    {"merge", MutationKind::MergeInto},
    {"unite", MutationKind::MergeInto},
    {"rehash", MutationKind::Rehash},
    {"reserve", MutationKind::Rehash},
    {"grow", MutationKind::Rehash},
    {"squeeze", MutationKind::Rehash},
    {"shrink_to_fit", MutationKind::Rehash},
    {"clear", MutationKind::Clear},
    {"shrink_and_clear", MutationKind::Clear},
    {"swap", MutationKind::Swap},
};

// Member names that change a sequence's structure, across the libraries above.
constexpr MemberMutation SequenceMembers[] = {
    {"push_back", MutationKind::InsertAtEnd},
    {"emplace_back", MutationKind::InsertAtEnd},
    {"push_front", MutationKind::InsertAtEnd},
    {"emplace_front", MutationKind::InsertAtEnd},
    {"append", MutationKind::InsertAtEnd},
    {"append_range", MutationKind::InsertAtEnd},
    {"prepend", MutationKind::InsertAtEnd},
    {"prepend_range", MutationKind::InsertAtEnd},
    {"insert", MutationKind::Insert},
    {"emplace", MutationKind::Insert},
    {"insert_range", MutationKind::Insert},
    {"insert_after", MutationKind::Insert},
    {"emplace_after", MutationKind::Insert},
    {"replace", MutationKind::Insert},
    // list.splice(pos, other) and list.merge(other) move other's nodes in.
    {"splice", MutationKind::MergeInto},
    {"splice_after", MutationKind::MergeInto},
    {"merge", MutationKind::MergeInto},
    {"resize", MutationKind::Resize},
    {"reserve", MutationKind::Resize},
    {"shrink_to_fit", MutationKind::Resize},
    {"squeeze", MutationKind::Resize},
    {"resize_and_overwrite", MutationKind::Resize},
    {"erase", MutationKind::Erase},
    {"erase_after", MutationKind::Erase},
    {"pop_back", MutationKind::Erase},
    {"pop_front", MutationKind::Erase},
    {"remove", MutationKind::Erase},
    {"remove_if", MutationKind::Erase},
    {"unique", MutationKind::Erase},
    {"removeAt", MutationKind::Erase},
    {"removeOne", MutationKind::Erase},
    {"removeAll", MutationKind::Erase},
    {"removeFirst", MutationKind::Erase},
    {"removeLast", MutationKind::Erase},
    {"takeAt", MutationKind::Erase},
    {"takeFirst", MutationKind::Erase},
    {"takeLast", MutationKind::Erase},
    {"clear", MutationKind::Clear},
    {"assign", MutationKind::Assign},
    {"assign_range", MutationKind::Assign},
    {"swap", MutationKind::Swap},
};
} // namespace

MutationKind ContainerModel::classifyMemberCall(const CXXMethodDecl *Method) const {
  return classifyMember(Method, associativeOperator, AssociativeMembers);
}

MutationKind ContainerModel::classifyMemberCall(const CXXMethodDecl *Method,
                                                const ContainerTraits &Traits) const {
  if (!Traits.isSequence())
    return classifyMemberCall(Method);
  return classifyMember(Method, sequenceOperator, SequenceMembers);
}

MutationKind ContainerModel::classifyFreeCall(const FunctionDecl *Callee, unsigned ArgIndex) const {
  if (!Callee || !Callee->getIdentifier())
    return MutationKind::None;
  llvm::StringRef Name = Callee->getName();
  // swap is found by ADL too, so any namespace counts.
  if (Name == "swap" && Callee->getNumParams() == 2)
    return MutationKind::Swap;
  std::string Qualified = qualifiedNameWithoutInlineNamespaces(Callee);
  if (ArgIndex == 0 &&
      (Qualified == "std::erase_if" || Qualified == "absl::erase_if" || Qualified == "std::erase"))
    return MutationKind::Erase;
  if (ArgIndex == 0 && Qualified == "std::exchange")
    return MutationKind::Assign;
  return MutationKind::None;
}

namespace {
/// Sequences: [sequence.reqmts] and the per-container clauses ([vector.modifiers],
/// [deque.modifiers], [list.modifiers]), boost.container's docs for
/// stable_vector (insertion keeps iterators) and static_vector (no reallocation).
Invalidation sequenceInvalidation(MutationKind Kind, ContainerFamily F) {
  bool Reallocates = F == ContainerFamily::Contiguous || F == ContainerFamily::Deque;
  switch (Kind) {
  case MutationKind::InsertAtEnd:
  case MutationKind::Resize:
    return Reallocates ? Invalidation::All : Invalidation::None;
  case MutationKind::Insert:
  case MutationKind::MergeInto:
    if (F == ContainerFamily::FixedCapacity)
      return Invalidation::FromPoint; // shifts the later elements
    return Reallocates ? Invalidation::All : Invalidation::None;
  case MutationKind::Erase:
  case MutationKind::Extract:
  case MutationKind::MergeOutOf:
    if (F == ContainerFamily::Deque)
      return Invalidation::All; // erasing in the middle; at the ends, end() moves
    if (F == ContainerFamily::Contiguous || F == ContainerFamily::FixedCapacity)
      return Invalidation::FromPoint;
    return Invalidation::ErasedElement;
  case MutationKind::Rehash:
  case MutationKind::None:
    return Invalidation::None;
  case MutationKind::Clear:
  case MutationKind::Assign:
  case MutationKind::MoveFrom:
  case MutationKind::Swap:
    return Invalidation::All;
  }
  return Invalidation::None;
}
} // namespace

Invalidation ContainerModel::invalidation(MutationKind Kind, const ContainerTraits &Traits) {
  if (Traits.isSequence())
    return sequenceInvalidation(Kind, Traits.Family);
  switch (Kind) {
  case MutationKind::InsertAtEnd:
  case MutationKind::Resize: // never produced for associative containers
  case MutationKind::None:
    return Invalidation::None;
  case MutationKind::Erase:
  case MutationKind::Extract:
  case MutationKind::MergeOutOf:
    return Traits.EraseInvalidatesOthers ? Invalidation::All : Invalidation::ErasedElement;
  case MutationKind::Insert:
  case MutationKind::MergeInto:
    return Traits.Family == ContainerFamily::NodeOrdered ? Invalidation::VisitOrder
                                                         : Invalidation::All;
  case MutationKind::Rehash:
    return Traits.Family == ContainerFamily::NodeOrdered ? Invalidation::None : Invalidation::All;
  case MutationKind::Clear:
  case MutationKind::Assign:
  case MutationKind::MoveFrom:
  case MutationKind::Swap:
    return Invalidation::All;
  }
  return Invalidation::None;
}

} // namespace mapsafety
