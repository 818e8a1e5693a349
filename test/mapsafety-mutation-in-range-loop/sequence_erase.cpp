// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Sequence containers: erase invalidates from the erased element to the end in
// a vector or string, every iterator in a deque, and only the erased element
// in a list or forward_list (so erasing another element there is fine).
// `C.erase(it)` followed by the increment gets the `it = C.erase(it)` fix-it.

#include <deque>
#include <list>
#include <string>
#include <vector>

struct Conn {
  int fd;
  bool closed;
};

void drop_closed_in_range_for(std::vector<Conn>& conns) {
  for (const Conn& c : conns)
    if (c.closed) conns.pop_back();
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: erasing from 'conns' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'conns' starts here
}

void erase_current_in_iterator_loop(std::vector<Conn>& conns) {
  for (auto it = conns.begin(); it != conns.end(); ++it) {
    if (it->closed)
      conns.erase(it);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: erasing from 'conns' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'conns' starts here
  // CHECK-MESSAGES: :[[@LINE-6]]:54: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = conns.begin(); it != conns.end(); ) {{[{]$}}
  // CHECK-FIXES: {{^}}      it = conns.erase(it);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    else{{$}}
  // CHECK-FIXES-NEXT: {{^}}      ++it;{{$}}
}

void strip_spaces(std::string& s) {
  auto it = s.begin();
  while (it != s.end()) {
    if (*it == ' ')
      s.erase(it);
    ++it;
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:7: warning: erasing from 's' inside a loop over it: std::basic_string erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: loop iterating over 's' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}      it = s.erase(it);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    else{{$}}
  // CHECK-FIXES-NEXT: {{^}}      ++it;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  }{{$}}
}

void deque_erase(std::deque<int>& d) {
  for (auto it = d.begin(); it != d.end(); ++it)
    if (*it == 0) d.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: erasing from 'd' inside a loop over it: std::deque erase invalidates every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'd' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:46: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = d.begin(); it != d.end(); ){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (*it == 0) it = d.erase(it); else ++it;{{$}}
}

void list_erase_current(std::list<Conn>& conns) {
  for (auto it = conns.begin(); it != conns.end(); ++it)
    if (it->closed) conns.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: erasing from 'conns' inside a loop over it: std::list invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'conns' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:54: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = conns.begin(); it != conns.end(); ){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->closed) it = conns.erase(it); else ++it;{{$}}
}

void list_remove_in_range_for(std::list<int>& fds) {
  for (int fd : fds)
    if (fd < 0) fds.remove(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: erasing from 'fds' inside a loop over it: std::list invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'fds' starts here
}

void clear_vector(std::vector<int>& v) {
  for (int x : v)
    if (x < 0) v.clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: clearing 'v' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'v' starts here
}

void assign_list(std::list<int>& l) {
  for (int x : l)
    if (x < 0) l.assign(3, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: assigning to 'l' inside a loop over it: assignment destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'l' starts here
}

void swap_deque(std::deque<int>& d, std::deque<int>& other) {
  for (int x : d)
    if (x < 0) d.swap(other);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: swapping 'd' inside a loop over it: swap leaves the loop's iterators pointing into the other container [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'd' starts here
}

void move_string(std::string& s, std::string& sink) {
  for (char c : s)
    if (c == '\n') sink = std::move(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: moving from 's' inside a loop over it: moving from it leaves the loop's iterators without a container [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 's' starts here
}

// ---- quiet ----

void erase_returns_next(std::vector<Conn>& conns) {
  for (auto it = conns.begin(); it != conns.end();)
    if (it->closed) it = conns.erase(it); else ++it;
}

void list_erase_returns_next(std::list<Conn>& conns) {
  for (auto it = conns.begin(); it != conns.end();) {
    if (it->closed)
      it = conns.erase(it);
    else
      ++it;
  }
}

void list_erase_other_element(std::list<int>& l, std::list<int>::iterator stale) {
  for (auto it = l.begin(); it != l.end(); ++it)
    if (*it == 0 && it != stale) l.erase(stale);
}

void erase_then_return(std::vector<int>& v) {
  for (auto it = v.begin(); it != v.end(); ++it)
    if (*it == 0) {
      v.erase(it);
      return;
    }
}

void index_loop_erase(std::vector<int>& v) {
  for (std::size_t i = 0; i < v.size();)
    if (v[i] == 0) v.erase(v.begin() + i); else ++i;
}
