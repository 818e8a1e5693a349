// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -config="{CheckOptions: [{key: mapsafety-mutation-in-range-loop.ExtraContainerTypes, value: 'PtrIterContainer=vector'}]}" -- -std=c++17

// Peer suite: the Clang Static Analyzer's alpha.cplusplus.InvalidatedIterator,
// clang/test/Analysis/invalidated-iterator.cpp (LLVM 19). Every case there is
// straight-line: take an iterator, erase at it (or grow the container), then
// touch the iterator in one of ten ways (*i, ++i, --i, i++, i--, i += 2,
// i + 2, i -= 2, i - 2, i[1]). That sequence is what an iterator loop runs
// when its body erases at the loop's iterator and goes on, so each case is
// ported as that loop, with the peer's use as the first use after the
// mutation (the note must point at it). The peer's "normal_" cases, the same
// use with no invalidation, are ported as the same loop without it. The
// peer's container with raw-pointer iterators is declared to mapsafety as a
// vector through ExtraContainerTypes. The verdict is the peer's
// expected-warning (warns) or its absence (quiet).

#include <cstddef>
#include <vector>

template <typename T> struct PtrIterContainer {
  T *begin() const;
  T *end() const;
  T &operator[](std::size_t);
  void push_back(const T &);
  T *erase(T *);
};

bool stale(int v);
void use(int v);

// peer (CSA: normal_dereference): quiet; mapsafety: agrees
void sum_ready(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend(); ++i)
    use(*i);
}

// peer (CSA: invalidated_dereference): warns; mapsafety: agrees
void drop_then_log(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend(); ++i)
    if (stale(*i)) {
      v.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'v' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:12: note: invalidated iterator 'i' is used here
      use(*i);
    }
}

// peer (CSA: normal_prefix_increment): quiet; mapsafety: agrees
void skip_pairs(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend();)
    ++i;
}

// peer (CSA: invalidated_prefix_increment): warns; mapsafety: agrees
void drop_stale_prefix(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend();) {
    if (stale(*i))
      v.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'v' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:7: note: invalidated iterator 'i' is used here
    ++i;
  }
}

// peer (CSA: normal_prefix_decrement): quiet; mapsafety: agrees
void peek_back(std::vector<int>& v) {
  for (auto i = ++v.cbegin(); i != v.cend(); ++i) {
    --i;
    ++i;
  }
}

// peer (CSA: invalidated_prefix_decrement): warns; mapsafety: agrees
void drop_and_step_back(std::vector<int>& v) {
  for (auto i = ++v.cbegin(); i != v.cend(); ++i)
    if (stale(*i)) {
      v.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'v' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:9: note: invalidated iterator 'i' is used here
      --i;
    }
}

// peer (CSA: normal_postfix_increment): quiet; mapsafety: agrees
void walk_postfix(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend();)
    use(*i++);
}

// peer (CSA: invalidated_postfix_increment): warns; mapsafety: agrees
void drop_stale_postfix(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend();) {
    if (stale(*i))
      v.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'v' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:5: note: invalidated iterator 'i' is used here
    i++;
  }
}

// peer (CSA: normal_postfix_decrement): quiet; mapsafety: agrees
void walk_back_postfix(std::vector<int>& v) {
  for (auto i = ++v.cbegin(); i != v.cend(); ++i) {
    i--;
    i++;
  }
}

// peer (CSA: invalidated_postfix_decrement): warns; mapsafety: agrees
void drop_and_step_back_postfix(std::vector<int>& v) {
  for (auto i = ++v.cbegin(); i != v.cend(); ++i)
    if (stale(*i)) {
      v.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'v' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:7: note: invalidated iterator 'i' is used here
      i--;
    }
}

// peer (CSA: normal_increment_by_2): quiet; mapsafety: agrees
void every_other(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend();)
    i += 2;
}

// peer (CSA: invalidated_increment_by_2): warns; mapsafety: agrees
void drop_and_skip_pair(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend();) {
    if (stale(*i))
      v.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'v' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:5: note: invalidated iterator 'i' is used here
    i += 2;
  }
}

// peer (CSA: normal_increment_by_2_copy): quiet; mapsafety: agrees
void pair_ahead(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend(); ++i) {
    auto j = i + 2;
    (void)j;
  }
}

// peer (CSA: invalidated_increment_by_2_copy): warns; mapsafety: agrees
void drop_then_look_ahead(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend(); ++i)
    if (stale(*i)) {
      v.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'v' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:16: note: invalidated iterator 'i' is used here
      auto j = i + 2;
      (void)j;
    }
}

// peer (CSA: normal_decrement_by_2): quiet; mapsafety: agrees
void back_two(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend(); i += 3)
    i -= 2;
}

// peer (CSA: invalidated_decrement_by_2): warns; mapsafety: agrees
void drop_and_back_two(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend(); ++i)
    if (stale(*i)) {
      v.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'v' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:7: note: invalidated iterator 'i' is used here
      i -= 2;
    }
}

// peer (CSA: normal_decrement_by_2_copy): quiet; mapsafety: agrees
void pair_behind(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend(); ++i) {
    auto j = i - 2;
    (void)j;
  }
}

// peer (CSA: invalidated_decrement_by_2_copy): warns; mapsafety: agrees
void drop_then_look_behind(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend(); ++i)
    if (stale(*i)) {
      v.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'v' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:16: note: invalidated iterator 'i' is used here
      auto j = i - 2;
      (void)j;
    }
}

// peer (CSA: normal_subscript): quiet; mapsafety: agrees
void next_neighbour(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend(); ++i)
    use(i[1]);
}

// peer (CSA: invalidated_subscript): warns; mapsafety: agrees
void drop_then_read_neighbour(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend(); ++i)
    if (stale(*i)) {
      v.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'v' inside a loop over it: std::vector erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'v' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:11: note: invalidated iterator 'i' is used here
      use(i[1]);
    }
}

// peer (CSA: assignment): quiet; mapsafety: agrees
void drop_and_restart(std::vector<int>& v) {
  for (auto i = v.cbegin(); i != v.cend(); ++i)
    if (stale(*i)) {
      v.erase(i);
      i = v.cbegin();
    }
}

// peer (CSA: invalidated_access_via_end_iterator_after_push_back): warns; mapsafety: agrees
void replicate_up_to_end(PtrIterContainer<int>& c) {
  for (auto i = c.begin(), e = c.end(); i != e; ++i)
    if (*i == 1)
      c.push_back(2);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: inserting into 'c' inside a loop over it: PtrIterContainer may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'c' starts here
      // CHECK-MESSAGES: :[[@LINE-5]]:51: note: invalidated iterator 'i' is used here
}

// peer (CSA: invalidated_dereference_end_ptr_iterator): warns; mapsafety: agrees
void ptr_drop_then_log(PtrIterContainer<int>& c) {
  for (auto i = c.begin(); i != c.end(); ++i)
    if (stale(*i)) {
      c.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'c' inside a loop over it: PtrIterContainer erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'c' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:12: note: invalidated iterator 'i' is used here
      use(*i);
    }
}

// peer (CSA: invalidated_prefix_increment_end_ptr_iterator): warns; mapsafety: agrees
void ptr_drop_stale_prefix(PtrIterContainer<int>& c) {
  for (auto i = c.begin(); i != c.end();) {
    if (stale(*i))
      c.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'c' inside a loop over it: PtrIterContainer erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'c' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:7: note: invalidated iterator 'i' is used here
    ++i;
  }
}

// peer (CSA: invalidated_prefix_decrement_end_ptr_iterator): warns; mapsafety: agrees
void ptr_drop_and_step_back(PtrIterContainer<int>& c) {
  for (auto i = c.begin() + 1; i != c.end(); ++i)
    if (stale(*i)) {
      c.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'c' inside a loop over it: PtrIterContainer erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'c' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:9: note: invalidated iterator 'i' is used here
      --i;
    }
}

// peer (CSA: invalidated_postfix_increment_end_ptr_iterator): warns; mapsafety: agrees
void ptr_drop_stale_postfix(PtrIterContainer<int>& c) {
  for (auto i = c.begin(); i != c.end();) {
    if (stale(*i))
      c.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'c' inside a loop over it: PtrIterContainer erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'c' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:5: note: invalidated iterator 'i' is used here
    i++;
  }
}

// peer (CSA: invalidated_postfix_decrement_end_ptr_iterator): warns; mapsafety: agrees
void ptr_drop_and_step_back_postfix(PtrIterContainer<int>& c) {
  for (auto i = c.begin() + 1; i != c.end(); ++i)
    if (stale(*i)) {
      c.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'c' inside a loop over it: PtrIterContainer erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'c' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:7: note: invalidated iterator 'i' is used here
      i--;
    }
}

// peer (CSA: invalidated_increment_by_2_end_ptr_iterator): warns; mapsafety: agrees
void ptr_drop_and_skip_pair(PtrIterContainer<int>& c) {
  for (auto i = c.begin(); i != c.end();) {
    if (stale(*i))
      c.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'c' inside a loop over it: PtrIterContainer erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'c' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:5: note: invalidated iterator 'i' is used here
    i += 2;
  }
}

// peer (CSA: invalidated_increment_by_2_copy_end_ptr_iterator): warns; mapsafety: agrees
void ptr_drop_then_look_ahead(PtrIterContainer<int>& c) {
  for (auto i = c.begin(); i != c.end(); ++i)
    if (stale(*i)) {
      c.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'c' inside a loop over it: PtrIterContainer erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'c' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:16: note: invalidated iterator 'i' is used here
      auto j = i + 2;
      (void)j;
    }
}

// peer (CSA: invalidated_decrement_by_2_end_ptr_iterator): warns; mapsafety: agrees
void ptr_drop_and_back_two(PtrIterContainer<int>& c) {
  for (auto i = c.begin(); i != c.end(); ++i)
    if (stale(*i)) {
      c.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'c' inside a loop over it: PtrIterContainer erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'c' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:7: note: invalidated iterator 'i' is used here
      i -= 2;
    }
}

// peer (CSA: invalidated_decrement_by_2_copy_end_ptr_iterator): warns; mapsafety: agrees
void ptr_drop_then_look_behind(PtrIterContainer<int>& c) {
  for (auto i = c.begin(); i != c.end(); ++i)
    if (stale(*i)) {
      c.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'c' inside a loop over it: PtrIterContainer erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'c' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:16: note: invalidated iterator 'i' is used here
      auto j = i - 2;
      (void)j;
    }
}

// peer (CSA: invalidated_subscript_end_ptr_iterator): warns; mapsafety: agrees
void ptr_drop_then_read_neighbour(PtrIterContainer<int>& c) {
  for (auto i = c.begin(); i != c.end(); ++i)
    if (stale(*i)) {
      c.erase(i);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'c' inside a loop over it: PtrIterContainer erase shifts the later elements and invalidates every iterator from the erased one on, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: loop iterating over 'c' starts here
      // CHECK-MESSAGES: :[[@LINE+1]]:11: note: invalidated iterator 'i' is used here
      use(i[1]);
    }
}
