// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Iterator loops bounded by something other than the container's end
// (`it != marker`, a position saved earlier, a sentinel handed in): the loop
// walks the container its iterator starts in, when the loop's init statement
// or the statement right before the loop sets the iterator from that
// container's begin. Found with cppcheck's erase4 cases. `C.erase(++it)`
// erases the element `it` then points to: it is the current one.

#include <iterator>
#include <list>
#include <map>
#include <string>

struct Order {
  int id;
  bool cancelled;
};

void cancel_until(std::list<Order>& book, std::list<Order>::iterator fill_point) {
  std::list<Order>::iterator it;
  for (it = book.begin(); it != fill_point; ++it)
    if (it->cancelled)
      book.erase(it);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'book' inside a loop over it: std::list invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'book' starts here
      // CHECK-MESSAGES: :[[@LINE-5]]:47: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (it = book.begin(); it != fill_point; ){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (it->cancelled){{$}}
  // CHECK-FIXES-NEXT: {{^}}      it = book.erase(it);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    else{{$}}
  // CHECK-FIXES-NEXT: {{^}}      ++it;{{$}}
}

void expire_before(std::map<int, std::string>& leases, std::map<int, std::string>::iterator now) {
  auto it = leases.begin();
  while (now != it) {
    leases.erase(it->first);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: erasing from 'leases' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'leases' starts here
    // CHECK-MESSAGES: :[[@LINE+1]]:7: note: invalidated iterator 'it' is used here
    ++it;
  }
}

void skip_and_drop(std::list<Order>& book, std::list<Order>::iterator stop) {
  std::list<Order>::iterator it;
  it = book.begin();
  while (it != stop)
    book.erase(++it);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: erasing from 'book' inside a loop over it: std::list invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'book' starts here
    // CHECK-MESSAGES: :[[@LINE-4]]:10: note: invalidated iterator 'it' is used here
}

// A position found in the map is in the map as surely as its begin.
void expire_from(std::map<int, std::string>& leases, std::map<int, std::string>::iterator stop,
                 int from) {
  for (auto it = leases.find(from); it != stop; ++it)
    leases.erase(it);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: erasing from 'leases' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'leases' starts here
    // CHECK-MESSAGES: :[[@LINE-4]]:51: note: invalidated iterator 'it' is used here
}

// --- negatives ---------------------------------------------------------------

// The idioms stay correct whatever the bound.
void cancel_until_correctly(std::list<Order>& book, std::list<Order>::iterator fill_point) {
  for (auto it = book.begin(); it != fill_point;)
    if (it->cancelled)
      it = book.erase(it);
    else
      ++it;
  auto jt = book.begin();
  while (jt != fill_point)
    book.erase(jt++);
}

// Erasing another element of a list leaves `it` valid.
void drop_successors(std::list<Order>& book, std::list<Order>::iterator stop) {
  for (auto it = book.begin(); it != stop; ++it) {
    auto next = it;
    ++next;
    if (next != stop && next->cancelled)
      book.erase(next);
  }
}

// The iterator starts in another container: the erase does not touch it.
void purge_mirror(std::list<Order>& book, std::list<Order>& mirror,
                  std::list<Order>::iterator stop) {
  auto it = mirror.begin();
  while (it != stop) {
    book.clear();
    ++it;
  }
}

std::map<int, std::string>::iterator pick(std::map<int, std::string>& leases);

// Where `it` starts is not known for sure: set by a function whose body is not
// here, or a statement between the assignment and the loop may move it (only
// the statement right before the loop is read). Not reported.
void unknown_start(std::map<int, std::string>& leases, std::map<int, std::string>::iterator stop,
                   int from) {
  for (auto it = pick(leases); it != stop; ++it)
    leases.erase(it);
  auto jt = leases.begin();
  std::advance(jt, from);
  while (jt != stop) {
    leases.erase(jt);
    ++jt;
  }
}
