// Minimal stand-in for QtCore/qlist.h.
// Declarations only: enough for -fsyntax-only and clang-tidy tests.
#ifndef MAPSAFETY_TEST_QTCORE_QLIST_H
#define MAPSAFETY_TEST_QTCORE_QLIST_H

#include "mapsafety_test/sequence_body.h"


template <class T> class QList {
  MAPSAFETY_TEST_SEQUENCE(QList)
  QList &operator<<(const T &);
  void append(const T &);
  void removeAt(long long);
};
template <class T> using QVector = QList<T>; // as in Qt 6

#endif
