// Minimal stand-in for absl/container/inlined_vector.h.
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
#ifndef MAPSAFETY_TEST_ABSL_INLINED_VECTOR_H
#define MAPSAFETY_TEST_ABSL_INLINED_VECTOR_H

#include "mapsafety_test/sequence_body.h"

namespace absl {
template <class T, std::size_t N> class InlinedVector {
  MAPSAFETY_TEST_SEQUENCE(InlinedVector)

};
} // namespace absl

#endif
