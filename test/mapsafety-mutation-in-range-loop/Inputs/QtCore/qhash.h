// Minimal stand-in for QtCore/qhash.h (Qt 6 API surface).
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
// QHash is not a built-in family of the check; tests map it with the
// ExtraContainerTypes option.
#ifndef MAPSAFETY_TEST_QHASH_H
#define MAPSAFETY_TEST_QHASH_H

#include <cstddef>
#include <initializer_list>
#include <utility>

using qsizetype = std::ptrdiff_t;

template <class Key, class T> class QHash {
public:
  using key_type = Key;
  using mapped_type = T;
  using value_type = T;
  using size_type = qsizetype;

  class const_iterator;
  class iterator {
  public:
    const Key &key() const noexcept;
    T &value() const noexcept;
    T &operator*() const noexcept;
    T *operator->() const noexcept;
    iterator &operator++() noexcept;
    iterator operator++(int) noexcept;
    bool operator==(const iterator &o) const noexcept;
    bool operator!=(const iterator &o) const noexcept;
  };
  class const_iterator {
  public:
    const_iterator() noexcept;
    const_iterator(const iterator &o) noexcept;
    const Key &key() const noexcept;
    const T &value() const noexcept;
    const T &operator*() const noexcept;
    const T *operator->() const noexcept;
    const_iterator &operator++() noexcept;
    const_iterator operator++(int) noexcept;
    bool operator==(const const_iterator &o) const noexcept;
    bool operator!=(const const_iterator &o) const noexcept;
  };

  QHash() noexcept;
  QHash(std::initializer_list<std::pair<Key, T>> list);
  QHash(const QHash &other) noexcept;
  QHash(QHash &&other) noexcept;
  QHash &operator=(const QHash &other) noexcept;
  QHash &operator=(QHash &&other) noexcept;
  ~QHash();

  iterator begin();
  const_iterator begin() const noexcept;
  const_iterator cbegin() const noexcept;
  iterator end() noexcept;
  const_iterator end() const noexcept;
  const_iterator cend() const noexcept;

  qsizetype size() const noexcept;
  qsizetype count() const noexcept;
  bool isEmpty() const noexcept;
  qsizetype capacity() const noexcept;
  void reserve(qsizetype size);
  void squeeze();
  void clear() noexcept;

  bool remove(const Key &key);
  T take(const Key &key);
  bool contains(const Key &key) const noexcept;
  qsizetype count(const Key &key) const noexcept;
  T value(const Key &key) const noexcept;
  T value(const Key &key, const T &defaultValue) const noexcept;
  T &operator[](const Key &key);
  const T operator[](const Key &key) const noexcept;

  iterator find(const Key &key);
  const_iterator find(const Key &key) const noexcept;
  iterator erase(const_iterator it);

  iterator insert(const Key &key, const T &value);
  void insert(const QHash &hash);
  template <typename... Args> iterator emplace(const Key &key, Args &&...args);

  void swap(QHash &other) noexcept;
};

#endif // MAPSAFETY_TEST_QHASH_H
