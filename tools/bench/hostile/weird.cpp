// FLAGS: -std=c++20 -fopenmp -pthread
// Control flow and concurrency corners: goto, switch into loops, infinite loops,
// exceptions, statement expressions, coroutines-free C++20, OpenMP, jthread, async,
// nested launches, recursion, a lambda invoked in its own initialiser chain.
#include <future>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

std::map<int, int> g;
std::shared_mutex gmu;

int gotoLoop(std::map<int, int> &m) {
  auto it = m.begin();
again:
  if (it == m.end()) return 0;
  if (it->second) { m.erase(it); goto again; }
  ++it;
  goto again;
}
void switchInto(std::map<int, int> &m, int n) {
  switch (n) {
  case 0:
    for (auto &kv : m) {
  case 1:
      if (kv.second) m.clear();
      [[fallthrough]];
  default:
      break;
    }
  }
}
void forever(std::unordered_map<int, int> &m) {
  for (;;) for (auto &kv : m) { if (kv.second) throw std::runtime_error("x"); m.erase(kv.first); break; }
}
void tryCatch(std::map<int, int> &m) {
  for (auto &kv : m) try { if (kv.second) throw 1; } catch (...) { m.erase(kv.first); }
}
int stmtExpr(std::map<int, int> &m) {
  return ({ int s = 0; for (auto &kv : m) s += kv.second; m.clear(); s; });
}
void omp(std::map<int, int> &m) {
#pragma omp parallel for
  for (int i = 0; i < 100; ++i) m[i] = i;
#pragma omp parallel
  {
#pragma omp critical
    m[0]++;
  }
}
void nested() {
  std::map<int, int> local;
  std::mutex mu;
  std::jthread outer([&] {
    std::jthread inner([&] { std::scoped_lock l(mu); local[1]++; });
    local[2]++;
  });
  auto f = std::async(std::launch::async, [&] { std::shared_lock r(gmu); return g.size(); });
  { std::unique_lock w(gmu); g.clear(); }
  f.get();
}
void recurse(std::map<int, int> &m, int n) {
  for (auto &kv : m) if (n) recurse(m, n - 1); else m.erase(kv.first);
}
struct Self { std::map<int, int> m; Self() { std::thread([this] { m.clear(); }).detach(); m[1] = 1; } };
void vla(int n, std::map<int, int> &m) { int a[n]; for (auto &kv : m) a[kv.first % n] = kv.second; }
void deep(std::map<int, int> &m) {
  for (auto &a : m) for (auto &b : m) for (auto &c : m) for (auto &d : m) for (auto &e : m)
    for (auto &f : m) for (auto &h : m) for (auto &i : m) if (a.first + b.first + c.first + d.first + e.first + f.first + h.first + i.first == 0) m.erase(i.first);
}
