// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -config="{CheckOptions: [{key: mapsafety-mutation-in-range-loop.ReportInsertIntoOrderedContainers, value: true}]}" -- -std=c++17

// ReportInsertIntoOrderedContainers=true: insertion into std::map/set/multi*
// inside a loop over them is reported (iterators stay valid, but whether the
// loop visits the new element depends on its key). Everything reported by
// default is still reported.

#include <map>
#include <set>
#include <string>
#include <unordered_map>

struct Job {
  int next_run;
  bool repeat;
};

void insert_into_std_map_in_range_for(std::map<int, Job>& schedule) {
  for (const auto& kv : schedule)
    if (kv.second.repeat) schedule.insert({kv.first + 60, kv.second});
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: inserting into 'schedule' inside a loop over it: std::map keeps iterators valid, but whether the loop visits the new element depends on its key [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'schedule' starts here
}

void emplace_into_std_set_in_range_for(std::set<int>& ports) {
  for (int port : ports)
    if (port < 1024) ports.emplace(port + 8000);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: inserting into 'ports' inside a loop over it: std::set keeps iterators valid, but whether the loop visits the new element depends on its key [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'ports' starts here
}

void subscript_with_new_key_into_std_map(std::map<std::string, long>& counters) {
  for (auto& [name, value] : counters)
    counters[name + ".total"] += value;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'counters' inside a loop over it: std::map keeps iterators valid, but whether the loop visits the new element depends on its key [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'counters' starts here
}

void try_emplace_into_std_map_in_range_for(std::map<int, int>& parent_of) {
  for (auto& [child, parent] : parent_of)
    parent_of.try_emplace(parent, parent);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'parent_of' inside a loop over it: std::map keeps iterators valid, but whether the loop visits the new element depends on its key [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'parent_of' starts here
}

void emplace_into_std_multimap_in_range_for(std::multimap<int, int>& edges) {
  for (auto& [from, to] : edges)
    if (from < to) edges.emplace(to, from);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: inserting into 'edges' inside a loop over it: std::multimap keeps iterators valid, but whether the loop visits the new element depends on its key [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'edges' starts here
}

void merge_into_std_map_in_range_for(std::map<int, Job>& schedule, std::map<int, Job>& incoming) {
  for (auto& kv : schedule)
    if (kv.second.repeat) schedule.merge(incoming);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: merging into 'schedule' inside a loop over it: std::map keeps iterators valid, but whether the loop visits the new element depends on its key [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'schedule' starts here
}

void insert_into_unordered_map_keeps_its_rehash_message(std::unordered_map<int, Job>& jobs) {
  for (const auto& kv : jobs)
    if (kv.second.repeat) jobs.emplace(kv.first + 60, kv.second);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: inserting into 'jobs' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'jobs' starts here
}

void erase_from_std_map_still_reported(std::map<int, Job>& schedule) {
  for (const auto& kv : schedule)
    if (!kv.second.repeat) schedule.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'schedule' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'schedule' starts here
}

// ---- not flagged, even with the option ----

void subscript_with_current_key_into_std_map(std::map<std::string, long>& counters) {
  for (auto& [name, value] : counters)
    counters[name] = value * 2;
}

void insert_into_other_std_map_in_range_for(const std::map<int, Job>& schedule,
                                            std::map<int, Job>& next_round) {
  for (const auto& kv : schedule)
    if (kv.second.repeat) next_round.insert({kv.first + 60, kv.second});
}

void insert_into_std_map_then_break(std::map<int, Job>& schedule) {
  for (const auto& kv : schedule) {
    if (kv.second.repeat) {
      schedule.insert({kv.first + 60, kv.second});
      break;
    }
  }
}

void insert_into_std_set_after_loop(std::set<int>& ports) {
  int highest = 0;
  for (int port : ports)
    highest = port > highest ? port : highest;
  ports.insert(highest + 1);
}
