// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// rehash/reserve on the iterated hash container, and merging the iterated
// container into another one (which moves its nodes away). reserve is
// reported with the action 'rehashing' (it may rehash); 'live.merge(staging)'
// inside a loop over staging is warned at the start of the call.

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

void rehash_unordered_map_in_range_for(std::unordered_map<int, int>& buckets) {
  for (auto& kv : buckets)
    if (kv.second > 8) buckets.rehash(buckets.bucket_count() * 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: rehashing 'buckets' inside a loop over it: std::unordered_map rehash invalidates every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'buckets' starts here
}

void reserve_unordered_set_in_range_for(std::unordered_set<std::string>& seen, std::size_t expected) {
  for (const std::string& key : seen)
    if (key.empty()) seen.reserve(expected);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: rehashing 'seen' inside a loop over it: std::unordered_set rehash invalidates every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'seen' starts here
}

void reserve_in_iterator_loop(std::unordered_map<int, int>& buckets) {
  for (auto it = buckets.begin(); it != buckets.end(); ++it)
    if (it->second > 8) buckets.reserve(buckets.size() * 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: rehashing 'buckets' inside a loop over it: std::unordered_map rehash invalidates every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'buckets' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:58: note: invalidated iterator 'it' is used here
}

void merge_iterated_map_into_other(std::map<int, int>& staging, std::map<int, int>& live) {
  for (auto& kv : staging)
    if (kv.second < 0) live.merge(staging);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: moving elements out of 'staging' inside a loop over it: merge moves its elements into another container, out from under the loop's iterator [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'staging' starts here
}

void merge_iterated_unordered_set_into_other(std::unordered_set<int>& pending,
                                             std::unordered_set<int>& done) {
  for (int id : pending)
    if (id == 0) done.merge(pending);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: moving elements out of 'pending' inside a loop over it: merge moves its elements into another container, out from under the loop's iterator [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'pending' starts here
}

// ---- not flagged ----

void reserve_other_map_in_range_for(const std::unordered_map<int, int>& buckets,
                                    std::unordered_map<int, int>& index) {
  for (auto& kv : buckets)
    if (kv.second > 8) index.reserve(index.size() + kv.second);
}

void reserve_mapped_vector_in_range_for(std::unordered_map<int, std::vector<int>>& adjacency) {
  for (auto& [node, edges] : adjacency)
    if (node >= 0) edges.reserve(edges.size() * 2);
}

void rehash_before_loop(std::unordered_map<int, int>& buckets, int& total) {
  buckets.rehash(64);
  for (auto& kv : buckets)
    total += kv.second;
}

void merge_into_other_after_loop(std::map<int, int>& staging, std::map<int, int>& live) {
  bool valid = true;
  for (auto& kv : staging)
    valid = valid && kv.second >= 0;
  if (valid)
    live.merge(staging);
}

void merge_set_values_inside_loop_over_other(const std::map<int, int>& plan,
                                             std::set<int>& a, std::set<int>& b) {
  for (auto& kv : plan)
    if (kv.second == 1) a.merge(b);
}
