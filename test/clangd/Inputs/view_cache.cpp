// The cache of test/gate/project-view.test in one file for the editor: the
// callers of applyLocked() are in view_cache_api.cpp, which the editor never
// opens; the project view the gate left beside compile_commands.json says
// whether they hold mu_.
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
void Cache::applyLocked(int k, int v) { m_[k] = v; }
void Cache::erase(int k) {
  std::lock_guard<std::mutex> l(mu_);
  m_.erase(k);
}
