// Minimal stand-in for boost/container/stable_vector.hpp.
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
#ifndef MAPSAFETY_TEST_BOOST_STABLE_VECTOR_HPP
#define MAPSAFETY_TEST_BOOST_STABLE_VECTOR_HPP

#include "mapsafety_test/sequence_body.h"

namespace boost { namespace container {
template <class T> class stable_vector {
  MAPSAFETY_TEST_SEQUENCE(stable_vector)

};
} } // namespace boost::container

#endif
