// The caller-lock project as a program, for ThreadSanitizer: two threads use
// the cache; with RACY one of them calls putFast(), which skips mu_.
#include "src/cache.h"
#include <thread>
int main() {
  Cache c;
  std::thread a([&] {
    for (int i = 0; i < 100; ++i)
      c.put(i, i);
  });
  std::thread b([&] {
    for (int i = 0; i < 100; ++i) {
#ifdef RACY
      c.putFast(i, i);
#else
      c.erase(i);
      c.bulkPut(i, i + 2);
#endif
    }
  });
  a.join();
  b.join();
}
