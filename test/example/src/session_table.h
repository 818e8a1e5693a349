#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <string>

struct Session {
  std::string user;
  std::chrono::steady_clock::time_point last_seen;
  bool admin = false;
};

// Live sessions by id, swept periodically.
class SessionTable {
public:
  void touch(std::uint64_t id, const std::string &user);
  // Drops sessions idle for longer than ttl. Returns how many were dropped.
  int sweepExpired(std::chrono::seconds ttl);
  int sweepExpiredCorrectly(std::chrono::seconds ttl);
  void revokeUser(const std::string &user);

private:
  std::map<std::uint64_t, Session> sessions_;
};
