// The callers of view_cache.cpp's applyLocked(), for the project view.
#include <map>
#include <mutex>
class Cache {
public:
  void put(int k, int v);
  void putFast(int k, int v);
  void erase(int k);

private:
  void applyLocked(int k, int v);
  std::mutex mu_;
  std::map<int, int> m_;
};
void Cache::put(int k, int v) {
  std::lock_guard<std::mutex> l(mu_);
  applyLocked(k, v);
}
#ifdef RACY
void Cache::putFast(int k, int v) { applyLocked(k, v); }
#endif
