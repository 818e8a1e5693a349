// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Insertion into std containers. Node-based hash containers (std::unordered_*)
// may rehash on insertion and are flagged; node-based ordered containers
// (std::map/set/multi*) keep iterators valid and are not flagged by default.
// operator[] with the current element's key never inserts.

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

struct Job {
  int next_run;
  bool repeat;
};

void emplace_into_unordered_map_in_range_for(std::unordered_map<int, Job>& jobs, int& next_id) {
  for (auto& [id, job] : jobs)
    if (job.repeat) jobs.emplace(next_id++, Job{job.next_run + 60, true});
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: inserting into 'jobs' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'jobs' starts here
}

void subscript_with_new_key_into_unordered_map_in_range_for(
    std::unordered_map<std::string, long>& counters) {
  for (auto& [name, value] : counters)
    counters[name + ".total"] += value;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'counters' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'counters' starts here
}

void try_emplace_into_unordered_map_in_range_for(std::unordered_map<int, int>& parent_of) {
  for (auto& [child, parent] : parent_of)
    parent_of.try_emplace(parent, parent);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'parent_of' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'parent_of' starts here
}

void insert_or_assign_into_unordered_map_in_range_for(std::unordered_map<int, Job>& jobs) {
  for (const auto& kv : jobs)
    if (kv.second.repeat) jobs.insert_or_assign(-kv.first, kv.second);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: inserting into 'jobs' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'jobs' starts here
}

void insert_into_unordered_set_in_range_for(std::unordered_set<std::string>& hosts) {
  for (const std::string& host : hosts)
    if (host.back() != '.') hosts.insert(host + ".");
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: inserting into 'hosts' inside a loop over it: std::unordered_set may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'hosts' starts here
}

void emplace_hint_into_unordered_map_in_range_for(std::unordered_map<int, int>& m) {
  for (auto& kv : m)
    m.emplace_hint(m.end(), kv.first * 2, kv.second);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'm' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'm' starts here
}

void merge_other_into_unordered_map_in_range_for(std::unordered_map<int, Job>& jobs,
                                                 std::unordered_map<int, Job>& incoming) {
  for (auto& kv : jobs)
    if (kv.second.repeat) jobs.merge(incoming);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: merging into 'jobs' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'jobs' starts here
}

void subscript_insert_into_unordered_map_in_iterator_loop(std::unordered_map<int, bool>& seen) {
  for (auto it = seen.begin(); it != seen.end(); ++it)
    if (it->second) seen[it->first + 1] = false;
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: inserting into 'seen' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'seen' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:52: note: invalidated iterator 'it' is used here
}

void insert_into_unordered_multimap_in_range_for(std::unordered_multimap<int, int>& edges) {
  for (auto& [from, to] : edges)
    edges.insert({to, from});
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'edges' inside a loop over it: std::unordered_multimap may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'edges' starts here
}

// ---- not flagged ----

void insert_into_std_map_in_range_for_by_default(std::map<int, Job>& jobs) {
  for (const auto& kv : jobs)
    if (kv.second.repeat) jobs.insert({kv.first + 1000, kv.second});
}

void emplace_into_std_set_in_range_for_by_default(std::set<int>& ports) {
  for (int port : ports)
    if (port < 1024) ports.emplace(port + 8000);
}

void subscript_with_new_key_into_std_map_by_default(std::map<std::string, long>& counters) {
  for (auto& [name, value] : counters)
    counters[name + ".total"] += value;
}

void insert_into_std_multimap_in_range_for_by_default(std::multimap<int, int>& edges) {
  for (auto& [from, to] : edges)
    if (from < to) edges.emplace(to, from);
}

void merge_into_std_map_in_range_for_by_default(std::map<int, Job>& jobs,
                                                std::map<int, Job>& incoming) {
  for (auto& kv : jobs)
    if (kv.second.repeat) jobs.merge(incoming);
}

void subscript_with_current_key_in_range_for_over_unordered_map(std::unordered_map<int, int>& hits) {
  for (auto& kv : hits)
    hits[kv.first] += 1;
}

void subscript_with_current_structured_binding_key(std::unordered_map<std::string, long>& counters) {
  for (auto& [name, value] : counters)
    if (value < 0) counters[name] = 0;
}

void insert_into_other_unordered_map_in_range_for(const std::unordered_map<int, Job>& jobs,
                                                  std::unordered_map<int, Job>& next_round) {
  for (const auto& kv : jobs)
    if (kv.second.repeat) next_round.emplace(kv.first, kv.second);
}

void insert_into_unordered_map_then_break(std::unordered_map<int, Job>& jobs, int& next_id) {
  for (const auto& kv : jobs) {
    if (kv.second.repeat) {
      jobs.emplace(next_id++, kv.second);
      break;
    }
  }
}
