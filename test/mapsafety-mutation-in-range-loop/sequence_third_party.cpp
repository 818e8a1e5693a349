// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17 -I%S/Inputs

// Vector-like containers of other libraries reallocate like std::vector;
// boost's stable_vector keeps iterators on insertion and static_vector never
// reallocates (push_back keeps iterators, insert in the middle shifts).

#include "QtCore/qlist.h"
#include "absl/container/inlined_vector.h"
#include "boost/container/devector.hpp"
#include "boost/container/small_vector.hpp"
#include "boost/container/stable_vector.hpp"
#include "boost/container/static_vector.hpp"
#include "folly/FBVector.h"
#include "folly/small_vector.h"
#include "llvm/ADT/SmallVector.h"

struct Peer {
  int id;
  bool stale;
};

void absl_inlined(absl::InlinedVector<Peer, 4>& peers) {
  for (Peer& p : peers)
    if (p.stale) peers.push_back(Peer{p.id + 1, false});
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: inserting into 'peers' inside a loop over it: absl::InlinedVector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'peers' starts here
}

void llvm_small_vector(llvm::SmallVector<int>& worklist) {
  for (int n : worklist)
    if (n > 1) worklist.append({n / 2, n - n / 2});
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: inserting into 'worklist' inside a loop over it: llvm::SmallVector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'worklist' starts here
}

void boost_small_vector(boost::container::small_vector<int, 8>& v) {
  for (auto it = v.begin(); it != v.end(); ++it)
    if (*it == 0) v.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: erasing from 'v' inside a loop over it: boost::container::small_vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'v' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:46: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (auto it = v.begin(); it != v.end(); ){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (*it == 0) it = v.erase(it); else ++it;{{$}}
}

void boost_devector(boost::container::devector<int>& d) {
  for (int x : d)
    if (x < 0) d.push_front(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: inserting into 'd' inside a loop over it: boost::container::devector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'd' starts here
}

void boost_static_vector_insert(boost::container::static_vector<int, 16>& v) {
  for (auto it = v.begin(); it != v.end(); ++it)
    if (*it < 0) v.insert(it, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: inserting into 'v' inside a loop over it: boost::container::static_vector shifts the later elements on insertion and invalidates every iterator from the insertion point on [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'v' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:46: note: invalidated iterator 'it' is used here
}

void folly_fbvector(folly::fbvector<Peer>& peers) {
  for (const Peer& p : peers)
    if (p.stale) peers.emplace_back(Peer{p.id, false});
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: inserting into 'peers' inside a loop over it: folly::fbvector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'peers' starts here
}

void folly_small_vector(folly::small_vector<int, 2>& v) {
  for (int x : v)
    if (x == 0) v.clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: clearing 'v' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'v' starts here
}

void qt_list_stream(QList<int>& ids) {
  for (int id : ids)
    if (id < 0) ids << -id;
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: inserting into 'ids' inside a loop over it: QList may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'ids' starts here
}

void qt_vector_remove_at(QVector<int>& ids) {
  for (int id : ids)
    if (id < 0) ids.removeAt(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: erasing from 'ids' inside a loop over it: QList erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'ids' starts here
}

// ---- quiet ----

void stable_vector_insertion_keeps_iterators(boost::container::stable_vector<Peer>& peers) {
  for (Peer& p : peers)
    if (p.stale && p.id < 100) peers.push_back(Peer{p.id + 100, false});
}

void static_vector_push_back_never_reallocates(boost::container::static_vector<int, 16>& v) {
  for (auto it = v.begin(); it != v.end(); ++it)
    if (*it < 0 && v.size() < 16) v.push_back(0);
}

void small_vector_subscript(llvm::SmallVector<int>& v) {
  for (unsigned i = 0; i < v.size(); ++i)
    v.push_back(v[i]);
  for (int& x : v)
    x = 0;
}
