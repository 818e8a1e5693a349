// Minimal stand-in for absl/algorithm/container.h (Abseil LTS 2023-08-02):
// the container-based algorithms that call a function for every element.
#ifndef MAPSAFETY_TEST_ABSL_ALGORITHM_CONTAINER_H_
#define MAPSAFETY_TEST_ABSL_ALGORITHM_CONTAINER_H_

#include <algorithm>
#include <iterator>
#include <type_traits>
#include <utility>

namespace absl {
inline namespace lts_20230802 {

template <typename C, typename Function>
std::decay_t<Function> c_for_each(C &&c, Function &&f) {
  return std::for_each(std::begin(c), std::end(c), std::forward<Function>(f));
}

template <typename InputSequence, typename OutputIterator, typename UnaryOp>
OutputIterator c_transform(const InputSequence &input, OutputIterator output, UnaryOp &&unary_op) {
  return std::transform(std::begin(input), std::end(input), output,
                        std::forward<UnaryOp>(unary_op));
}

template <typename C, typename Pred>
auto c_count_if(const C &c, Pred &&pred) {
  return std::count_if(std::begin(c), std::end(c), std::forward<Pred>(pred));
}

} // namespace lts_20230802
} // namespace absl

#endif
