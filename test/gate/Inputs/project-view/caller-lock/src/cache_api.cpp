#include "cache.h"
void Cache::put(int k, int v) {
  std::lock_guard<std::mutex> l(mu_);
  applyLocked(k, v);
}
void Cache::bulkPut(int from, int to) {
  std::lock_guard<std::mutex> l(mu_);
  fillRange(from, to);
}
#ifdef RACY
void Cache::putFast(int k, int v) { applyLocked(k, v); }
#endif
