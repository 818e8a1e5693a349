#include <map>
#include <string>

struct Session { bool expired = false; };

void sweep(std::map<std::string, Session> &sessions) {
  for (auto &[id, s] : sessions)
    if (s.expired)
      sessions.erase(id);
}
