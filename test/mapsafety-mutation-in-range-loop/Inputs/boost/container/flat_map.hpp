// Minimal stand-in for boost/container/flat_map.hpp.
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
#ifndef MAPSAFETY_TEST_BOOST_CONTAINER_FLAT_MAP_HPP
#define MAPSAFETY_TEST_BOOST_CONTAINER_FLAT_MAP_HPP

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <utility>

namespace boost {
namespace container {

template <class T> class new_allocator {
public:
  using value_type = T;
};

// Sorted vector of pairs: insertion and erase shift the tail and invalidate
// every iterator; erase returns the iterator to use next.
template <class Key, class T, class Compare = std::less<Key>,
          class AllocatorOrContainer = new_allocator<std::pair<Key, T>>>
class flat_map {
public:
  typedef Key key_type;
  typedef T mapped_type;
  typedef std::pair<Key, T> value_type;
  typedef std::size_t size_type;
  typedef Compare key_compare;

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
    const_iterator(const iterator &);
    const value_type &operator*() const;
    const value_type *operator->() const;
    const_iterator &operator++();
    const_iterator operator++(int);
    friend bool operator==(const const_iterator &, const const_iterator &);
    friend bool operator!=(const const_iterator &, const const_iterator &);
  };

  flat_map();
  flat_map(std::initializer_list<value_type>);
  flat_map(const flat_map &);
  flat_map(flat_map &&);
  flat_map &operator=(const flat_map &);
  flat_map &operator=(flat_map &&);
  ~flat_map();

  iterator begin();
  const_iterator begin() const;
  const_iterator cbegin() const;
  iterator end();
  const_iterator end() const;
  const_iterator cend() const;

  bool empty() const;
  size_type size() const;
  size_type capacity() const;
  void reserve(size_type cnt);
  void shrink_to_fit();

  T &operator[](const key_type &k);
  T &operator[](key_type &&k);
  T &at(const key_type &k);
  const T &at(const key_type &k) const;

  std::pair<iterator, bool> insert(const value_type &x);
  std::pair<iterator, bool> insert(value_type &&x);
  iterator insert(const_iterator p, const value_type &x);
  template <class InputIterator> void insert(InputIterator first, InputIterator last);
  void insert(std::initializer_list<value_type> il);
  template <class M> std::pair<iterator, bool> insert_or_assign(const key_type &k, M &&obj);
  template <class... Args> std::pair<iterator, bool> emplace(Args &&...args);
  template <class... Args> iterator emplace_hint(const_iterator hint, Args &&...args);
  template <class... Args> std::pair<iterator, bool> try_emplace(const key_type &k, Args &&...args);

  iterator erase(const_iterator p);
  size_type erase(const key_type &x);
  iterator erase(const_iterator first, const_iterator last);

  void swap(flat_map &x);
  void clear();
  template <class C2> void merge(flat_map<Key, T, C2, AllocatorOrContainer> &source);

  iterator find(const key_type &x);
  const_iterator find(const key_type &x) const;
  size_type count(const key_type &x) const;
  bool contains(const key_type &x) const;
  iterator lower_bound(const key_type &x);
};

} // namespace container
} // namespace boost

#endif // MAPSAFETY_TEST_BOOST_CONTAINER_FLAT_MAP_HPP
