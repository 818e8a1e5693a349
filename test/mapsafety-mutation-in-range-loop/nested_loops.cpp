// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -config="{CheckOptions: [{key: mapsafety-mutation-in-range-loop.ReportEraseOfUnrelatedKey, value: true}]}" -- -std=c++17
// ReportEraseOfUnrelatedKey is on: some cases here erase a key that may be another loop's current one (the default, off, is in option_report_erase_of_unrelated_key_off.cpp).
// Nested loops. The loop note names the loop whose iterator is invalidated:
// a 'break' only leaves the innermost loop, and a correct erase idiom in an
// inner iterator loop does not protect an outer range-for over the same map.

#include <map>
#include <set>
#include <unordered_map>
#include <vector>

struct Session {
  bool expired;
  int owner;
};

void inner_erase_then_break_still_invalidates_outer_loop(std::map<int, Session>& sessions) {
  for (auto& a : sessions) {
    for (auto& b : sessions) {
      if (a.first != b.first && a.second.owner == b.second.owner) {
        sessions.erase(b.first);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
        // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'sessions' starts here
        break;
      }
    }
  }
}

void inner_correct_iterator_erase_invalidates_outer_range_for(std::map<int, Session>& sessions) {
  for (auto& kv : sessions) {
    for (auto it = sessions.begin(); it != sessions.end();) {
      if (it->second.owner == kv.first)
        it = sessions.erase(it);
      // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: erasing from 'sessions' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'sessions' starts here
      else
        ++it;
    }
  }
}

void erase_children_from_inner_loop_over_mapped_vector(std::map<int, std::vector<int>>& tree) {
  for (auto& [node, children] : tree)
    for (int child : children)
      if (child != node) tree.erase(child);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: erasing from 'tree' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'tree' starts here
}

void erase_in_inner_loop_when_outer_iterates_other_container(
    const std::vector<int>& owners, std::unordered_map<int, Session>& sessions) {
  for (int owner : owners) {
    for (auto& [id, s] : sessions)
      if (s.owner == owner) sessions.erase(id);
    // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: erasing from 'sessions' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'sessions' starts here
  }
}

void erase_after_inner_read_only_loop(std::map<int, int>& prices) {
  for (auto& a : prices) {
    bool duplicate = false;
    for (auto& b : prices)
      duplicate = duplicate || (b.first < a.first && b.second == a.second);
    if (duplicate)
      prices.erase(a.first);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'prices' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-7]]:3: note: loop iterating over 'prices' starts here
  }
}

void insert_then_break_inner_loop_invalidates_outer_iterator_loop(
    std::unordered_map<int, int>& parent, const std::set<int>& roots) {
  for (auto it = parent.begin(); it != parent.end(); ++it) {
    for (int root : roots) {
      if (it->second == root) {
        parent.emplace(-root, root);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: inserting into 'parent' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
        // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'parent' starts here
        // CHECK-MESSAGES: :[[@LINE-6]]:56: note: invalidated iterator 'it' is used here
        break;
      }
    }
  }
}

// ---- not flagged ----

bool nested_loops_over_same_map_erase_then_return(std::map<int, Session>& sessions) {
  for (auto& a : sessions)
    for (auto& b : sessions)
      if (a.first != b.first && a.second.owner == b.second.owner) {
        sessions.erase(b.first);
        return true;
      }
  return false;
}

void nested_loops_over_same_map_erase_then_goto_out(std::map<int, Session>& sessions) {
  for (auto& a : sessions)
    for (auto& b : sessions)
      if (a.first != b.first && a.second.owner == b.second.owner) {
        sessions.erase(b.first);
        goto done;
      }
done:
  return;
}

void inner_correct_iterator_erase_over_other_map(const std::map<int, Session>& sessions,
                                                 std::map<int, int>& leases) {
  for (auto& kv : sessions) {
    for (auto it = leases.begin(); it != leases.end();) {
      if (it->second == kv.first)
        it = leases.erase(it);
      else
        ++it;
    }
  }
}

void nested_loops_collect_then_erase_after(std::map<int, int>& prices) {
  std::vector<int> duplicates;
  for (auto& a : prices)
    for (auto& b : prices)
      if (b.first < a.first && b.second == a.second)
        duplicates.push_back(a.first);
  for (int key : duplicates)
    prices.erase(key);
}
