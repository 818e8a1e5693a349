#include <map>
void sweep(std::map<int, int> &m) {
  for (auto &kv : m)
    if (kv.second == 0) m.erase(kv.first)   // missing semicolon
  undeclared_function(m);
}
