// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Range-for loops that do NOT mutate the iterated container's structure.
// The last function is a positive control so the file always has a check line.

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

struct Session {
  bool expired;
  int owner;
};

void collect_keys_then_erase_after_loop(std::map<int, Session>& sessions) {
  std::vector<int> dead;
  for (const auto& kv : sessions)
    if (kv.second.expired) dead.push_back(kv.first);
  for (int id : dead)
    sessions.erase(id);
}

void erase_from_other_map_in_range_for(const std::map<int, Session>& sessions,
                                       std::map<int, int>& owners) {
  for (const auto& kv : sessions)
    if (kv.second.expired) owners.erase(kv.second.owner);
}

void erase_from_original_while_iterating_snapshot(std::map<int, Session>& sessions) {
  const auto snapshot = sessions;
  for (const auto& kv : snapshot)
    if (kv.second.expired) sessions.erase(kv.first);
}

void erase_from_survivor_copy_then_swap_after_loop(std::unordered_map<int, Session>& sessions) {
  auto survivors = sessions;
  for (const auto& kv : sessions)
    if (kv.second.expired) survivors.erase(kv.first);
  sessions.swap(survivors);
}

void erase_before_loop(std::map<int, Session>& sessions, int banned, int& alive) {
  sessions.erase(banned);
  for (const auto& kv : sessions)
    if (!kv.second.expired) ++alive;
}

int const_member_calls_in_range_for(std::map<int, Session>& sessions) {
  int hits = 0;
  for (const auto& kv : sessions) {
    if (sessions.count(kv.second.owner) && sessions.find(kv.first) != sessions.end())
      hits += sessions.at(kv.first).owner + static_cast<int>(sessions.size());
  }
  return hits;
}

void mapped_value_write_in_range_for(std::unordered_map<int, Session>& sessions) {
  for (auto& kv : sessions)
    kv.second.expired = true;
}

void assign_through_at_in_range_for(std::map<int, Session>& sessions) {
  for (auto& [id, s] : sessions)
    if (s.expired) sessions.at(id).owner = 0;
}

void erase_from_mapped_set_in_range_for(std::map<int, std::set<int>>& groups) {
  for (auto& [group, members] : groups)
    members.erase(group);
}

void erase_in_loop_over_vector_of_keys(std::map<int, Session>& sessions,
                                       const std::vector<int>& logged_out) {
  for (int id : logged_out)
    sessions.erase(id);
}

void erase_from_shadowing_local_map_in_range_for(std::map<int, int>& m) {
  for (auto& kv : m) {
    std::map<int, int> m = {{kv.first, kv.second}};
    m.erase(kv.first);
  }
}

void remember_victim_and_erase_after_loop(std::map<int, Session>& sessions) {
  int victim = -1;
  for (const auto& kv : sessions)
    if (kv.second.expired) victim = kv.first;
  if (victim >= 0)
    sessions.erase(victim);
}

void control_erase_in_range_for_is_still_flagged(std::map<std::string, int>& refcounts) {
  for (auto& [name, count] : refcounts)
    if (count == 0) refcounts.erase(name);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: erasing from 'refcounts' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'refcounts' starts here
}
