#include "session_table.h"

void SessionTable::touch(std::uint64_t id, const std::string &user) {
  Session &s = sessions_[id];
  s.user = user;
  s.last_seen = std::chrono::steady_clock::now();
}

// BUG: erasing the current element from inside the range-for; the loop's
// hidden iterator is advanced after its node was freed.
int SessionTable::sweepExpired(std::chrono::seconds ttl) {
  const auto now = std::chrono::steady_clock::now();
  int dropped = 0;
  for (auto &[id, session] : sessions_) {
    if (now - session.last_seen > ttl) {
      sessions_.erase(id);
      ++dropped;
    }
  }
  return dropped;
}

// Correct: erase returns the next iterator.
int SessionTable::sweepExpiredCorrectly(std::chrono::seconds ttl) {
  const auto now = std::chrono::steady_clock::now();
  int dropped = 0;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (now - it->second.last_seen > ttl) {
      it = sessions_.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
  return dropped;
}

// BUG: the classic iterator loop that erases and then increments.
void SessionTable::revokeUser(const std::string &user) {
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
    if (it->second.user == user)
      sessions_.erase(it);
  }
}
