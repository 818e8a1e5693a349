// Minimal stand-in for tsl/robin_map.h (Tessil robin-map).
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
#ifndef MAPSAFETY_TEST_TSL_ROBIN_MAP_H
#define MAPSAFETY_TEST_TSL_ROBIN_MAP_H

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <utility>

namespace tsl {
namespace rh {
template <std::size_t GrowthFactor> class power_of_two_growth_policy {
public:
  explicit power_of_two_growth_policy(std::size_t &min_bucket_count_in_out);
};
} // namespace rh

// Robin Hood open addressing with backward-shift deletion: erase() moves the
// following elements and invalidates every iterator (it returns the iterator
// to use next); insertion may move elements or rehash.
template <class Key, class T, class Hash = std::hash<Key>,
          class KeyEqual = std::equal_to<Key>,
          class Allocator = std::allocator<std::pair<Key, T>>,
          bool StoreHash = false,
          class GrowthPolicy = tsl::rh::power_of_two_growth_policy<2>>
class robin_map {
public:
  using key_type = Key;
  using mapped_type = T;
  using value_type = std::pair<Key, T>;
  using size_type = std::size_t;

  class const_iterator;
  class iterator {
  public:
    const value_type &operator*() const;
    const value_type *operator->() const;
    const Key &key() const;
    T &value() const;
    iterator &operator++();
    iterator operator++(int);
    friend bool operator==(const iterator &, const iterator &);
    friend bool operator!=(const iterator &, const iterator &);
  };
  class const_iterator {
  public:
    const_iterator();
    const_iterator(const iterator &);
    const value_type &operator*() const;
    const value_type *operator->() const;
    const Key &key() const;
    const T &value() const;
    const_iterator &operator++();
    const_iterator operator++(int);
    friend bool operator==(const const_iterator &, const const_iterator &);
    friend bool operator!=(const const_iterator &, const const_iterator &);
  };

  robin_map();
  robin_map(std::initializer_list<value_type>);
  robin_map(const robin_map &);
  robin_map(robin_map &&);
  robin_map &operator=(const robin_map &);
  robin_map &operator=(robin_map &&);
  ~robin_map();

  iterator begin() noexcept;
  const_iterator begin() const noexcept;
  const_iterator cbegin() const noexcept;
  iterator end() noexcept;
  const_iterator end() const noexcept;
  const_iterator cend() const noexcept;

  bool empty() const noexcept;
  size_type size() const noexcept;

  void clear() noexcept;
  std::pair<iterator, bool> insert(const value_type &value);
  std::pair<iterator, bool> insert(value_type &&value);
  iterator insert(const_iterator hint, const value_type &value);
  template <class InputIt> void insert(InputIt first, InputIt last);
  void insert(std::initializer_list<value_type> ilist);
  template <class M> std::pair<iterator, bool> insert_or_assign(const key_type &k, M &&obj);
  template <class... Args> std::pair<iterator, bool> emplace(Args &&...args);
  template <class... Args> iterator emplace_hint(const_iterator hint, Args &&...args);
  template <class... Args> std::pair<iterator, bool> try_emplace(const key_type &k, Args &&...args);

  iterator erase(iterator pos);
  iterator erase(const_iterator pos);
  iterator erase(const_iterator first, const_iterator last);
  size_type erase(const key_type &key);

  void swap(robin_map &other);

  T &at(const Key &key);
  const T &at(const Key &key) const;
  T &operator[](const Key &key);
  T &operator[](Key &&key);
  size_type count(const Key &key) const;
  iterator find(const Key &key);
  const_iterator find(const Key &key) const;
  bool contains(const Key &key) const;

  void rehash(size_type count_);
  void reserve(size_type count_);
};

} // namespace tsl

#endif // MAPSAFETY_TEST_TSL_ROBIN_MAP_H
