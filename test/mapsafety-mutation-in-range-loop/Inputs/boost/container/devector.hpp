// Minimal stand-in for boost/container/devector.hpp.
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
#ifndef MAPSAFETY_TEST_BOOST_DEVECTOR_HPP
#define MAPSAFETY_TEST_BOOST_DEVECTOR_HPP

#include "mapsafety_test/sequence_body.h"

namespace boost { namespace container {
template <class T> class devector {
  MAPSAFETY_TEST_SEQUENCE(devector)
  void push_front(const T &);
};
} } // namespace boost::container

#endif
