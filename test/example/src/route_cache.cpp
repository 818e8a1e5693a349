// A route cache with TTL eviction: written correctly, so no finding here.
#include <map>
#include <string>
#include <vector>

struct Route {
  std::string next_hop;
  long expires_at = 0;
};

class RouteCache {
public:
  void evictExpired(long now) {
    std::erase_if(routes_, [&](const auto &kv) { return kv.second.expires_at <= now; });
  }

  void evictPrefix(const std::string &prefix) {
    std::vector<std::string> doomed;
    for (const auto &[dest, route] : routes_)
      if (dest.rfind(prefix, 0) == 0)
        doomed.push_back(dest);
    for (const auto &dest : doomed)
      routes_.erase(dest);
  }

  // Erase then leave the loop: the iterator is never used again.
  bool dropFirstVia(const std::string &hop) {
    for (auto &[dest, route] : routes_) {
      if (route.next_hop == hop) {
        routes_.erase(dest);
        return true;
      }
    }
    return false;
  }

private:
  std::map<std::string, Route> routes_;
};

void maintain(RouteCache &c) {
  c.evictExpired(0);
  c.evictPrefix("10.");
  c.dropFirstVia("gw");
}
