// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Containers reached through the element an outer loop is on: a member of the
// loop variable, of a structured binding, or of `it->second`. Within one
// outer iteration that element is one object, so an inner loop over its
// member and a mutation of that member name the same container.

#include <map>
#include <set>
#include <string>
#include <vector>

struct Topic {
  std::set<int> subscribers;
  std::vector<std::string> backlog;
};

void unsubscribe_negative_ids(std::map<std::string, Topic>& topics) {
  for (auto& [name, topic] : topics)
    for (int id : topic.subscribers)
      if (id < 0) topic.subscribers.erase(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: erasing from 'topic.subscribers' inside a loop over it: std::set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'topic.subscribers' starts here
}

void loop_variable_member(std::map<std::string, Topic>& topics) {
  for (auto& kv : topics)
    for (const std::string& msg : kv.second.backlog)
      if (msg.empty()) kv.second.backlog.push_back("<empty>");
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: inserting into 'kv.second.backlog' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'kv.second.backlog' starts here
}

void iterator_member(std::map<std::string, Topic>& topics) {
  for (auto it = topics.begin(); it != topics.end(); ++it)
    for (int id : it->second.subscribers)
      if (id == 0) it->second.subscribers.clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: clearing 'it->second.subscribers' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'it->second.subscribers' starts here
}

void vector_of_topics(std::vector<Topic>& topics) {
  for (Topic& t : topics)
    for (auto s = t.subscribers.begin(); s != t.subscribers.end(); ++s)
      if (*s < 0) t.subscribers.erase(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: erasing from 't.subscribers' inside a loop over it: std::set invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 't.subscribers' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:70: note: invalidated iterator 's' is used here
  // CHECK-FIXES: {{^}}    for (auto s = t.subscribers.begin(); s != t.subscribers.end(); ){{$}}
  // CHECK-FIXES-NEXT: {{^}}      if (*s < 0) s = t.subscribers.erase(s); else ++s;{{$}}
}

// ---- quiet ----

void another_members_container(std::map<std::string, Topic>& topics) {
  for (auto& [name, topic] : topics)
    for (int id : topic.subscribers)
      if (id < 0) topic.backlog.push_back(name);
}

void another_element(std::map<std::string, Topic>& topics, Topic& archive) {
  for (auto& [name, topic] : topics)
    for (int id : topic.subscribers)
      if (id < 0) archive.subscribers.erase(id);
}

void collect_then_erase(std::map<std::string, Topic>& topics) {
  for (auto& [name, topic] : topics) {
    std::vector<int> dead;
    for (int id : topic.subscribers)
      if (id < 0) dead.push_back(id);
    for (int id : dead)
      topic.subscribers.erase(id);
  }
}

void mutate_element_member_in_outer_loop_only(std::map<std::string, Topic>& topics) {
  for (auto& [name, topic] : topics)
    topic.subscribers.clear();
}
