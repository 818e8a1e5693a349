// The sample file of the editor tests (test/clangd): two map bugs our check
// finds, three it must not report (NOLINT forms), and one finding of a built-in check.
// stddef.h is one of clang's builtin headers: where clangd finds it shows
// which resource directory it uses.
#include <map>
#include <stddef.h>
#include <string>

struct Session {
  bool expired = false;
  int owner = 0;
};

// Range-for: erasing the element the loop stands on. No fix-it in C++17.
void dropExpired(std::map<std::string, Session> &sessions) {
  for (auto &[id, s] : sessions)
    if (s.expired)
      sessions.erase(id);
}

// Iterator loop of the one shape we rewrite: a quick fix.
void dropOwnedBy(std::map<int, Session> &byId, int owner) {
  for (auto it = byId.begin(); it != byId.end(); ++it) {
    if (it->second.owner == owner) byId.erase(it);
  }
}

// Suppressed (an audited case in real code): not reported.
void dropStale(std::map<int, Session> &byId) {
  for (auto it = byId.begin(); it != byId.end(); ++it) {
    if (it->second.expired) {
      byId.erase(it); // NOLINT(mapsafety-mutation-in-range-loop): suppression test
    }
  }
}

// A built-in clang-tidy check, which stock clangd reports too.
double expiredShare(int expired, int total) { return expired / total; }

// The other suppression forms: not reported either.
void dropAllExpired(std::map<int, Session> &byId) {
  for (auto &[id, s] : byId)
    // NOLINTNEXTLINE(mapsafety-mutation-in-range-loop): suppression test
    if (s.expired) byId.erase(id);
}

// NOLINTBEGIN(mapsafety-mutation-in-range-loop): suppression test
void dropOwnedByAll(std::map<int, Session> &byId, int owner) {
  for (auto &[id, s] : byId)
    if (s.owner == owner) byId.erase(id);
}
// NOLINTEND(mapsafety-mutation-in-range-loop)
