// FLAGS: -std=c++17
// Loops, locks and launches spelt through macros, token pasting and __COUNTER__.
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#define FOR_EACH(kv, m) for (auto &kv : m)
#define ERASE(m, k) (m).erase(k)
#define LOCKED(mu) if (std::lock_guard<std::mutex> g_##mu{mu}; true)
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define UNIQUE(name) CAT(name, __COUNTER__)
#define SPAWN(body) std::thread UNIQUE(t_)([&] { body; })
#define SWEEP(m) FOR_EACH(kv, m) if (kv.second < 0) ERASE(m, kv.first)
#define NOTHING
#define EMPTY_LOOP(m) for (auto &x : m) { (void)x; }
#define STR(x) #x

std::map<std::string, int> registry;
std::mutex registryMu;

void sweep() { SWEEP(registry); }
void locked() { LOCKED(registryMu) { registry[STR(key)] = 1; } }
void loopMacroMutationOutside(std::unordered_map<int, int> &m) {
  EMPTY_LOOP(m)
  m.clear();
}
void spawn() {
  std::map<int, int> local;
  SPAWN(local[1] = 2);
  local[3] = 4;
  // the thread handle has a __COUNTER__ name and is never joined here: terminate() at run time
}
#define WHOLE_FUNCTION(name, m) void name() { for (auto it = m.begin(); it != m.end(); ++it) m.erase(it); }
WHOLE_FUNCTION(generated, registry)
#define ARGS_MUTATE(x) x
void argsMutate(std::map<int, int> &m) { for (auto &kv : m) ARGS_MUTATE(m.erase(kv.first)); NOTHING }
#line 1000 "renamed.cpp"
void afterLine(std::map<int, int> &m) { for (auto &kv : m) m.emplace(kv.first + 1, 0); }
