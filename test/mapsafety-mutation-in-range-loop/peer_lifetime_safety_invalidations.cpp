// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Peer suite: Clang's lifetime safety analysis (-Wlifetime-safety),
// clang/test/Sema/warn-lifetime-safety-invalidations.cpp (llvm-project main).
// Six of its cases are loops as written (InvalidationInLoops, the loop of
// SimpleInvalidIterators::IteratorUsedAfterErase,
// ContainersAsFields::ChangingRegionOwnedByContainerIsOk); they are ported as
// loops. Many others take an iterator or an element reference, mutate the
// container and use the iterator again in straight-line code; where what the
// case tests is which mutation (through which name of the container)
// invalidates it, it is ported as the iterator loop (or, for element
// references, the index loop) that runs the same sequence. The verdict is the
// peer's expected-warning (warns) or its absence (quiet), including the cases
// its authors mark FIXME; the docs page lists the cases left out and why.

#include <algorithm>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

bool flaky();

// --- loops as written --------------------------------------------------------

// peer (lifetime: InvalidationInLoops::IteratorInvalidationInAForLoop): warns; mapsafety: agrees
void drop_flaky(std::vector<int> v) {
  for (auto it = std::begin(v); it != std::end(v); ++it) {
    if (flaky()) {
      v.erase(it);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'v' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
      // CHECK-MESSAGES: :[[@LINE-5]]:54: note: invalidated iterator 'it' is used here
    }
  }
  // CHECK-FIXES: {{^}}  for (auto it = std::begin(v); it != std::end(v); ) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (flaky()) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}      it = v.erase(it);{{$}}
  // CHECK-FIXES: {{^}}    } else {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}      ++it;{{$}}
}

// peer (lifetime: InvalidationInLoops::IteratorInvalidationInAWhileLoop): warns; mapsafety: agrees
void drop_flaky_while(std::vector<int> v) {
  auto it = std::begin(v);
  while (it != std::end(v)) {
    if (flaky()) {
      v.erase(it);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'v' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
      // CHECK-MESSAGES: :[[@LINE+2]]:7: note: invalidated iterator 'it' is used here
    }
    ++it;
  }
  // CHECK-FIXES: {{^}}  while (it != std::end(v)) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (flaky()) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}      it = v.erase(it);{{$}}
  // CHECK-FIXES: {{^}}    } else {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}      ++it;{{$}}
  // CHECK-FIXES-NEXT: {{^}}    }{{$}}
  // CHECK-FIXES-NEXT: {{^}}  }{{$}}
}

// peer (lifetime: InvalidationInLoops::NoIteratorInvalidationInAWhileLoopErase): quiet; mapsafety: agrees
void drop_flaky_sessions(std::unordered_map<int, int> sessions) {
  auto it = sessions.begin();
  while (it != std::end(sessions)) {
    if (flaky()) {
      auto next = it;
      ++next;
      sessions.erase(it);
      it = next;
    } else {
      ++it;
    }
  }
}

// peer (lifetime: InvalidationInLoops::IteratorInvalidationInAForeachLoop): warns; mapsafety: agrees
void drop_first_one_on_even(std::vector<int> v) {
  for (int& x : v) {
    if (x % 2 == 0) {
      v.erase(std::find(v.begin(), v.end(), 1));
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'v' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
    }
  }
}

// peer (lifetime: SimpleInvalidIterators::IteratorUsedAfterErase): warns; mapsafety: agrees
void drop_large(std::vector<int> v) {
  auto it = std::begin(v);
  for (; it != std::end(v); ++it) {
    if (*it > 3) {
      v.erase(it);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'v' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
      // CHECK-MESSAGES: :[[@LINE-5]]:31: note: invalidated iterator 'it' is used here
    }
  }
  // CHECK-FIXES: {{^}}  for (; it != std::end(v); ) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    if (*it > 3) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}      it = v.erase(it);{{$}}
  // CHECK-FIXES: {{^}}    } else {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}      ++it;{{$}}
}

// peer (lifetime: ContainersAsFields::ChangingRegionOwnedByContainerIsOk): warns;
// mapsafety: DISAGREES (assigning to the element leaves the vector's storage
// where it is; the peer's own FIXME calls this warning a false positive)
void reset_paths(std::vector<std::string>& subdirs) {
  for (std::string& path : subdirs)
    path = std::string();
}

// --- straight-line cases, ported as the loop that runs the same sequence ------

// peer (lifetime: SimpleResize::IteratorInvalidAfterResize): warns; mapsafety: agrees
void grow_while_walking(std::vector<int> v, int new_size) {
  for (auto it = std::begin(v); it != std::end(v); ++it)
    v.resize(new_size);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: resizing 'v' inside a loop over it: std::vector may reallocate when resized and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'v' starts here
    // CHECK-MESSAGES: :[[@LINE-4]]:54: note: invalidated iterator 'it' is used here
}

// peer (lifetime: SimpleResize::IteratorValidAfterResize): quiet; mapsafety: agrees
void grow_and_restart(std::vector<int> v, int new_size) {
  for (auto it = std::begin(v); it != std::end(v); ++it) {
    v.resize(new_size);
    it = std::begin(v);
  }
}

// peer (lifetime: SimpleInsert::UseReturnedIteratorAfterInsert): quiet; mapsafety: agrees
void pad_with_returned(std::vector<int> v) {
  for (auto it = std::begin(v); it != std::end(v); ++it)
    it = v.insert(it, 10);
}

// peer (lifetime: SimpleInsert::UseInvalidIteratorAfterInsert): warns; mapsafety: agrees
void pad_then_compare(std::vector<int> v) {
  auto it = std::begin(v);
  while (it != std::end(v)) {
    v.insert(it, 10);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'v' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'v' starts here
    // CHECK-MESSAGES: :[[@LINE+1]]:9: note: invalidated iterator 'it' is used here
    if (it != std::end(v))
      ++it;
  }
}

// peer (lifetime: SimpleStdInsert::IteratorValidAfterInsert): quiet; mapsafety: agrees
void pad_and_restart(std::vector<int> v) {
  for (auto it = std::begin(v); it != std::end(v); ++it) {
    v.insert(it, 0);
    it = std::begin(v);
  }
}

// peer (lifetime: SimpleStdInsert::IteratorInvalidAfterInsert): warns; mapsafety: agrees
void pad_then_read(std::vector<int> v, int value) {
  for (auto it = std::begin(v); it != std::end(v); ++it) {
    v.insert(it, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'v' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'v' starts here
    // CHECK-MESSAGES: :[[@LINE+1]]:15: note: invalidated iterator 'it' is used here
    value += *it;
  }
}

// peer (lifetime: SimpleInvalidIterators::IteratorUsedAfterPushBackParam): warns; mapsafety: agrees
void echo_threes(std::vector<int>& v) {
  auto it = std::begin(v);
  while (it != std::end(v)) {
    if (*it == 3) {
      v.push_back(4);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: inserting into 'v' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
      // CHECK-MESSAGES: :[[@LINE+2]]:7: note: invalidated iterator 'it' is used here
    }
    ++it;
  }
}

// peer (lifetime: SimpleInvalidIterators::IteratorUsedAfterPushBack): warns; mapsafety: agrees
void echo_threes_local(std::vector<int> v) {
  for (auto it = std::begin(v); it != std::end(v); ++it)
    if (*it == 3)
      v.push_back(4);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: inserting into 'v' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
      // CHECK-MESSAGES: :[[@LINE-5]]:54: note: invalidated iterator 'it' is used here
}

// peer (lifetime: InvalidatingThroughContainerAliases::IteratorInvalidatedThroughLocalReferenceAlias): warns; mapsafety: agrees
void echo_through_alias() {
  std::vector<int> vv;
  std::vector<int>& v = vv;
  for (auto it = vv.begin(); it != vv.end(); ++it)
    v.push_back(42);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'v' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'vv' starts here
    // CHECK-MESSAGES: :[[@LINE-4]]:48: note: invalidated iterator 'it' is used here
}

// peer (lifetime: InvalidatingThroughContainerAliases::IteratorInvalidatedThroughPointerParameter): warns; mapsafety: agrees
void echo_through_pointer(std::vector<int>* v) {
  for (auto it = v->begin(); it != v->end(); ++it)
    v->push_back(42);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into '*v' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over '*v' starts here
    // CHECK-MESSAGES: :[[@LINE-4]]:48: note: invalidated iterator 'it' is used here
}

// peer (lifetime: InvalidatingThroughContainerAliases::ParenthesizedContainerInvalidatesIterator):
// quiet; mapsafety: DISAGREES ('(v)' is 'v': the push_back may reallocate under
// 'it'; the peer's own FIXME says it should warn)
void echo_parenthesized() {
  std::vector<int> v;
  for (auto it = v.begin(); it != v.end(); ++it)
    (v).push_back(42);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into '(v)' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'v' starts here
    // CHECK-MESSAGES: :[[@LINE-4]]:46: note: invalidated iterator 'it' is used here
}

// peer (lifetime: ElementReferences::ReferenceToVectorElement): warns; mapsafety: agrees
void bump_first(std::vector<int>& v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    int& ref = v[0];
    v.push_back(4);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'v' while 'ref' refers to one of its elements: std::vector may move its elements and leave 'ref' dangling [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'ref' is bound to an element of 'v' here
    // CHECK-MESSAGES: :[[@LINE+1]]:5: note: dangling reference 'ref' is used here
    ref = 10;
  }
}

// peer (lifetime: ElementReferences::PointerRefToVectorElement): warns; mapsafety: agrees
void reset_first_slot(std::vector<int*>& v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    int*& ref = v[0];
    v.push_back(nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'v' while 'ref' refers to one of its elements: std::vector may move its elements and leave 'ref' dangling [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:11: note: 'ref' is bound to an element of 'v' here
    // CHECK-MESSAGES: :[[@LINE+1]]:5: note: dangling reference 'ref' is used here
    ref = nullptr;
  }
}

// peer (lifetime: ElementReferences::PointerToVectorElement): warns; mapsafety: agrees
void grow_then_write(std::vector<int>& v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    int* ptr = &v[0];
    v.resize(100);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: resizing 'v' while 'ptr' refers to one of its elements: std::vector may move its elements and leave 'ptr' dangling [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'ptr' is bound to an element of 'v' here
    // CHECK-MESSAGES: :[[@LINE+1]]:6: note: dangling pointer 'ptr' is used here
    *ptr = 10;
  }
}

struct Shelves {
  std::vector<std::string> strings1;
  std::vector<std::string> strings2;
};

// peer (lifetime: ContainersAsFields::Invalidate1Use1IsInvalid): quiet;
// mapsafety: DISAGREES (the member the loop walks grows under it; the peer's
// own FIXME says it should warn, it does not track members yet)
void restock_same_shelf() {
  Shelves s;
  for (auto it = s.strings1.begin(); it != s.strings1.end(); ++it)
    s.strings1.push_back("1");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 's.strings1' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 's.strings1' starts here
    // CHECK-MESSAGES: :[[@LINE-4]]:64: note: invalidated iterator 'it' is used here
}

// peer (lifetime: ContainersAsFields::Invalidate2Use1IsOk): quiet; mapsafety: agrees
void restock_other_shelf() {
  Shelves s;
  for (auto it = s.strings1.begin(); it != s.strings1.end(); ++it)
    s.strings2.push_back("1");
}

// peer (lifetime: ContainersAsFields::ConditionalContainerInvalidatesIterator):
// quiet; mapsafety: DISAGREES (when 'flag' holds the walked vector grows; the
// peer's own FIXME says it should warn)
void restock_either(bool flag) {
  std::vector<int> v1, v2;
  for (auto it = v1.begin(); it != v1.end(); ++it)
    (flag ? v1 : v2).push_back(42);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 'v1' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-2]]:13: note: the conditional names 'v1' when its condition is true
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v1' starts here
    // CHECK-MESSAGES: :[[@LINE-5]]:48: note: invalidated iterator 'it' is used here
}

// peer (lifetime: ContainersAsFields::ConditionalFieldInvalidatesIterator):
// quiet; mapsafety: DISAGREES (as above, through members; the peer's FIXME)
void restock_either_shelf(bool flag) {
  Shelves s;
  for (auto it = s.strings1.begin(); it != s.strings1.end(); ++it)
    (flag ? s.strings1 : s.strings2).push_back("1");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into 's.strings1' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-2]]:13: note: the conditional names 's.strings1' when its condition is true
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 's.strings1' starts here
    // CHECK-MESSAGES: :[[@LINE-5]]:64: note: invalidated iterator 'it' is used here
}

// peer (lifetime: ContainersAsFields::Invalidate1Use2ViaRefIsOk): warns;
// mapsafety: DISAGREES (the reference names the other member; the peer's own
// FIXME calls its warning a false positive of its field-insensitive paths)
void restock_other_shelf_via_ref() {
  Shelves s;
  auto& strings1 = s.strings1;
  for (auto it = s.strings2.begin(); it != s.strings2.end(); ++it)
    strings1.push_back("1");
}

// peer (lifetime: ContainersAsFields::IteratorFromPointerToContainerIsInvalidated): warns; mapsafety: agrees
void restock_through_pointer() {
  std::vector<std::string> s;
  std::vector<std::string>* p = &s;
  for (auto it = p->begin(); it != p->end(); ++it)
    p->push_back("1");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: inserting into '*p' inside a loop over it: std::vector may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over '*p' starts here
    // CHECK-MESSAGES: :[[@LINE-4]]:48: note: invalidated iterator 'it' is used here
}

// peer (lifetime: AssociativeContainers::SetInsertDoesNotInvalidate): quiet; mapsafety: agrees
void close_under_double(std::set<int>& s) {
  for (auto it = s.begin(); it != s.end(); ++it)
    s.insert(2);
}

// peer (lifetime: AssociativeContainers::MapInsertDoesNotInvalidate): quiet; mapsafety: agrees
void seed_routes(std::map<int, int>& m) {
  for (auto it = m.begin(); it != m.end(); ++it)
    m.insert({1, 2});
}

// peer (lifetime: AssociativeContainers::MapEmplaceDoesNotInvalidate): quiet; mapsafety: agrees
void seed_routes_emplace(std::map<int, int>& m) {
  for (auto& kv : m)
    m.emplace(kv.second, 2);
}

// peer (lifetime: AssociativeContainers::MultisetInsertDoesNotInvalidate): quiet; mapsafety: agrees
void tally(std::multiset<int>& s) {
  for (int x : s)
    if (x == 0)
      s.insert(1);
}

// peer (lifetime: AssociativeContainers::MultimapInsertDoesNotInvalidate): quiet; mapsafety: agrees
void fan_in(std::multimap<int, int>& m) {
  for (auto it = m.begin(); it != m.end(); ++it)
    m.insert({1, 2});
}

// peer (lifetime: AssociativeContainers::SetEraseDoesNotInvalidateOthers): quiet; mapsafety: agrees
void drop_successor(std::set<int>& s) {
  for (auto it1 = s.begin(); it1 != s.end(); ++it1) {
    auto it2 = it1;
    ++it2;
    if (it2 != s.end())
      s.erase(it2);
  }
}

// peer (lifetime: AssociativeContainers::SetExtractDoesNotInvalidateOthers): quiet; mapsafety: agrees
void take_successor(std::set<int>& s) {
  for (auto it1 = s.begin(); it1 != s.end(); ++it1) {
    auto it2 = it1;
    ++it2;
    if (it2 != s.end())
      s.extract(it2);
  }
}

// peer (lifetime: AssociativeContainers::SetClearInvalidates): warns; mapsafety: agrees
void reset_on_zero(std::set<int>& s) {
  for (auto it = s.begin(); it != s.end(); ++it)
    if (*it == 0)
      s.clear();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: clearing 's' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 's' starts here
      // CHECK-MESSAGES: :[[@LINE-5]]:46: note: invalidated iterator 'it' is used here
}

// peer (lifetime: AssociativeContainers::MapClearInvalidates): warns; mapsafety: agrees
void reset_routes_on_zero(std::map<int, int>& m) {
  for (auto& [k, v] : m)
    if (v == 0)
      m.clear();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: clearing 'm' inside a loop over it: clear destroys every element, including the one the loop is on [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'm' starts here
}

// peer (lifetime: AssociativeContainers::MapSubscriptDoesNotInvalidate): quiet; mapsafety: agrees
void touch_default_route(std::map<int, int>& m) {
  for (auto it = m.begin(); it != m.end(); ++it)
    m[1];
}
