// Minimal stand-in for boost/container/small_vector.hpp.
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
#ifndef MAPSAFETY_TEST_BOOST_SMALL_VECTOR_HPP
#define MAPSAFETY_TEST_BOOST_SMALL_VECTOR_HPP

#include "mapsafety_test/sequence_body.h"

namespace boost { namespace container {
template <class T, std::size_t N> class small_vector {
  MAPSAFETY_TEST_SEQUENCE(small_vector)

};
} } // namespace boost::container

#endif
