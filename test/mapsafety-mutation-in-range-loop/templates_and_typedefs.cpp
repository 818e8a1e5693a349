// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Containers recognised through typedefs, alias templates and classes derived
// from std containers (the message names the std template), and code in
// templates: each instantiation is checked, uninstantiated templates are not.

#include <map>
#include <string>
#include <unordered_map>

struct Session {
  bool expired;
  int owner;
};

typedef std::map<int, Session> SessionTable;
using ConnTable = std::unordered_map<int, std::string>;
template <class V> using IdMap = std::map<int, V>;

struct SessionIndex : std::map<int, Session> {
  int generation = 0;
};

class PeerSet : public std::unordered_map<std::string, int> {
public:
  int version() const { return version_; }

private:
  int version_ = 0;
};

void erase_through_typedef_name(SessionTable& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) sessions.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void insert_through_using_alias(ConnTable& conns) {
  for (auto& [fd, peer] : conns)
    if (peer.empty()) conns.emplace(-fd, "closed");
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: inserting into 'conns' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'conns' starts here
}

void erase_through_alias_template(IdMap<std::string>& names) {
  for (auto& [id, name] : names)
    if (name.empty()) names.erase(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: erasing from 'names' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'names' starts here
}

void erase_from_class_derived_from_std_map(SessionIndex& index) {
  for (auto& kv : index)
    if (kv.second.expired) index.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'index' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'index' starts here
}

void subscript_insert_into_class_derived_from_unordered_map(PeerSet& peers) {
  for (auto& [host, port] : peers)
    if (port == 0) peers[host + ":default"] = 80;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: inserting into 'peers' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'peers' starts here
}

template <class Table> void purge_expired_in_function_template(Table& table) {
  for (auto& kv : table)
    if (kv.second.expired) table.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'table' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'table' starts here
}

void instantiate_function_template_once(std::map<int, Session>& sessions) {
  purge_expired_in_function_template(sessions);
}

template <class Key> class HitCounter {
public:
  void evict_cold_keys_in_class_template_member() {
    for (auto& kv : hits_)
      if (kv.second == 0) hits_.erase(kv.first);
    // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: erasing from 'hits_' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'hits_' starts here
  }

private:
  std::unordered_map<Key, int> hits_;
};

template class HitCounter<int>;

// Two instantiations with different families: one warning per instantiation,
// both at the same location, ordered by message text.
template <class Counts> void drop_zero_counts_for_two_families(Counts& counts) {
  for (auto& kv : counts)
    if (kv.second == 0) counts.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: erasing from 'counts' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'counts' starts here
  // CHECK-MESSAGES: :[[@LINE-3]]:25: warning: erasing from 'counts' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'counts' starts here
}

void instantiate_for_map_and_unordered_map(std::map<int, int>& a, std::unordered_map<int, int>& b) {
  drop_zero_counts_for_two_families(a);
  drop_zero_counts_for_two_families(b);
}

// Two instantiations with the same family produce identical diagnostics,
// which clang-tidy reports once.
template <class Index> void drop_expired_for_two_map_types(Index& index) {
  for (auto& kv : index)
    if (kv.second.expired) index.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'index' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'index' starts here
}

void instantiate_for_two_std_map_types(std::map<int, Session>& a, std::map<long, Session>& b) {
  drop_expired_for_two_map_types(a);
  drop_expired_for_two_map_types(b);
}

// ---- not flagged ----

template <class Table> void uninstantiated_function_template(Table& table) {
  for (auto& kv : table)
    if (kv.second.expired) table.erase(kv.first);
}

template <class Key> class UninstantiatedCache {
public:
  void evict_in_uninstantiated_class_template() {
    for (auto& kv : entries_)
      if (kv.second < 0) entries_.erase(kv.first);
  }

private:
  std::map<Key, int> entries_;
};

template <class Table> void correct_idiom_in_instantiated_template(Table& table) {
  for (auto it = table.begin(); it != table.end();) {
    if (it->second.expired)
      it = table.erase(it);
    else
      ++it;
  }
}

void instantiate_correct_idiom(SessionTable& sessions) {
  correct_idiom_in_instantiated_template(sessions);
}

void mapped_write_through_typedef_name(SessionTable& sessions) {
  for (auto& kv : sessions)
    kv.second.expired = kv.second.owner == 0;
}

int const_lookups_on_derived_class(const PeerSet& peers) {
  int known = 0;
  for (auto& [host, port] : peers)
    known += static_cast<int>(peers.count(host + ":default")) + port + peers.version();
  return known;
}
