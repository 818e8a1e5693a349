// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -config="{CheckOptions: [{key: mapsafety-mutation-in-range-loop.ExtraContainerTypes, value: 'mylib::SlotMap=open-addressing;mylib::SortedVecMap=flat-sorted;mylib::ChainedMap=node-hash;mylib::TreeMap=btree;mylib::RbMap=node-ordered;QHash=node-hash'}]}" -- -std=c++17 -I%S/Inputs

// ExtraContainerTypes maps user (or unsupported third-party) types to a
// family; the message names the type by its qualified name. QHash is not a
// built-in family and is mapped here explicitly.

#include "QtCore/qhash.h"

#include <cstddef>
#include <string>
#include <utility>

namespace mylib {

template <class K, class V> class SlotMap {
public:
  using value_type = std::pair<const K, V>;
  using iterator = value_type *;
  iterator begin();
  iterator end();
  std::pair<iterator, bool> insert(const value_type &);
  template <class... Args> std::pair<iterator, bool> emplace(Args &&...);
  iterator erase(iterator);
  std::size_t erase(const K &);
  V &operator[](const K &);
  void clear();
};

template <class K, class V> class SortedVecMap {
public:
  using value_type = std::pair<K, V>;
  using iterator = value_type *;
  iterator begin();
  iterator end();
  std::pair<iterator, bool> insert(const value_type &);
  template <class... Args> std::pair<iterator, bool> try_emplace(const K &, Args &&...);
  iterator erase(iterator);
  std::size_t erase(const K &);
};

class ChainedMap {
public:
  using value_type = std::pair<const int, int>;
  using iterator = value_type *;
  iterator begin();
  iterator end();
  template <class... Args> std::pair<iterator, bool> emplace(Args &&...);
  iterator erase(iterator);
  std::size_t erase(const int &);
  void rehash(std::size_t);
};

template <class K, class V> class TreeMap {
public:
  using value_type = std::pair<const K, V>;
  using iterator = value_type *;
  iterator begin();
  iterator end();
  iterator erase(iterator);
  std::size_t erase(const K &);
};

template <class K, class V> class RbMap {
public:
  using value_type = std::pair<const K, V>;
  using iterator = value_type *;
  iterator begin();
  iterator end();
  std::pair<iterator, bool> insert(const value_type &);
  iterator erase(iterator);
  std::size_t erase(const K &);
};

template <class K, class V> class Registry {
public:
  using value_type = std::pair<const K, V>;
  using iterator = value_type *;
  iterator begin();
  iterator end();
  std::pair<iterator, bool> insert(const value_type &);
  iterator erase(iterator);
  std::size_t erase(const K &);
};

} // namespace mylib

void insert_into_slot_map_in_range_for(mylib::SlotMap<int, int>& parent) {
  for (auto& kv : parent)
    if (kv.second != kv.first) parent.insert({kv.second, kv.second});
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: inserting into 'parent' inside a loop over it: mylib::SlotMap may move elements on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'parent' starts here
}

void subscript_with_new_key_into_slot_map(mylib::SlotMap<std::string, int>& stats) {
  for (auto& [name, value] : stats)
    stats[name + "_max"] = value;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'stats' inside a loop over it: mylib::SlotMap may move elements on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'stats' starts here
}

void clear_slot_map_in_range_for(mylib::SlotMap<int, int>& cache) {
  for (auto& kv : cache)
    if (kv.second < 0) cache.clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: clearing 'cache' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'cache' starts here
}

void erase_from_sorted_vec_map_in_range_for(mylib::SortedVecMap<int, int>& prices) {
  for (auto& kv : prices)
    if (kv.second <= 0) prices.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: erasing from 'prices' inside a loop over it: mylib::SortedVecMap erase invalidates every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'prices' starts here
}

void try_emplace_into_sorted_vec_map_in_range_for(mylib::SortedVecMap<int, int>& prices) {
  for (auto& kv : prices)
    prices.try_emplace(kv.first * 10, kv.second / 10);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'prices' inside a loop over it: mylib::SortedVecMap may move elements on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'prices' starts here
}

void erase_from_chained_map_in_range_for(mylib::ChainedMap& refs) {
  for (auto& kv : refs)
    if (kv.second == 0) refs.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: erasing from 'refs' inside a loop over it: mylib::ChainedMap invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'refs' starts here
}

void emplace_into_chained_map_in_range_for(mylib::ChainedMap& refs) {
  for (auto& kv : refs)
    if (kv.second > 1) refs.emplace(-kv.first, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: inserting into 'refs' inside a loop over it: mylib::ChainedMap may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'refs' starts here
}

void rehash_chained_map_in_range_for(mylib::ChainedMap& refs) {
  for (auto& kv : refs)
    if (kv.second > 1000) refs.rehash(4096);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: rehashing 'refs' inside a loop over it: mylib::ChainedMap rehash invalidates every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'refs' starts here
}

void erase_from_tree_map_in_range_for(mylib::TreeMap<long, int>& timeline) {
  for (auto& [ts, events] : timeline)
    if (events == 0) timeline.erase(ts);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: erasing from 'timeline' inside a loop over it: mylib::TreeMap erase invalidates every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'timeline' starts here
}

void erase_from_rb_map_in_range_for(mylib::RbMap<int, int>& leases) {
  for (auto& kv : leases)
    if (kv.second < 0) leases.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: erasing from 'leases' inside a loop over it: mylib::RbMap invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'leases' starts here
}

void erase_iterator_in_qhash_loop(QHash<int, int>& refs) {
  for (auto it = refs.begin(); it != refs.end(); ++it)
    if (it.value() == 0) refs.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: erasing from 'refs' inside a loop over it: QHash invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'refs' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:52: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = refs.begin(); it != refs.end(); ){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it.value() == 0) it = refs.erase(it); else ++it;{{$}}
}

void insert_into_qhash_in_range_for(QHash<int, int>& next_hop) {
  for (int hop : next_hop)
    if (hop > 0) next_hop.insert(-hop, hop);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: inserting into 'next_hop' inside a loop over it: QHash may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'next_hop' starts here
}

// ---- not flagged ----

void insert_into_rb_map_not_reported_by_default(mylib::RbMap<int, int>& leases) {
  for (auto& kv : leases)
    if (kv.second > 0) leases.insert({kv.first + 1000, kv.second});
}

void erase_from_unlisted_container(mylib::Registry<int, int>& subscribers) {
  for (auto& kv : subscribers)
    if (kv.second == 0) subscribers.erase(kv.first);
}

void assign_erase_result_in_qhash_loop(QHash<int, int>& refs) {
  for (auto it = refs.begin(); it != refs.end();) {
    if (it.value() == 0)
      it = refs.erase(it);
    else
      ++it;
  }
}

void mapped_write_in_slot_map(mylib::SlotMap<int, int>& cache) {
  for (auto& kv : cache)
    kv.second = 0;
}
