// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17
// RUN: %tsan_run --expect=clean %s

// Snapshots that are safe to use after the lock is released: their values are
// deep (std::string, int, a struct held by value), or the shallow values are
// only read, or point to const objects, or the writes through them are made
// holding the mutex again, or the snapshot was not taken under a lock at all (a
// local map nobody shares). Writing the snapshot map itself (replacing or
// erasing its values) touches no shared object. A pointer-like class that is
// not in ShallowMappedTypes is not treated as shallow by default. Only the
// positive control at the end is reported, and ThreadSanitizer stays silent:
// the other thread reads the objects through the owner, holding the lock, while
// the snapshot is in use.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

struct Session {
  std::string user;
  long last_seen = 0;
  int hits = 0;
  long age(long now) const { return now - last_seen; }
};

class SessionTable {
public:
  void add(int id, Session *s) {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_[id] = s;
    names_[id] = s->user;
    copies_[id] = *s;
  }
  long last_seen(int id) const {
    std::lock_guard<std::mutex> lock(mu_);
    return sessions_.at(id)->last_seen;
  }

  std::size_t decorate_names() const {
    std::map<int, std::string> snap;
    {
      std::lock_guard<std::mutex> lock(mu_);
      snap = names_;
    }
    std::size_t length = 0;
    for (auto &[id, name] : snap) {
      name += " (active)";
      length += name.size();
    }
    return length;
  }

  int bump_copies() const {
    std::unique_lock<std::mutex> lock(mu_);
    auto snap = copies_;
    lock.unlock();
    int total = 0;
    for (auto &kv : snap)
      total += ++kv.second.hits;
    return total;
  }

  long oldest(long now) const {
    std::unique_lock<std::mutex> lock(mu_);
    auto snap = sessions_;
    lock.unlock();
    long oldest = 0;
    for (const auto &kv : snap)
      oldest = kv.second->age(now) > oldest ? kv.second->age(now) : oldest;
    return oldest + snap.at(1)->last_seen;
  }

  void touch_all_holding_the_lock_again(long now) {
    std::map<int, Session *> snap;
    {
      std::lock_guard<std::mutex> lock(mu_);
      snap = sessions_;
    }
    consume(snap.size());
    std::lock_guard<std::mutex> lock(mu_);
    for (auto &[id, session] : snap)
      session->last_seen = now;
  }

  std::size_t prune_the_snapshot_itself() const {
    std::unique_lock<std::mutex> lock(mu_);
    auto snap = sessions_;
    lock.unlock();
    snap.erase(2);
    snap[1] = nullptr;
    return snap.size();
  }

private:
  mutable std::mutex mu_;
  std::map<int, Session *> sessions_;
  std::map<int, std::string> names_;
  std::map<int, Session> copies_;
};

struct Fixture {
  Session alice{"alice", 10, 0};
  SessionTable table;
  Fixture() { table.add(1, &alice); }
};

void deep_string_values_edited_in_the_snapshot() {
  Fixture f;
  std::thread reader([&f] { consume(f.table.last_seen(1)); });
  consume(f.table.decorate_names());
  reader.join();
}

void struct_values_held_by_value_edited_in_the_snapshot() {
  Fixture f;
  std::thread reader([&f] { consume(f.table.last_seen(1)); });
  consume(f.table.bump_copies());
  reader.join();
}

void shallow_values_only_read() {
  Fixture f;
  std::thread reader([&f] { consume(f.table.last_seen(1)); });
  consume(f.table.oldest(100));
  reader.join();
}

void writes_through_the_snapshot_holding_the_lock_again() {
  Fixture f;
  std::thread reader([&f] { consume(f.table.last_seen(1)); });
  f.table.touch_all_holding_the_lock_again(42);
  reader.join();
}

void snapshot_map_itself_edited() {
  Fixture f;
  std::thread reader([&f] { consume(f.table.last_seen(1)); });
  consume(f.table.prune_the_snapshot_itself());
  reader.join();
}

class Catalog {
public:
  Catalog() { items_["lamp"] = std::make_shared<const Session>(Session{"lamp", 5, 1}); }
  long seen(const std::string &name) const {
    std::lock_guard<std::mutex> lock(mu_);
    return items_.at(name)->last_seen;
  }
  long total_age(long now) const {
    std::unique_lock<std::mutex> lock(mu_);
    auto snap = items_;
    lock.unlock();
    long total = 0;
    for (const auto &kv : snap)
      total += kv.second->age(now);
    return total;
  }

private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Session>> items_;
};

void shared_ptr_to_const_values() {
  Catalog catalog;
  std::thread reader([&catalog] { consume(catalog.seen("lamp")); });
  consume(catalog.total_age(100));
  reader.join();
}

class Dictionary {
public:
  Dictionary() { words_[1] = "hello"; }
  std::size_t length(int id) const {
    std::lock_guard<std::mutex> lock(mu_);
    return words_.at(id).size();
  }
  std::size_t total_length() const {
    std::unique_lock<std::mutex> lock(mu_);
    auto snap = words_;
    lock.unlock();
    std::size_t total = 0;
    for (const auto &kv : snap)
      total += kv.second.size();
    return total;
  }

private:
  mutable std::mutex mu_;
  std::map<int, std::string_view> words_;
};

void string_view_values_only_read() {
  Dictionary dict;
  std::thread reader([&dict] { consume(dict.length(1)); });
  consume(dict.total_length());
  reader.join();
}

void local_snapshot_not_taken_under_a_lock() {
  Session mine{"local", 0, 0};
  std::map<int, Session *> local{{1, &mine}};
  auto snap = local;
  snap[1]->hits++;
  consume(mine.hits);
}

namespace my {
template <typename T> class Handle {
public:
  explicit Handle(T *p = nullptr) : p_(p) {}
  T *operator->() const { return p_; }

private:
  T *p_;
};
} // namespace my

class HandleTable {
public:
  explicit HandleTable(Session *s) { handles_[1] = my::Handle<Session>(s); }
  void touch_all(long now) {
    std::unique_lock<std::mutex> lock(mu_);
    auto snap = handles_;
    lock.unlock();
    for (auto &kv : snap)
      kv.second->last_seen = now;
  }

private:
  std::mutex mu_;
  std::map<int, my::Handle<Session>> handles_;
};

void pointer_like_class_not_listed_in_shallow_mapped_types() {
  Session mine{"handle", 0, 0};
  HandleTable table(&mine);
  table.touch_all(9);
  consume(mine.last_seen);
}

class UnlockedDirectory {
public:
  explicit UnlockedDirectory(Session *s) { sessions_[1] = s; }
  std::map<int, Session *> sessions() const { return sessions_; }

private:
  std::map<int, Session *> sessions_;
};

void snapshot_from_a_getter_that_takes_no_lock() {
  Session mine{"solo", 0, 0};
  UnlockedDirectory dir(&mine);
  auto snap = dir.sessions();
  snap.at(1)->hits++;
  consume(mine.hits);
}

// Positive control (the check must report it): touch_all_holding_the_lock_again
// without taking the lock again: the snapshot shares its Session objects with
// the table, and they are written after the lock is released. Not called from
// main(), so the ThreadSanitizer run covers the safe cases only.
class TouchingSessionTable {
public:
  void add(int id, Session *s) {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_[id] = s;
  }
  void touch_all(long now) {
    std::map<int, Session *> snap;
    {
      std::lock_guard<std::mutex> lock(mu_);
      snap = sessions_;
    }
    for (auto &[id, session] : snap)
      session->last_seen = now;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write through 'snap', a snapshot of 'sessions_' that still shares its values; the owner's users reach the same objects without 'mu_' [mapsafety-shared-map-copy]
      // CHECK-MESSAGES: :[[@LINE-5]]:14: note: 'snap' copied from 'sessions_' here, holding 'mu_'
      // CHECK-MESSAGES: :[[@LINE+5]]:28: note: 'sessions_' declared here
  }

private:
  std::mutex mu_;
  std::map<int, Session *> sessions_;
};

int main() {
  deep_string_values_edited_in_the_snapshot();
  struct_values_held_by_value_edited_in_the_snapshot();
  shallow_values_only_read();
  writes_through_the_snapshot_holding_the_lock_again();
  snapshot_map_itself_edited();
  shared_ptr_to_const_values();
  string_view_values_only_read();
  local_snapshot_not_taken_under_a_lock();
  pointer_like_class_not_listed_in_shallow_mapped_types();
  snapshot_from_a_getter_that_takes_no_lock();
}
