// A cache whose map is guarded by mu_; applyLocked() expects mu_ held and is
// defined in a different file from its callers.
#include <map>
#include <mutex>
class Cache {
public:
  void put(int k, int v);
  void erase(int k);
#ifdef RACY
  void putFast(int k, int v);
#endif
  void bulkPut(int from, int to);

private:
  void applyLocked(int k, int v);
  void fillRange(int from, int to);
  std::mutex mu_;
  std::map<int, int> m_;
};
