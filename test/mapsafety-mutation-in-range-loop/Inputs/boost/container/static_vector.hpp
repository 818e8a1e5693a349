// Minimal stand-in for boost/container/static_vector.hpp.
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
#ifndef MAPSAFETY_TEST_BOOST_STATIC_VECTOR_HPP
#define MAPSAFETY_TEST_BOOST_STATIC_VECTOR_HPP

#include "mapsafety_test/sequence_body.h"

namespace boost { namespace container {
template <class T, std::size_t N> class static_vector {
  MAPSAFETY_TEST_SEQUENCE(static_vector)

};
} } // namespace boost::container

#endif
