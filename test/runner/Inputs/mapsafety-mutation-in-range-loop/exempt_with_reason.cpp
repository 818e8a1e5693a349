// NO-POSITIVE-CONTROL: stands for a file run with an option that turns every report off
#include <map>

void sweep(std::map<int, bool> &sessions) {
  for (auto it = sessions.begin(); it != sessions.end();)
    it = it->second ? sessions.erase(it) : std::next(it);
}
