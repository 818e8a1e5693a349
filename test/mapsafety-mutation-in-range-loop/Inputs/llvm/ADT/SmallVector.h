// Minimal stand-in for llvm/ADT/SmallVector.h.
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
#ifndef MAPSAFETY_TEST_LLVM_ADT_SMALLVECTOR_H
#define MAPSAFETY_TEST_LLVM_ADT_SMALLVECTOR_H

#include "mapsafety_test/sequence_body.h"

namespace llvm {
template <class T, unsigned N = 4> class SmallVector {
  MAPSAFETY_TEST_SEQUENCE(SmallVector)
  void append(std::initializer_list<T>);
};
} // namespace llvm

#endif
