// A translation unit for another target than the host: only clang's builtin
// headers (the resource directory) exist for it, so this stands in for <map>.
#include <stdarg.h>
#include <stddef.h>

namespace std {
template <class K, class V> struct pair { K first; V second; };
template <class K, class V> class map {
public:
  using value_type = pair<const K, V>;
  struct iterator {
    value_type *p;
    value_type &operator*() const { return *p; }
    iterator &operator++() { ++p; return *this; }
    bool operator!=(const iterator &o) const { return p != o.p; }
  };
  iterator begin();
  iterator end();
  size_t erase(const K &key);
};
} // namespace std

size_t dropAll(std::map<int, int> &counts, int extra, ...) {
  va_list ap;
  va_start(ap, extra); // not `counts`: va_start after a reference is undefined (-Wvarargs)
  size_t dropped = 0;
  for (auto &kv : counts)
    dropped += counts.erase(kv.first);
  va_end(ap);
  return dropped;
}
