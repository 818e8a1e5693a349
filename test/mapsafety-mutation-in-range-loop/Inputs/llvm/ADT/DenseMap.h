// Minimal stand-in for llvm/ADT/DenseMap.h.
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
#ifndef MAPSAFETY_TEST_LLVM_ADT_DENSEMAP_H
#define MAPSAFETY_TEST_LLVM_ADT_DENSEMAP_H

#include <cstddef>
#include <initializer_list>
#include <utility>

namespace llvm {

template <typename T> struct DenseMapInfo;
template <> struct DenseMapInfo<int> {
  static int getEmptyKey();
  static int getTombstoneKey();
  static unsigned getHashValue(const int &);
  static bool isEqual(const int &, const int &);
};
template <> struct DenseMapInfo<unsigned> {
  static unsigned getEmptyKey();
  static unsigned getTombstoneKey();
  static unsigned getHashValue(const unsigned &);
  static bool isEqual(const unsigned &, const unsigned &);
};

namespace detail {
template <typename KeyT, typename ValueT>
struct DenseMapPair : public std::pair<KeyT, ValueT> {
  using std::pair<KeyT, ValueT>::pair;
  KeyT &getFirst();
  const KeyT &getFirst() const;
  ValueT &getSecond();
  const ValueT &getSecond() const;
};
} // namespace detail

template <typename KeyT, typename ValueT, typename KeyInfoT, typename Bucket,
          bool IsConst = false>
class DenseMapIterator {
public:
  using value_type = Bucket;
  using reference = value_type &;
  using pointer = value_type *;
  reference operator*() const;
  pointer operator->() const;
  DenseMapIterator &operator++();
  DenseMapIterator operator++(int);
  friend bool operator==(const DenseMapIterator &, const DenseMapIterator &);
  friend bool operator!=(const DenseMapIterator &, const DenseMapIterator &);
};

// Open addressing with quadratic probing. erase() leaves a tombstone and
// returns nothing; insertion may grow the table and move every bucket.
template <typename KeyT, typename ValueT,
          typename KeyInfoT = DenseMapInfo<KeyT>,
          typename BucketT = llvm::detail::DenseMapPair<KeyT, ValueT>>
class DenseMap {
public:
  using size_type = unsigned;
  using key_type = KeyT;
  using mapped_type = ValueT;
  using value_type = BucketT;
  using iterator = DenseMapIterator<KeyT, ValueT, KeyInfoT, BucketT>;
  using const_iterator = DenseMapIterator<KeyT, ValueT, KeyInfoT, BucketT, true>;

  explicit DenseMap(unsigned InitialReserve = 0);
  DenseMap(const DenseMap &);
  DenseMap(DenseMap &&);
  DenseMap(std::initializer_list<value_type> Vals);
  DenseMap &operator=(const DenseMap &);
  DenseMap &operator=(DenseMap &&);
  ~DenseMap();

  iterator begin();
  iterator end();
  const_iterator begin() const;
  const_iterator end() const;

  bool empty() const;
  unsigned size() const;
  void reserve(size_type NumEntries);
  void clear();
  void shrink_and_clear();
  void grow(unsigned AtLeast);

  size_type count(const KeyT &Val) const;
  bool contains(const KeyT &Val) const;
  iterator find(const KeyT &Val);
  const_iterator find(const KeyT &Val) const;
  ValueT lookup(const KeyT &Val) const;
  const ValueT &at(const KeyT &Val) const;

  std::pair<iterator, bool> insert(const std::pair<KeyT, ValueT> &KV);
  std::pair<iterator, bool> insert(std::pair<KeyT, ValueT> &&KV);
  template <typename InputIt> void insert(InputIt I, InputIt E);
  template <typename V> std::pair<iterator, bool> insert_or_assign(const KeyT &Key, V &&Val);
  template <typename... Ts> std::pair<iterator, bool> try_emplace(const KeyT &Key, Ts &&...Args);
  template <typename... Ts> std::pair<iterator, bool> try_emplace(KeyT &&Key, Ts &&...Args);

  bool erase(const KeyT &Val);
  void erase(iterator I);

  ValueT &operator[](const KeyT &Key);
  ValueT &operator[](KeyT &&Key);

  void swap(DenseMap &RHS);
};

} // namespace llvm

#endif // MAPSAFETY_TEST_LLVM_ADT_DENSEMAP_H
