// Minimal stand-in for folly/FBVector.h.
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
#ifndef MAPSAFETY_TEST_FOLLY_FBVECTOR_H
#define MAPSAFETY_TEST_FOLLY_FBVECTOR_H

#include "mapsafety_test/sequence_body.h"

namespace folly {
template <class T> class fbvector {
  MAPSAFETY_TEST_SEQUENCE(fbvector)

};
} // namespace folly

#endif
