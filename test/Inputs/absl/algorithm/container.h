// A stand-in for absl/algorithm/container.h: the container-based algorithms
// the thread rules know by name, implemented with the standard ones.
#ifndef MAPSAFETY_TEST_ABSL_ALGORITHM_CONTAINER_H
#define MAPSAFETY_TEST_ABSL_ALGORITHM_CONTAINER_H

#include <algorithm>
#include <iterator>

namespace absl {
template <typename C, typename Pred> auto c_find_if(const C &c, Pred pred) {
  return std::find_if(std::begin(c), std::end(c), pred);
}
template <typename C, typename Pred> bool c_any_of(const C &c, Pred pred) {
  return std::any_of(std::begin(c), std::end(c), pred);
}
template <typename C, typename F> F c_for_each(C &c, F f) {
  return std::for_each(std::begin(c), std::end(c), f);
}
template <typename C, typename Out> Out c_copy(const C &c, Out out) {
  return std::copy(std::begin(c), std::end(c), out);
}
} // namespace absl

#endif
