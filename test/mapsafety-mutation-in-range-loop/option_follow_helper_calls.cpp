// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -config="{CheckOptions: [{key: mapsafety-mutation-in-range-loop.FollowHelperCalls, value: false}]}" -- -std=c++17

// FollowHelperCalls=false: mutations hidden in helper functions are not
// followed; direct mutations in the loop body are still reported.

#include <map>
#include <string>
#include <unordered_map>

struct Session {
  bool expired;
  int owner;
};

static void drop_session(std::map<int, Session>& table, int id) {
  table.erase(id);
}

void helper_erase_not_followed(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) drop_session(sessions, kv.first);
}

static void add_alias(std::unordered_map<std::string, int>* table, const std::string& name) {
  table->emplace(name + ".alias", 0);
}

void helper_insert_through_pointer_not_followed(std::unordered_map<std::string, int>& ids) {
  for (auto& [name, id] : ids)
    if (id == 0) add_alias(&ids, name);
}

static void reset_table(std::unordered_map<int, int>& table) {
  table.clear();
}

void helper_clear_in_iterator_loop_not_followed(std::unordered_map<int, int>& counts) {
  for (auto it = counts.begin(); it != counts.end(); ++it)
    if (it->second < 0) reset_table(counts);
}

class Registry {
public:
  void unsubscribe(int id) { subscribers_.erase(id); }

  void member_helper_not_followed() {
    for (auto& [id, topic] : subscribers_)
      if (topic.empty()) unsubscribe(id);
  }

  void direct_erase_of_member_still_reported() {
    for (auto& [id, topic] : subscribers_)
      if (topic.empty()) subscribers_.erase(id);
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: erasing from 'subscribers_' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'subscribers_' starts here
  }

private:
  std::map<int, std::string> subscribers_;
};

void direct_erase_still_reported(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) sessions.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'sessions' starts here
}

void direct_clear_in_iterator_loop_still_reported(std::unordered_map<int, int>& counts) {
  for (auto it = counts.begin(); it != counts.end(); ++it)
    if (it->second < 0) counts.clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: clearing 'counts' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'counts' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:56: note: invalidated iterator 'it' is used here
}
