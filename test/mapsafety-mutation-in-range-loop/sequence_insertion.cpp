// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Sequence containers: insertion that may reallocate (vector, string) or that
// grows a deque at either end invalidates every iterator, the loop's included.
// list, forward_list keep every iterator on insertion: quiet.

#include <deque>
#include <forward_list>
#include <list>
#include <string>
#include <vector>

struct Job {
  int id;
  bool retry;
};

void requeue_failed_jobs(std::vector<Job>& queue) {
  for (const Job& j : queue)
    if (j.retry) queue.push_back(Job{j.id + 1000, false});
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: inserting into 'queue' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'queue' starts here
}

void expand_children(std::vector<int>& frontier) {
  for (auto it = frontier.begin(); it != frontier.end(); ++it)
    if (*it > 0) frontier.emplace_back(*it - 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: inserting into 'frontier' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'frontier' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:60: note: invalidated iterator 'it' is used here
}

void insert_marker_before_each(std::vector<int>& tokens) {
  for (auto it = tokens.begin(); it != tokens.end(); ++it)
    if (*it < 0) tokens.insert(it, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: inserting into 'tokens' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'tokens' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:56: note: invalidated iterator 'it' is used here
}

void grow_buffer_while_scanning(std::vector<char>& buf) {
  for (char c : buf)
    if (c == '\0') buf.resize(buf.size() * 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: resizing 'buf' inside a loop over it: std::vector may reallocate when resized and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'buf' starts here
}

void reserve_inside_loop(std::vector<int>& ids) {
  for (int id : ids)
    if (id == 0) ids.reserve(ids.capacity() + 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: resizing 'ids' inside a loop over it: std::vector may reallocate when resized and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'ids' starts here
}

void shrink_inside_loop(std::vector<int>& ids) {
  for (int id : ids)
    if (id < 0) ids.shrink_to_fit();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: resizing 'ids' inside a loop over it: std::vector may reallocate when resized and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'ids' starts here
}

void escape_quotes(std::string& line) {
  for (char c : line)
    if (c == '"') line += '\\';
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: inserting into 'line' inside a loop over it: std::basic_string may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'line' starts here
}

void append_suffix(std::string& path) {
  for (auto it = path.begin(); it != path.end(); ++it)
    if (*it == '/') path.append("index");
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: inserting into 'path' inside a loop over it: std::basic_string may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'path' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:52: note: invalidated iterator 'it' is used here
}

void deque_push_back_in_range_for(std::deque<Job>& pending) {
  for (Job& j : pending)
    if (j.retry) pending.push_back(Job{j.id, false});
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: inserting into 'pending' inside a loop over it: std::deque invalidates every iterator (though not references) when it grows at either end, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'pending' starts here
}

void deque_push_front_in_iterator_loop(std::deque<int>& work) {
  for (auto it = work.begin(); it != work.end(); ++it)
    if (*it == 0) work.push_front(-1);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: inserting into 'work' inside a loop over it: std::deque invalidates every iterator (though not references) when it grows at either end, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'work' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:52: note: invalidated iterator 'it' is used here
}

// ---- quiet: correct idioms and containers that keep iterators on insertion ----

void list_push_back_keeps_iterators(std::list<Job>& jobs) {
  for (Job& j : jobs)
    if (j.retry && j.id < 1000) jobs.push_back(Job{j.id + 1000, false});
}

void forward_list_insert_after_keeps_iterators(std::forward_list<int>& l) {
  for (auto it = l.begin(); it != l.end(); ++it)
    if (*it < 0) l.insert_after(it, 0);
}

void index_loop_push_back_is_not_an_iterator_loop(std::vector<Job>& queue) {
  for (std::size_t i = 0; i < queue.size(); ++i)
    if (queue[i].retry) queue.push_back(Job{queue[i].id + 1000, false});
}

void insert_returns_new_iterator(std::vector<int>& v) {
  for (auto it = v.begin(); it != v.end(); ++it)
    if (*it < 0) {
      it = v.insert(it, 0);
      ++it;
    }
}

void push_then_break(std::vector<int>& v) {
  for (int x : v)
    if (x == 42) {
      v.push_back(43);
      break;
    }
}

void subscript_write_is_not_insertion(std::vector<int>& v) {
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = 0;
  for (int& x : v)
    x += 1;
  for (auto it = v.begin(); it != v.end(); ++it)
    v[0] = *it;
}

void other_vector(std::vector<int>& in, std::vector<int>& out) {
  for (int x : in)
    out.push_back(x);
}
