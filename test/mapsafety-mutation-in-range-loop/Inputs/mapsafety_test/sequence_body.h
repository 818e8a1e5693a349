// The member declarations the sequence stand-ins share (declarations only:
// enough for -fsyntax-only and clang-tidy tests). MAPSAFETY_TEST_SEQUENCE(C)
// declares, inside class template C<T, ...>, what a vector-like container has.
#ifndef MAPSAFETY_TEST_SEQUENCE_BODY_H
#define MAPSAFETY_TEST_SEQUENCE_BODY_H

#include <cstddef>
#include <initializer_list>

#define MAPSAFETY_TEST_SEQUENCE(C)                                                        \
public:                                                                                   \
  using value_type = T;                                                                   \
  using size_type = std::size_t;                                                          \
  using reference = T &;                                                                  \
  using const_reference = const T &;                                                      \
  using iterator = T *;                                                                   \
  using const_iterator = const T *;                                                       \
  C();                                                                                    \
  C(std::initializer_list<T>);                                                            \
  C(const C &);                                                                           \
  C(C &&);                                                                                \
  C &operator=(const C &);                                                                \
  C &operator=(C &&);                                                                     \
  ~C();                                                                                   \
  iterator begin();                                                                       \
  iterator end();                                                                         \
  const_iterator begin() const;                                                           \
  const_iterator end() const;                                                             \
  size_type size() const;                                                                 \
  bool empty() const;                                                                     \
  T &operator[](size_type);                                                               \
  const T &operator[](size_type) const;                                                   \
  T &front();                                                                             \
  T &back();                                                                              \
  T *data();                                                                              \
  void push_back(const T &);                                                              \
  template <class... A> T &emplace_back(A &&...);                                         \
  void pop_back();                                                                        \
  iterator insert(const_iterator, const T &);                                             \
  template <class... A> iterator emplace(const_iterator, A &&...);                        \
  iterator erase(const_iterator);                                                         \
  iterator erase(const_iterator, const_iterator);                                         \
  void resize(size_type);                                                                 \
  void reserve(size_type);                                                                \
  void clear();                                                                           \
  void swap(C &);
#endif
