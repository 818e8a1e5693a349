//===- ContainerModel.cpp - which types are associative containers --------===//
#include "mapsafety/containers/ContainerModel.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace mapsafety {

std::optional<ContainerFamily> parseFamily(llvm::StringRef Name) {
  return llvm::StringSwitch<std::optional<ContainerFamily>>(Name.trim())
      .Case("node-ordered", ContainerFamily::NodeOrdered)
      .Case("node-hash", ContainerFamily::NodeHash)
      .Case("open-addressing", ContainerFamily::OpenAddressing)
      .Case("flat-sorted", ContainerFamily::FlatSorted)
      .Case("btree", ContainerFamily::BTree)
      .Default(std::nullopt);
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
  }
  return "unknown";
}

bool parseContainerTypeList(llvm::StringRef List, std::vector<ContainerTypeSpec> &Out,
                            std::string &Error) {
  llvm::SmallVector<llvm::StringRef, 8> Entries;
  List.split(Entries, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef Entry : Entries) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    auto [Name, Family] = Entry.split('=');
    Name = Name.trim();
    std::optional<ContainerFamily> F = parseFamily(Family);
    if (Name.empty() || !F) {
      Error = ("invalid entry '" + Entry +
               "': expected 'qualified::Name=family' with family one of node-ordered, "
               "node-hash, open-addressing, flat-sorted, btree")
                  .str();
      return false;
    }
    Name.consume_front("::");
    Out.push_back({Name.str(), *F});
  }
  return true;
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
    {"boost::container::flat_map boost::container::flat_set", ContainerFamily::FlatSorted,
     true, false, false},
    {"boost::container::flat_multimap boost::container::flat_multiset",
     ContainerFamily::FlatSorted, true, true, false},
    {"absl::btree_map absl::btree_set", ContainerFamily::BTree, true, false, false},
    {"absl::btree_multimap absl::btree_multiset", ContainerFamily::BTree, true, true, false},
};
} // namespace

ContainerModel::ContainerModel(const std::vector<ContainerTypeSpec> &Extra) {
  for (const KnownFamily &K : KnownFamilies) {
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
    ContainerTraits T;
    T.Family = S.Family;
    T.LibraryName = S.QualifiedName;
    T.EraseInvalidatesOthers =
        S.Family == ContainerFamily::FlatSorted || S.Family == ContainerFamily::BTree;
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

MutationKind ContainerModel::classifyMemberCall(const CXXMethodDecl *Method) const {
  if (!Method || Method->isConst() || Method->isStatic())
    return MutationKind::None;
  if (Method->isOverloadedOperator()) {
    switch (Method->getOverloadedOperator()) {
    case OO_Subscript:
      return MutationKind::Insert;
    case OO_Equal:
      return MutationKind::Assign;
    default:
      return MutationKind::None;
    }
  }
  if (!Method->getIdentifier())
    return MutationKind::None;
  // Member names that change a container's structure, across the libraries above.
  static const std::pair<const char *, MutationKind> StructuralMembers[] = {
      {"erase", MutationKind::Erase},         {"remove", MutationKind::Erase},
      {"take", MutationKind::Erase},          {"remove_if", MutationKind::Erase},
      {"removeIf", MutationKind::Erase},      {"extract", MutationKind::Extract},
      {"insert", MutationKind::Insert},       {"emplace", MutationKind::Insert},
      {"emplace_hint", MutationKind::Insert}, {"try_emplace", MutationKind::Insert},
      {"insert_or_assign", MutationKind::Insert}, {"insert_range", MutationKind::Insert},
      {"lazy_emplace", MutationKind::Insert}, {"insertMulti", MutationKind::Insert},
      {"FindAndConstruct", MutationKind::Insert}, {"merge", MutationKind::MergeInto},
      {"unite", MutationKind::MergeInto},     {"rehash", MutationKind::Rehash},
      {"reserve", MutationKind::Rehash},      {"grow", MutationKind::Rehash},
      {"squeeze", MutationKind::Rehash},      {"shrink_to_fit", MutationKind::Rehash},
      {"clear", MutationKind::Clear},         {"shrink_and_clear", MutationKind::Clear},
      {"swap", MutationKind::Swap},
  };
  llvm::StringRef Name = Method->getName();
  for (const auto &[Member, Kind] : StructuralMembers)
    if (Name == Member)
      return Kind;
  return MutationKind::None;
}

MutationKind ContainerModel::classifyFreeCall(const FunctionDecl *Callee,
                                              unsigned ArgIndex) const {
  if (!Callee || !Callee->getIdentifier())
    return MutationKind::None;
  llvm::StringRef Name = Callee->getName();
  // swap is found by ADL too, so any namespace counts.
  if (Name == "swap" && Callee->getNumParams() == 2)
    return MutationKind::Swap;
  std::string Qualified = qualifiedNameWithoutInlineNamespaces(Callee);
  if (ArgIndex == 0 && (Qualified == "std::erase_if" || Qualified == "absl::erase_if" ||
                        Qualified == "std::erase"))
    return MutationKind::Erase;
  if (ArgIndex == 0 && Qualified == "std::exchange")
    return MutationKind::Assign;
  return MutationKind::None;
}

Invalidation ContainerModel::invalidation(MutationKind Kind, const ContainerTraits &Traits) {
  switch (Kind) {
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
    return Traits.Family == ContainerFamily::NodeOrdered ? Invalidation::None
                                                         : Invalidation::All;
  case MutationKind::Clear:
  case MutationKind::Assign:
  case MutationKind::MoveFrom:
  case MutationKind::Swap:
    return Invalidation::All;
  }
  return Invalidation::None;
}

} // namespace mapsafety
