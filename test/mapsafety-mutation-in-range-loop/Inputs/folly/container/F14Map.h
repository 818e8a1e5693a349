// Minimal stand-in for folly/container/F14Map.h.
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <utility>

namespace folly {
namespace f14 {
template <typename T> using DefaultHasher = std::hash<T>;
template <typename T> using DefaultKeyEqual = std::equal_to<T>;
template <typename T> using DefaultAlloc = std::allocator<T>;
} // namespace f14

// F14 (SIMD chunked open addressing). erase() invalidates only the erased
// element; insertion may rehash and move every element.
template <typename Key, typename Mapped,
          typename Hasher = f14::DefaultHasher<Key>,
          typename KeyEqual = f14::DefaultKeyEqual<Key>,
          typename Alloc = f14::DefaultAlloc<std::pair<Key const, Mapped>>>
class F14FastMap {
public:
  using key_type = Key;
  using mapped_type = Mapped;
  using value_type = std::pair<Key const, Mapped>;
  using size_type = std::size_t;

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
    const_iterator(const iterator &);
    const value_type &operator*() const;
    const value_type *operator->() const;
    const_iterator &operator++();
    const_iterator operator++(int);
    friend bool operator==(const const_iterator &, const const_iterator &);
    friend bool operator!=(const const_iterator &, const const_iterator &);
  };

  F14FastMap();
  F14FastMap(std::initializer_list<value_type>);
  F14FastMap(F14FastMap const &);
  F14FastMap(F14FastMap &&);
  F14FastMap &operator=(F14FastMap const &);
  F14FastMap &operator=(F14FastMap &&);
  ~F14FastMap();

  iterator begin() noexcept;
  const_iterator begin() const noexcept;
  const_iterator cbegin() const noexcept;
  iterator end() noexcept;
  const_iterator end() const noexcept;
  const_iterator cend() const noexcept;

  bool empty() const noexcept;
  std::size_t size() const noexcept;

  void clear() noexcept;
  void reserve(std::size_t capacity);
  void rehash(std::size_t bucketCapacity);

  std::pair<iterator, bool> insert(value_type const &value);
  std::pair<iterator, bool> insert(value_type &&value);
  template <typename InputIt> void insert(InputIt first, InputIt last);
  void insert(std::initializer_list<value_type> ilist);
  template <typename M> std::pair<iterator, bool> insert_or_assign(key_type const &key, M &&obj);
  template <typename... Args> std::pair<iterator, bool> emplace(Args &&...args);
  template <typename... Args> iterator emplace_hint(const_iterator, Args &&...args);
  template <typename... Args> std::pair<iterator, bool> try_emplace(key_type const &key, Args &&...args);

  iterator erase(const_iterator pos);
  iterator erase(iterator pos);
  iterator erase(const_iterator first, const_iterator last);
  std::size_t erase(key_type const &key);

  void swap(F14FastMap &rhs) noexcept;

  mapped_type &at(key_type const &key);
  mapped_type const &at(key_type const &key) const;
  mapped_type &operator[](key_type const &key);
  mapped_type &operator[](key_type &&key);
  std::size_t count(key_type const &key) const;
  bool contains(key_type const &key) const;
  iterator find(key_type const &key);
  const_iterator find(key_type const &key) const;
};

} // namespace folly
