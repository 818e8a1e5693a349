// FLAGS: -std=c++20
// Heavy templates: dependent maps, CRTP, variadics, concepts, generic lambdas,
// deep recursive instantiation. Must not crash; findings are not the point.
#include <map>
#include <mutex>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

template <class M> void eraseAll(M &m) {
  for (auto &kv : m) m.erase(kv.first);  // dependent until instantiated
}
template <class K, class V, template <class...> class Map = std::map>
struct Cache {
  Map<K, V> items;
  std::mutex mu;
  template <class F> void each(F &&f) { for (auto &[k, v] : items) f(k, v); }
  void drop(const K &k) { std::lock_guard<std::mutex> g(mu); items.erase(k); }
};
template <class Derived> struct Base {
  void sweep() { for (auto &kv : static_cast<Derived *>(this)->table) static_cast<Derived *>(this)->table.erase(kv.first); }
};
struct Impl : Base<Impl> { std::unordered_map<int, int> table; };

template <int N> struct Deep { static int go(std::map<int, int> &m) { m[N] = N; return Deep<N - 1>::go(m); } };
template <> struct Deep<0> { static int go(std::map<int, int> &) { return 0; } };

template <class... Ms> void eraseMany(Ms &...ms) { (eraseAll(ms), ...); }

template <class T>
concept MapLike = requires(T t) { t.begin(); t.end(); t.erase(t.begin()); };
template <MapLike M> void viaConcept(M &m) {
  for (auto it = m.begin(); it != m.end(); ++it) if (it->second) m.erase(it);
}
template <class M, class = std::enable_if_t<!std::is_const_v<M>>> void sfinae(M &m) { m.clear(); }

template <class M> void launch(M &m, std::mutex &mu) {
  std::thread t([&] { std::lock_guard<std::mutex> g(mu); m.emplace(1, 1); });
  m.emplace(2, 2);
  t.join();
}
template <class M> struct Holder {
  M m;
  auto each() { return [this](auto &&f) { for (auto &e : m) f(e, m); }; }
};

int main() {
  std::map<int, int> a; std::unordered_map<int, int> b; std::multimap<int, int> c;
  eraseAll(a); eraseAll(b); eraseAll(c);
  eraseMany(a, b, c);
  Cache<int, int> cache; cache.each([&](int k, int) { cache.items.erase(k); }); cache.drop(1);
  Cache<int, int, std::unordered_map> cache2; cache2.drop(2);
  Impl i; i.sweep();
  Deep<200>::go(a);
  viaConcept(a); viaConcept(b); sfinae(a);
  std::mutex mu; launch(a, mu); launch(b, mu);
  Holder<std::map<int, int>> h; h.each()([](auto &e, auto &m) { m.erase(e.first); });
  auto generic = [](auto &m) { for (auto &kv : m) if (kv.second) m.erase(kv.first); };
  generic(a); generic(b);
}
