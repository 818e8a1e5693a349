// Sample project for the gate tests: a header included by two translation units,
// so its finding is reported twice by clang-tidy and once by the gate.
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <string>

struct Session {
  std::string user;
  std::chrono::steady_clock::time_point last_seen;
};

class SessionTable {
public:
  int sweepExpired(std::chrono::seconds ttl);
  void revokeUser(const std::string &user);
  int sweepExpiredCorrectly(std::chrono::seconds ttl);

  // BUG (header): erases from the map the range-for iterates.
  void dropUser(const std::string &user) {
    for (auto &entry : sessions_)
      if (entry.second.user == user) sessions_.erase(entry.first);
  }

private:
  std::map<std::uint64_t, Session> sessions_;
};
