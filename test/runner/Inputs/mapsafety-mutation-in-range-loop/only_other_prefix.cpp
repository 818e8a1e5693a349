// The only expected warning is under a prefix the RUN line does not use.
#include <map>

void sweep(std::map<int, bool> &sessions) {
  for (auto it = sessions.begin(); it != sessions.end();)
    it = it->second ? sessions.erase(it) : std::next(it);
  // CHECK-WITH-OPTION: :[[@LINE-1]]:5: warning: something an option would report
}
