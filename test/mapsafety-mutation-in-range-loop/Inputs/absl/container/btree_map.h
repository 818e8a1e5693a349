// Minimal stand-in for absl/container/btree_map.h (Abseil LTS 2023-08-02).
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
#ifndef MAPSAFETY_TEST_ABSL_CONTAINER_BTREE_MAP_H_
#define MAPSAFETY_TEST_ABSL_CONTAINER_BTREE_MAP_H_

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <utility>

namespace absl {
inline namespace lts_20230802 {

// B-tree: many values per node. Both insertion and erase may move elements
// between nodes and invalidate every iterator; erase returns the next iterator.
template <typename Key, typename Value, typename Compare = std::less<Key>,
          typename Alloc = std::allocator<std::pair<const Key, Value>>>
class btree_map {
public:
  using key_type = Key;
  using mapped_type = Value;
  using value_type = std::pair<const Key, Value>;
  using size_type = std::size_t;
  using key_compare = Compare;
  using allocator_type = Alloc;

  class iterator {
  public:
    value_type &operator*() const;
    value_type *operator->() const;
    iterator &operator++();
    iterator operator++(int);
    iterator &operator--();
    friend bool operator==(const iterator &, const iterator &);
    friend bool operator!=(const iterator &, const iterator &);
  };
  class const_iterator {
  public:
    const_iterator();
    const_iterator(iterator);
    const value_type &operator*() const;
    const value_type *operator->() const;
    const_iterator &operator++();
    const_iterator operator++(int);
    friend bool operator==(const const_iterator &, const const_iterator &);
    friend bool operator!=(const const_iterator &, const const_iterator &);
  };
  class node_type {
  public:
    node_type();
    node_type(node_type &&);
    node_type &operator=(node_type &&);
    ~node_type();
    bool empty() const;
    Key &key() const;
    Value &mapped() const;
  };

  btree_map();
  btree_map(std::initializer_list<value_type>);
  btree_map(const btree_map &);
  btree_map(btree_map &&);
  btree_map &operator=(const btree_map &);
  btree_map &operator=(btree_map &&);
  ~btree_map();

  iterator begin();
  iterator end();
  const_iterator begin() const;
  const_iterator end() const;
  const_iterator cbegin() const;
  const_iterator cend() const;

  bool empty() const;
  size_type size() const;

  void clear();
  std::pair<iterator, bool> insert(const value_type &);
  std::pair<iterator, bool> insert(value_type &&);
  iterator insert(const_iterator, const value_type &);
  template <class InputIt> void insert(InputIt, InputIt);
  void insert(std::initializer_list<value_type>);
  template <class M> std::pair<iterator, bool> insert_or_assign(const key_type &, M &&);
  template <class... Args> std::pair<iterator, bool> emplace(Args &&...);
  template <class... Args> iterator emplace_hint(const_iterator, Args &&...);
  template <class... Args> std::pair<iterator, bool> try_emplace(const key_type &, Args &&...);

  size_type erase(const key_type &);
  iterator erase(const_iterator);
  iterator erase(iterator);
  iterator erase(const_iterator, const_iterator);

  node_type extract(const_iterator);
  node_type extract(const key_type &);
  void merge(btree_map &);
  void swap(btree_map &);

  iterator find(const key_type &);
  const_iterator find(const key_type &) const;
  iterator lower_bound(const key_type &);
  iterator upper_bound(const key_type &);
  size_type count(const key_type &) const;
  bool contains(const key_type &) const;
  mapped_type &at(const key_type &);
  const mapped_type &at(const key_type &) const;
  mapped_type &operator[](const key_type &);
  mapped_type &operator[](key_type &&);
};

} // inline namespace lts_20230802
} // namespace absl

#endif // MAPSAFETY_TEST_ABSL_CONTAINER_BTREE_MAP_H_
