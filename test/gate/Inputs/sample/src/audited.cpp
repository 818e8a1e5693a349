#include <map>
#include <string>

// Audited cases: each suppression form, with a reason.
void copySweep(std::map<int, std::string> copy) {
  for (auto &[k, v] : copy)
    if (v.empty()) copy.erase(k); // NOLINT(mapsafety-mutation-in-range-loop): loop exits right after, see below
}

void nextLine(std::map<int, int> &m) {
  for (auto &[k, v] : m) {
    // NOLINTNEXTLINE(mapsafety-*) - only ever called on a single-element map
    m.erase(k);
    break;
  }
}

/* NOLINTBEGIN(mapsafety-mutation-in-range-loop): legacy sweeper, replaced in #123 */
void legacy(std::map<int, int> &m) {
  for (auto &[k, v] : m)
    if (v < 0) m.erase(k);
}
/* NOLINTEND(mapsafety-mutation-in-range-loop) */

// Not a mapsafety suppression: the audit ignores it.
int unrelated(int x) { return x; } // NOLINT(bugprone-easily-swappable-parameters): one parameter
