#include "cache.h"
void Cache::applyLocked(int k, int v) { m_[k] = v; }
void Cache::erase(int k) {
  std::lock_guard<std::mutex> l(mu_);
  m_.erase(k);
}
// Recursive, reached only from bulkPut() in cache_api.cpp under mu_.
void Cache::fillRange(int from, int to) {
  if (from >= to)
    return;
  m_[from] = from;
  fillRange(from + 1, to);
}
