// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -config="{CheckOptions: [{key: mapsafety-mutation-in-range-loop.ExtraContainerTypes, value: 'ring::Buffer=vector;ring::Chain=list;ring::Blocks=deque;ring::Slots=stable-vector;ring::Fixed=static-vector'}]}" -- -std=c++17

// ExtraContainerTypes also takes the sequence families: vector, deque, list,
// stable-vector, static-vector. Each entry gets that family's rules.

#include <cstddef>

namespace ring {
#define RING_MEMBERS(C)                                                        \
  T *begin();                                                                  \
  T *end();                                                                    \
  void push_back(const T &);                                                   \
  void push_front(const T &);                                                  \
  T *erase(T *);                                                               \
  std::size_t size() const;
template <class T> class Buffer { public: RING_MEMBERS(Buffer) };
template <class T> class Chain { public: RING_MEMBERS(Chain) };
template <class T> class Blocks { public: RING_MEMBERS(Blocks) };
template <class T> class Slots { public: RING_MEMBERS(Slots) };
template <class T> class Fixed { public: RING_MEMBERS(Fixed) };
} // namespace ring

void buffer_grows(ring::Buffer<int>& b) {
  for (int x : b)
    if (x < 0) b.push_back(-x);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: inserting into 'b' inside a loop over it: ring::Buffer may reallocate on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'b' starts here
}

void blocks_grow_at_front(ring::Blocks<int>& b) {
  for (int x : b)
    if (x < 0) b.push_front(-x);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: inserting into 'b' inside a loop over it: ring::Blocks invalidates every iterator (though not references) when it grows at either end, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'b' starts here
}

void chain_erase_current(ring::Chain<int>& c) {
  for (int *it = c.begin(); it != c.end(); ++it)
    if (*it == 0) c.erase(it);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: erasing from 'c' inside a loop over it: ring::Chain invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'c' starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:46: note: invalidated iterator 'it' is used here
  // CHECK-FIXES: {{^}}  for (int *it = c.begin(); it != c.end(); ){{$}}
  // CHECK-FIXES-NEXT: {{^}}    if (*it == 0) it = c.erase(it); else ++it;{{$}}
}

// ---- quiet ----

void chain_grows(ring::Chain<int>& c) {
  for (int x : c)
    if (x < 0) c.push_back(-x);
}

void slots_grow(ring::Slots<int>& s) {
  for (int x : s)
    if (x < 0) s.push_back(-x);
}

void fixed_push_back(ring::Fixed<int>& f) {
  for (int x : f)
    if (x < 0 && f.size() < 8) f.push_back(-x);
}
