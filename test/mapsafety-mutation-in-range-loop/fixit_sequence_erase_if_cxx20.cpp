// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++20

// Under C++20, an iterator loop over a std sequence container whose body is
// exactly `if (P) C.erase(it);` (with `++it` in the header and `it` declared
// by the loop) becomes one `std::erase_if(C, [&](const auto& elem_) { ... })`
// when P only reads the element (`*it`, `it->m`, const members) and values
// that cannot reach the container. Otherwise the `it = C.erase(it)` rewrite
// is offered as before.

#include <deque>
#include <list>
#include <string>
#include <vector>

struct Task {
  int id;
  bool done;
  bool expired() const { return done && id < 0; }
  void touch();
};

void drop_negative_ids(std::vector<int>& ids) {
  for (auto it = ids.begin(); it != ids.end(); ++it)
    if (*it < 0) ids.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: erasing from 'ids' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'ids' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:50: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  std::erase_if(ids, [&](const auto& elem_) { return elem_ < 0; });{{$}}
  // CHECK-FIXES-NOT: ids.erase(it)
}

void drop_finished_tasks(std::deque<Task>& queue, int limit) {
  for (auto it = queue.begin(); it != queue.end(); it++) {
    if (it->done && (*it).id > limit) {
      queue.erase(it);
    }
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:7: warning: erasing from 'queue' inside a loop over it: std::deque erase invalidates every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: loop iterating over 'queue' starts here
  // CHECK-MESSAGES: :[[@LINE-7]]:52: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  std::erase_if(queue, [&](const auto& elem_) { return elem_.done && (elem_).id > limit; });{{$}}
}

void drop_expired_tasks(std::list<Task>& tasks) {
  for (auto it = tasks.begin(); it != tasks.end(); ++it)
    if (it->expired()) tasks.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: erasing from 'tasks' inside a loop over it: std::list invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'tasks' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:54: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  std::erase_if(tasks, [&](const auto& elem_) { return elem_.expired(); });{{$}}
}

void strip_spaces(std::string& s) {
  for (auto it = s.begin(); it != s.end(); ++it)
    if (*it == ' ') s.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: erasing from 's' inside a loop over it: std::basic_string erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 's' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:46: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  std::erase_if(s, [&](const auto& elem_) { return elem_ == ' '; });{{$}}
}

// --- the predicate could observe the container or change state: it = C.erase(it)

void predicate_reads_the_container(std::vector<int>& ids) {
  for (auto it = ids.begin(); it != ids.end(); ++it)
    if (*it > static_cast<int>(ids.size())) ids.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: erasing from 'ids' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'ids' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:50: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = ids.begin(); it != ids.end(); ){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (*it > static_cast<int>(ids.size())) it = ids.erase(it); else ++it;{{$}}
}

void predicate_changes_state(std::vector<Task>& tasks, int& erased) {
  for (auto it = tasks.begin(); it != tasks.end(); ++it)
    if (it->done && ++erased < 10) tasks.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: erasing from 'tasks' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'tasks' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:54: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = tasks.begin(); it != tasks.end(); ){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->done && ++erased < 10) it = tasks.erase(it); else ++it;{{$}}
}

void predicate_uses_the_position(std::vector<int>& ids) {
  for (auto it = ids.begin(); it != ids.end(); ++it)
    if (it != ids.begin() && *it == *(it - 1)) ids.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:48: warning: erasing from 'ids' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'ids' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:50: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = ids.begin(); it != ids.end(); ){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it != ids.begin() && *it == *(it - 1)) it = ids.erase(it); else ++it;{{$}}
}
