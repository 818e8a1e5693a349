// Only a correct idiom, no expected warning: in a check folder the runner must
// fail, since this file would also pass with the check not running at all.
#include <map>

void sweep(std::map<int, bool> &sessions) {
  for (auto it = sessions.begin(); it != sessions.end();)
    it = it->second ? sessions.erase(it) : std::next(it);
}
