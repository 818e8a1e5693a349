// NO-POSITIVE-CONTROL: a stale exemption, the file does expect a warning
#include <map>

void sweep(std::map<int, bool> &sessions) {
  for (auto &kv : sessions)
    if (kv.second) sessions.erase(kv.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: erasing from 'sessions' inside a loop over it
}
