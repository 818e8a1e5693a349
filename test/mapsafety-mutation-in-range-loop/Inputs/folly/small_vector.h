// Minimal stand-in for folly/small_vector.h.
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
#ifndef MAPSAFETY_TEST_FOLLY_SMALL_VECTOR_H
#define MAPSAFETY_TEST_FOLLY_SMALL_VECTOR_H

#include "mapsafety_test/sequence_body.h"

namespace folly {
template <class T, std::size_t N = 1> class small_vector {
  MAPSAFETY_TEST_SEQUENCE(small_vector)

};
} // namespace folly

#endif
