// NO-POSITIVE-CONTROL:
#include <map>

void sweep(std::map<int, bool> &sessions) { sessions.clear(); }
