// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Helper calls: a function defined in this file that takes the container by
// reference/pointer (or a member function touching a member) and mutates it.
// The warning is at the call inside the loop (where the code must change) and
// uses the loop's spelling; notes follow the calls down to the mutation, which
// is named as the helper spells it. The helper itself is never blamed.

#include <map>
#include <string>
#include <unordered_map>

struct Session {
  bool expired;
  int owner;
};

struct Conn {
  bool closed;
  int fd;
};

static void drop_session(std::map<int, Session>& table, int id) {
  table.erase(id);
}

void erase_through_helper_taking_reference(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) drop_session(sessions, kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: 'drop_session' mutates 'table' here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
}

void close_by_fd(std::unordered_map<int, Conn>* table, int fd) {
  table->erase(fd);
}

void erase_through_helper_taking_pointer(std::unordered_map<int, Conn>& conns) {
  for (auto& [fd, conn] : conns)
    if (conn.closed) close_by_fd(&conns, fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: erasing from 'conns' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: 'close_by_fd' mutates '*table' here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'conns' starts here
}

static void reset_all(std::unordered_map<std::string, int>& quotas) {
  quotas.clear();
}

void clear_through_helper(std::unordered_map<std::string, int>& limits) {
  for (auto& [user, limit] : limits)
    if (limit < 0) reset_all(limits);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: clearing 'limits' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: 'reset_all' mutates 'quotas' here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'limits' starts here
}

static void open_replacement(std::unordered_map<int, Conn>& pool, int fd) {
  pool.emplace(fd + 1000, Conn{false, fd + 1000});
}

void insert_through_helper_in_iterator_loop(std::unordered_map<int, Conn>& conns) {
  for (auto it = conns.begin(); it != conns.end(); ++it)
    if (it->second.closed) open_replacement(conns, it->first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: inserting into 'conns' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: 'open_replacement' mutates 'pool' here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'conns' starts here
  // CHECK-MESSAGES: :[[@LINE-5]]:54: note: invalidated iterator 'it' is used here
}

static void replace_table(std::map<int, Session>& table) {
  std::map<int, Session> fresh;
  table.swap(fresh);
}

void swap_through_helper_in_loop_over_alias(std::map<int, Session>& sessions) {
  auto& view = sessions;
  for (auto& kv : view)
    if (kv.second.owner < 0) replace_table(sessions);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: swapping 'view' inside a loop over it: swap leaves the loop's iterators pointing into the other container [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: 'replace_table' mutates 'table' here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'view' starts here
}

class Registry {
public:
  void unsubscribe(int id) {
    subscribers_.erase(id);
  }

  void erase_through_member_helper() {
    for (auto& [id, topic] : subscribers_)
      if (topic.empty()) unsubscribe(id);
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: erasing from 'subscribers_' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-7]]:5: note: 'unsubscribe' mutates 'subscribers_' here
    // CHECK-MESSAGES: :[[@LINE-4]]:5: note: loop iterating over 'subscribers_' starts here
  }

private:
  std::map<int, std::string> subscribers_;
};

// Deeper calls are followed too (HelperCallDepth, default 3): the warning
// stays at the call in the loop, with a note for every call on the way.
static void forget_id(std::map<int, Session>& table, int id) {
  table.erase(id);
}

static void expire_one(std::map<int, Session>& table, int id) {
  forget_id(table, id);
}

void mutation_two_helper_levels_deep(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) expire_one(sessions, kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: 'expire_one' calls 'forget_id' here
  // CHECK-MESSAGES: :[[@LINE-12]]:3: note: 'forget_id' mutates 'table' here
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'sessions' starts here
}

// ---- not flagged ----

static int count_live(const std::map<int, Session>& table) {
  int n = 0;
  for (auto& kv : table)
    n += kv.second.expired ? 0 : 1;
  return n;
}

void helper_taking_const_reference(std::map<int, Session>& sessions, int& live) {
  for (auto& kv : sessions)
    if (kv.second.owner == 0) live += count_live(sessions);
}

static std::size_t pruned_size(std::map<int, Session> copy, int id) {
  copy.erase(id);
  return copy.size();
}

void helper_taking_copy(std::map<int, Session>& sessions, std::size_t& total) {
  for (auto& kv : sessions)
    total += pruned_size(sessions, kv.first);
}



void evict_remote(std::map<int, Session>& table, int id);

void helper_declared_but_not_defined_here(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) evict_remote(sessions, kv.first);
}

static void archive_session(const std::map<int, Session>& live,
                            std::unordered_map<int, Session>& archive, int id) {
  archive.emplace(id, live.at(id));
}

void helper_mutating_a_different_container(const std::map<int, Session>& sessions,
                                           std::unordered_map<int, Session>& archive) {
  for (auto& kv : sessions)
    if (kv.second.expired) archive_session(sessions, archive, kv.first);
}

static void remove_owner(std::map<int, Session>& table, int id) {
  table.erase(id);
}

void helper_call_followed_by_break(std::map<int, Session>& sessions, int owner) {
  for (auto& kv : sessions) {
    if (kv.second.owner == owner) {
      remove_owner(sessions, kv.first);
      break;
    }
  }
}

// The helper receives the loop's iterator or element and reads the key from
// it: `pos->first` and `entry.first` there are the current key, in whatever
// helper frame they are spelled (the key is mapped back to the call's argument).
static void retire_at(std::map<int, Session>& table, std::map<int, Session>::iterator pos) {
  table.erase(pos->first);
}

void erase_current_key_read_from_iterator_in_helper(std::map<int, Session>& sessions) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it)
    if (it->second.expired) retire_at(sessions, it);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: 'retire_at' mutates 'table' here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
  // CHECK-MESSAGES: :[[@LINE-5]]:60: note: invalidated iterator 'it' is used here
}

static void retire_entry(std::map<int, Session>& table, const std::pair<const int, Session>& entry) {
  const int id = entry.first;
  table.erase(id);
}

void erase_current_key_copied_from_element_in_helper(std::map<int, Session>& sessions) {
  for (auto& kv : sessions)
    if (kv.second.expired) retire_entry(sessions, kv);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: 'retire_entry' mutates 'table' here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'sessions' starts here
}

// Another iterator's key: the element erased is not the one `it` is on.
void erase_other_key_read_from_iterator_in_helper(std::map<int, Session>& sessions) {
  auto oldest = sessions.begin();
  for (auto it = std::next(sessions.begin()); it != sessions.end(); ++it)
    if (it->second.owner == oldest->second.owner) {
      retire_at(sessions, oldest);
      break;
    }
}
