// Minimal stand-in for absl/container/flat_hash_map.h (Abseil LTS 2023-08-02).
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
#ifndef MAPSAFETY_TEST_ABSL_CONTAINER_FLAT_HASH_MAP_H_
#define MAPSAFETY_TEST_ABSL_CONTAINER_FLAT_HASH_MAP_H_

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <utility>

#include "absl/container/internal/hash_function_defaults.h"

namespace absl {
inline namespace lts_20230802 {
// Open-addressing (Swiss table). erase(iterator) returns void and invalidates
// only the erased element; insertion may move every element.
template <class K, class V,
          class Hash = container_internal::hash_default_hash<K>,
          class Eq = container_internal::hash_default_eq<K>,
          class Allocator = std::allocator<std::pair<const K, V>>>
class flat_hash_map {
public:
  using key_type = K;
  using mapped_type = V;
  using value_type = std::pair<const K, V>;
  using size_type = std::size_t;
  using hasher = Hash;
  using key_equal = Eq;
  using allocator_type = Allocator;

  class iterator {
  public:
    value_type &operator*() const;
    value_type *operator->() const;
    iterator &operator++();
    iterator operator++(int);
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
    K &key() const;
    V &mapped() const;
  };

  flat_hash_map();
  flat_hash_map(std::initializer_list<value_type>);
  flat_hash_map(const flat_hash_map &);
  flat_hash_map(flat_hash_map &&);
  flat_hash_map &operator=(const flat_hash_map &);
  flat_hash_map &operator=(flat_hash_map &&);
  ~flat_hash_map();

  iterator begin();
  iterator end();
  const_iterator begin() const;
  const_iterator end() const;
  const_iterator cbegin() const;
  const_iterator cend() const;

  bool empty() const;
  size_type size() const;
  size_type capacity() const;

  void clear();
  std::pair<iterator, bool> insert(const value_type &);
  std::pair<iterator, bool> insert(value_type &&);
  template <class InputIt> void insert(InputIt, InputIt);
  void insert(std::initializer_list<value_type>);
  template <class M> std::pair<iterator, bool> insert_or_assign(const key_type &, M &&);
  template <class... Args> std::pair<iterator, bool> emplace(Args &&...);
  template <class... Args> iterator emplace_hint(const_iterator, Args &&...);
  template <class... Args> std::pair<iterator, bool> try_emplace(const key_type &, Args &&...);

  size_type erase(const key_type &);
  void erase(const_iterator);
  void erase(iterator);
  iterator erase(const_iterator, const_iterator);

  node_type extract(const_iterator);
  node_type extract(const key_type &);
  void merge(flat_hash_map &);
  void swap(flat_hash_map &);
  void rehash(size_type);
  void reserve(size_type);

  iterator find(const key_type &);
  const_iterator find(const key_type &) const;
  size_type count(const key_type &) const;
  bool contains(const key_type &) const;
  mapped_type &at(const key_type &);
  const mapped_type &at(const key_type &) const;
  mapped_type &operator[](const key_type &);
  mapped_type &operator[](key_type &&);
};

} // inline namespace lts_20230802
} // namespace absl

#endif // MAPSAFETY_TEST_ABSL_CONTAINER_FLAT_HASH_MAP_H_
