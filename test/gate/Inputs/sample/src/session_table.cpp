#include "session_table.h"

// BUG: erasing the current element from inside the range-for.
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

// BUG: erase, then increment the erased iterator (the check offers a fix-it).
void SessionTable::revokeUser(const std::string &user) {
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
    if (it->second.user == user)
      sessions_.erase(it);
  }
}

// Correct: erase returns the next iterator; a kept session just advances.
int SessionTable::sweepExpiredCorrectly(std::chrono::seconds ttl) {
  const auto now = std::chrono::steady_clock::now();
  int dropped = 0;
  auto it = sessions_.begin();
  while (it != sessions_.end()) {
    if (now - it->second.last_seen <= ttl) {
      ++it;
    } else {
      it = sessions_.erase(it);
      ++dropped;
    }
  }
  return dropped;
}
