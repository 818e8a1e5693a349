// FLAGS: -std=c++17
// Does not compile: undeclared names, wrong member calls, missing semicolons and
// braces, incomplete types. Clang recovers (RecoveryExpr, invalid decls); the checks
// must not trip over what it keeps.
#include <map>
#include <mutex>
#include <unordered_map>

struct Incomplete;
std::map<int, Incomplete> *bad;
void undeclared(std::map<int, int> &m) {
  for (auto &kv : m) m.erase(undeclaredKey);
  for (auto &kv : missingMap) missingMap.erase(kv.first);
  for (auto &kv : m) m.eraze(kv.first);
  for (auto it = m.begin(); it != m.end(); ++it) m.erase(it, 1, 2, 3);
}
void noThread(std::map<int, int> &m) {
  std::thread t([&] { m[1] = 2; });  // <thread> not included
  t.join();
}
void wrongLock(std::map<int, int> &m, std::mutex &mu) {
  std::lock_guard<std::mutx> g(mu);
  m[1] = 1;
  std::unique_lock<> l;
}
template <class T> void tmpl(T &m) { for (auto &kv : m) m.erase(kv.first) }
void missingSemi(std::unordered_map<int, int> &m) {
  for (auto &kv : m) { m.insert({1, 2}) }
  tmpl(m);
}
auto badReturn() -> decltype(undeclared2()) { std::map<int, int> m; for (auto &kv : m) m.clear(); }
struct S { std::map<int, int> m; void f() { for (auto &kv : m) this->n.erase(1); } };
void unbalanced(std::map<int, int> &m) {
  for (auto &kv : m) {
    if (kv.second) {
      m.erase(kv.first);
  // missing closing braces follow
