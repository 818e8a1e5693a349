// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Index loops keep no iterator: growing the vector they walk is fine. What is
// not fine is a reference or pointer to an element, taken before an insertion
// that may reallocate, used after it in the same iteration.

#include <cstddef>
#include <deque>
#include <list>
#include <string>
#include <vector>

struct Task {
  int id;
  int attempts;
  bool split;
};

void split_tasks(std::vector<Task>& tasks) {
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    Task& t = tasks[i];
    if (t.split) {
      tasks.push_back(Task{t.id * 2, 0, false});
      t.split = false;
    }
  }
  // CHECK-MESSAGES: :[[@LINE-4]]:7: warning: inserting into 'tasks' while 't' refers to one of its elements: std::vector may move its elements and leave 't' dangling [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-7]]:11: note: 't' is bound to an element of 'tasks' here
  // CHECK-MESSAGES: :[[@LINE-5]]:7: note: dangling reference 't' is used here
}

void retry_with_pointer(std::vector<Task>& tasks) {
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    Task* t = &tasks[i];
    tasks.emplace_back(Task{t->id, t->attempts + 1, false});
    ++t->attempts;
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:5: warning: inserting into 'tasks' while 't' refers to one of its elements: std::vector may move its elements and leave 't' dangling [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-5]]:11: note: 't' is bound to an element of 'tasks' here
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: dangling pointer 't' is used here
}

void grow_then_touch_back(std::vector<int>& counts, int n) {
  for (int i = 0; i < n; ++i) {
    int& last = counts.back();
    counts.resize(counts.size() + 1);
    last += 1;
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:5: warning: resizing 'counts' while 'last' refers to one of its elements: std::vector may move its elements and leave 'last' dangling [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-5]]:10: note: 'last' is bound to an element of 'counts' here
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: dangling reference 'last' is used here
}

void string_data_pointer(std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    char* p = s.data();
    if (p[i] == '\t') s.append("    ");
    p[i] = ' ';
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:23: warning: inserting into 's' while 'p' refers to one of its elements: std::basic_string may move its elements and leave 'p' dangling [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-5]]:11: note: 'p' is bound to an element of 's' here
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: dangling pointer 'p' is used here
}

// ---- quiet ----

void index_loop_push_back_alone(std::vector<Task>& tasks) {
  for (std::size_t i = 0; i < tasks.size(); ++i)
    if (tasks[i].split) tasks.push_back(Task{tasks[i].id * 2, 0, false});
}

void reference_not_used_after_insertion(std::vector<Task>& tasks) {
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    Task& t = tasks[i];
    int id = t.id;
    t.split = false;
    tasks.push_back(Task{id, 0, false});
  }
}

void copy_not_reference(std::vector<Task>& tasks) {
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    Task t = tasks[i];
    tasks.push_back(Task{t.id + 1, 0, false});
    t.attempts = 0;
  }
}

// A pointer element copied out (a work-list of nodes) points where it did:
// growing the list leaves it valid. A pointer to the element itself does not.
void walk_work_list(std::vector<Task*>& stack) {
  while (!stack.empty()) {
    Task* t = stack.back();
    stack.pop_back();
    if (t->split)
      stack.push_back(t);
    t->attempts += 1;
  }
}

void pointer_to_pointer_element(std::vector<Task*>& stack, Task* extra) {
  for (std::size_t i = 0; i < stack.size(); ++i) {
    Task** slot = &stack[i];
    stack.push_back(extra);
    (*slot)->attempts = 0;
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:5: warning: inserting into 'stack' while 'slot' refers to one of its elements: std::vector may move its elements and leave 'slot' dangling [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-5]]:12: note: 'slot' is bound to an element of 'stack' here
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: dangling pointer 'slot' is used here
}

void re_fetched_after_insertion(std::vector<Task>& tasks) {
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    tasks.push_back(Task{0, 0, false});
    Task& t = tasks[i];
    t.attempts = 1;
  }
}

void list_references_survive(std::list<int>& l, std::vector<int*>& out) {
  for (int& x : l)
    out.push_back(&x);
}

void deque_push_back_keeps_references(std::deque<Task>& q, int n) {
  for (int i = 0; i < n; ++i) {
    Task& first = q.front();
    q.push_back(Task{i, 0, false});
    first.attempts += 1;
  }
}

void other_vector(std::vector<Task>& a, std::vector<Task>& b) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    Task& t = a[i];
    b.push_back(t);
    t.attempts = 0;
  }
}

// Assigning to a reference writes through it: a use of the dangling element.
void reset_counters(std::vector<int>& counters) {
  for (std::size_t i = 0; i < counters.size(); ++i) {
    int& n = counters[i];
    if (n > 100) counters.push_back(n - 100);
    n = 0;
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:18: warning: inserting into 'counters' while 'n' refers to one of its elements: std::vector may move its elements and leave 'n' dangling [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-5]]:10: note: 'n' is bound to an element of 'counters' here
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: dangling reference 'n' is used here
}
