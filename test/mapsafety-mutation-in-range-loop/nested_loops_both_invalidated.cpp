// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -config="{CheckOptions: [{key: mapsafety-mutation-in-range-loop.ReportEraseOfUnrelatedKey, value: true}]}" -- -std=c++17
// ReportEraseOfUnrelatedKey is on: some cases here erase a key that may be another loop's current one (the default, off, is in option_report_erase_of_unrelated_key_off.cpp).
// One mutation that breaks two nested loops over the same container gets one
// warning with a note per loop (innermost first) and no fix-it.

#include <map>
#include <unordered_map>
#include <vector>

struct Quote {
  int venue;
  double price;
};

// Pairwise de-duplication: the inner loop continues after the erase and the
// outer loop later advances past a node that may be gone.
void dedupe_quotes_pairwise(std::map<int, Quote>& quotes) {
  for (auto& a : quotes) {
    for (auto& b : quotes) {
      if (a.first != b.first && a.second.price == b.second.price)
        quotes.erase(b.first);
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: erasing from 'quotes' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:5: note: loop iterating over 'quotes' starts here
      // CHECK-MESSAGES: :[[@LINE-6]]:3: note: loop iterating over 'quotes' starts here
    }
  }
}

// Nested iterator loops: both iterators are used after the insertion.
void cross_link_with_rehash(std::unordered_map<int, int>& links) {
  for (auto i = links.begin(); i != links.end(); ++i) {
    for (auto j = links.begin(); j != links.end(); ++j) {
      if (i->second == j->first)
        links[i->first * 1000 + j->first] = 0;
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: inserting into 'links' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:5: note: loop iterating over 'links' starts here
      // CHECK-MESSAGES: :[[@LINE-5]]:54: note: invalidated iterator 'j' is used here
      // CHECK-MESSAGES: :[[@LINE-7]]:3: note: loop iterating over 'links' starts here
      // CHECK-MESSAGES: :[[@LINE-6]]:11: note: invalidated iterator 'i' is used here
    }
  }
}

// The inner loop leaves right after the erase, but the outer one goes on:
// only the outer loop is broken.
void drop_first_duplicate_then_continue_outer(std::map<int, Quote>& quotes) {
  for (auto& a : quotes) {
    for (auto& b : quotes) {
      if (a.first != b.first && a.second.venue == b.second.venue) {
        quotes.erase(b.first);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: erasing from 'quotes' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
        // CHECK-MESSAGES: :[[@LINE-5]]:3: note: loop iterating over 'quotes' starts here
        break;
      }
    }
  }
}

// ---- not flagged ----

// Both loops are left right after the erase.
bool drop_one_duplicate(std::map<int, Quote>& quotes) {
  for (auto& a : quotes) {
    for (auto& b : quotes) {
      if (a.first != b.first && a.second.price == b.second.price) {
        quotes.erase(b.first);
        return true;
      }
    }
  }
  return false;
}

// The outer map is only erased from after both loops are done.
void drop_matches_after_loops(std::map<int, Quote>& quotes, const std::map<int, Quote>& stale) {
  std::vector<int> doomed;
  for (auto& a : quotes)
    for (auto& b : stale)
      if (a.first == b.first)
        doomed.push_back(a.first);
  for (int id : doomed)
    quotes.erase(id);
}
