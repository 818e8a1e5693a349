// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Iterator loops, erase by range or by a found position. erase(first, last)
// leaves `last` in place: in a node container only a range that starts at the
// current element erases it, while a vector's erase before `it` shifts `it`
// all the same. m.find(it->first) is the current element's position.

#include <map>
#include <vector>

void compact_before(std::map<long, bool>& journal) {
  for (auto it = journal.begin(); it != journal.end(); ++it)
    if (it->second)
      journal.erase(journal.begin(), it);
}

void truncate_from(std::map<long, bool>& journal) {
  for (auto it = journal.begin(); it != journal.end(); ++it)
    if (it->second)
      journal.erase(it, journal.end());
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'journal' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'journal' starts here
      // CHECK-MESSAGES: :[[@LINE-5]]:58: note: invalidated iterator 'it' is used here
}

void drop_prefix(std::vector<int>& samples) {
  for (auto it = samples.begin(); it != samples.end(); ++it)
    if (*it < 0)
      samples.erase(samples.begin(), it);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'samples' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'samples' starts here
      // CHECK-MESSAGES: :[[@LINE-5]]:58: note: invalidated iterator 'it' is used here
}

void drop_found_self(std::map<long, bool>& journal) {
  for (auto it = journal.begin(); it != journal.end(); ++it)
    if (it->second)
      journal.erase(journal.find(it->first));
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'journal' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'journal' starts here
      // CHECK-MESSAGES: :[[@LINE-5]]:58: note: invalidated iterator 'it' is used here
}

void drop_found_other(std::map<long, bool>& journal) {
  for (auto it = journal.begin(); it != journal.end(); ++it)
    if (it->second)
      journal.erase(journal.find(it->first + 1));
}
