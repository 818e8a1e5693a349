// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17 -I%S/Inputs

// Insertion, rehash/reserve and extract on third-party containers.
// Open addressing, flat and btree families may move elements on insertion;
// node-based hash families (absl::node_hash_map) may rehash.

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "boost/container/flat_map.hpp"
#include "folly/container/F14Map.h"
#include "llvm/ADT/DenseMap.h"
#include "tsl/robin_map.h"

#include <string>
#include <utility>

void insert_into_absl_flat_hash_map_in_range_for(absl::flat_hash_map<int, int>& parent) {
  for (const auto& kv : parent)
    parent.insert({kv.second, kv.second});
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'parent' inside a loop over it: absl::flat_hash_map may move elements on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'parent' starts here
}

void subscript_with_new_key_into_absl_flat_hash_map(absl::flat_hash_map<std::string, int>& stats) {
  for (auto& [name, value] : stats)
    stats[name + "_max"] = value;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'stats' inside a loop over it: absl::flat_hash_map may move elements on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'stats' starts here
}

void try_emplace_into_absl_node_hash_map_in_range_for(absl::node_hash_map<int, std::string>& owners) {
  for (auto& [id, owner] : owners)
    if (owner.empty()) owners.try_emplace(-id, "orphan");
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: inserting into 'owners' inside a loop over it: absl::node_hash_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'owners' starts here
}

void emplace_into_absl_btree_map_in_range_for(absl::btree_map<long, int>& timeline) {
  for (auto& [ts, events] : timeline)
    if (events > 100) timeline.emplace(ts + 1, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: inserting into 'timeline' inside a loop over it: absl::btree_map may move elements on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'timeline' starts here
}

void subscript_with_new_key_into_llvm_densemap(llvm::DenseMap<unsigned, int>& depth) {
  for (auto& kv : depth)
    depth[kv.first + 1] = kv.second + 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'depth' inside a loop over it: llvm::DenseMap may move elements on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'depth' starts here
}

void try_emplace_into_llvm_densemap_in_iterator_loop(llvm::DenseMap<unsigned, int>& depth) {
  for (auto it = depth.begin(); it != depth.end(); ++it)
    if (it->second > 0) depth.try_emplace(it->first * 2, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: inserting into 'depth' inside a loop over it: llvm::DenseMap may move elements on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'depth' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:54: note: invalidated iterator 'it' is used here
}

void emplace_into_tsl_robin_map_in_range_for(tsl::robin_map<int, int>& next_hop) {
  for (const auto& kv : next_hop)
    next_hop.emplace(kv.second, kv.second);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'next_hop' inside a loop over it: tsl::robin_map may move elements on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'next_hop' starts here
}

void try_emplace_into_folly_f14_fast_map_in_range_for(folly::F14FastMap<int, std::string>& names) {
  for (auto& [id, name] : names)
    names.try_emplace(id + 1, name);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'names' inside a loop over it: folly::F14FastMap may move elements on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'names' starts here
}

void insert_into_boost_flat_map_in_range_for(boost::container::flat_map<int, int>& prices) {
  for (auto& kv : prices)
    if (kv.second > 1000) prices.insert({kv.first * 10, kv.second / 10});
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: inserting into 'prices' inside a loop over it: boost::container::flat_map may move elements on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'prices' starts here
}

void reserve_absl_flat_hash_map_in_range_for(absl::flat_hash_map<int, int>& refs) {
  for (auto& kv : refs)
    if (kv.second > 1) refs.reserve(refs.size() * 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: rehashing 'refs' inside a loop over it: absl::flat_hash_map rehash invalidates every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'refs' starts here
}

void extract_from_absl_btree_map_in_range_for(absl::btree_map<long, int>& timeline) {
  for (auto& [ts, events] : timeline) {
    if (events != 0)
      continue;
    auto node = timeline.extract(ts);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: extracting from 'timeline' inside a loop over it: absl::btree_map erase invalidates every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'timeline' starts here
  }
}

// ---- not flagged ----

void subscript_with_current_key_into_absl_flat_hash_map(absl::flat_hash_map<int, int>& hits) {
  for (auto& kv : hits)
    hits[kv.first] += 1;
}

void mapped_write_through_tsl_robin_map_iterator(tsl::robin_map<int, int>& slots) {
  for (auto it = slots.begin(); it != slots.end(); ++it)
    it.value() += 1;
}

int const_lookups_on_llvm_densemap(const llvm::DenseMap<unsigned, int>& depth) {
  int total = 0;
  for (auto& kv : depth)
    total += depth.lookup(kv.first + 1) + static_cast<int>(depth.count(kv.first * 2));
  return total;
}

void insert_into_other_absl_map_in_range_for(const absl::flat_hash_map<int, int>& parent,
                                             absl::flat_hash_map<int, int>& roots) {
  for (const auto& kv : parent)
    if (kv.first == kv.second) roots.insert({kv.first, kv.first});
}
