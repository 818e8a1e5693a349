#include <map>
#include <string>

// Correct code only: the gate reports nothing here.
int countLong(const std::map<int, std::string> &m) {
  int n = 0;
  for (const auto &[k, v] : m)
    n += v.size() > 8;
  return n;
}

#ifdef GATE_TEST_EXTRA_BUG
// Only compiled when the test passes -DGATE_TEST_EXTRA_BUG through the gate.
void extraBug(std::map<int, std::string> &m) {
  for (auto &[k, v] : m)
    m.erase(k);
}
#endif
