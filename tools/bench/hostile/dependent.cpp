// FLAGS: -std=c++17
// Dependent types, names and calls that clang cannot resolve before instantiation,
// and templates that are never instantiated at all.
#include <map>
#include <mutex>
#include <thread>
#include <vector>

template <class T> struct Table {
  typename T::map_type m_;
  typename T::mutex_type mu_;
  void prune() {
    for (auto &kv : this->m_) if (T::stale(kv)) this->m_.erase(kv.first);
  }
  void writer() {
    std::thread t([this] { typename T::lock_type l(mu_); m_.template emplace<int, int>(1, 2); });
    m_.clear();
    t.join();
  }
  template <class U> void viaUnresolved(U u) { for (auto &kv : m_) u.mutate(m_, kv); }
  decltype(auto) ref() { return (m_); }
};
struct Traits {
  using map_type = std::map<int, int>;
  using mutex_type = std::mutex;
  using lock_type = std::lock_guard<std::mutex>;
  static bool stale(const std::pair<const int, int> &kv) { return kv.second == 0; }
};
template struct Table<Traits>;

template <class K> struct NeverUsed {
  std::map<K, typename K::value> m;
  void f() { for (auto &kv : m) m.erase(kv.first); auto t = std::thread([&] { m[K{}]; }); }
};

template <class M> auto &pick(M &a, M &b, bool c) { return c ? a : b; }
void aliasDependent(std::map<int, int> &a, std::map<int, int> &b) {
  for (auto &kv : a) pick(a, b, kv.second > 0).erase(kv.first);
}
template <class M> struct Rec { M m; void f(int n) { if (n) { for (auto &kv : m) g(n - 1); } } void g(int n) { m.clear(); f(n); } };
template struct Rec<std::map<int, int>>;
