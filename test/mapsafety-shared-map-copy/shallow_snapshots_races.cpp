// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Shallow snapshots: a copy of a map taken under its mutex is the right way to
// iterate a shared map, but when the mapped type only points at objects (raw
// pointers, shared_ptr, reference_wrapper, list iterators), the copy still
// shares them: writing through its values after the lock is released races
// with the owner's other users, who reach the same objects holding the lock.
// main() runs every case: another thread reads the object through the owner
// (holding the lock) after the snapshot was taken and before the write
// through it, and the two are ordered only by relaxed atomics, so
// ThreadSanitizer reports each race.

#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

// The snapshot's owner signals once the snapshot is taken and waits until the
// other user has read the object; then it writes through the snapshot.
struct Handoff {
  Step snapshot_taken;
  Step other_user_done;
  void wait_for_the_other_user() {
    snapshot_taken.signal();
    other_user_done.await();
  }
  void run_after_the_snapshot(const std::function<void()> &use) {
    snapshot_taken.await();
    use();
    other_user_done.signal();
  }
};

struct Session {
  long last_seen = 0;
  int hits = 0;
  void touch(long now) { last_seen = now; }
  long age(long now) const { return now - last_seen; }
};

class SessionTable {
public:
  void add(int id, Session *s) {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_[id] = s;
  }
  long last_seen(int id) const {
    std::lock_guard<std::mutex> lock(mu_);
    return sessions_.at(id)->last_seen;
  }
  int hits(int id) const {
    std::lock_guard<std::mutex> lock(mu_);
    return sessions_.at(id)->hits;
  }

  void touch_all(long now, Handoff &handoff) {
    std::map<int, Session *> snap;
    {
      std::lock_guard<std::mutex> lock(mu_);
      snap = sessions_;
    }
    handoff.wait_for_the_other_user();
    for (auto &[id, session] : snap)
      session->last_seen = now;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write through 'snap', a snapshot of 'sessions_' that still shares its values; the owner's users reach the same objects without 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-6]]:14: note: 'snap' copied from 'sessions_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+29]]:28: note: 'sessions_' declared here
  }

  void count_hit(int id, Handoff &handoff) {
    std::unique_lock<std::mutex> lock(mu_);
    auto snap = sessions_;
    lock.unlock();
    handoff.wait_for_the_other_user();
    auto it = snap.find(id);
    if (it != snap.end())
      it->second->hits++;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write through 'snap', a snapshot of 'sessions_' that still shares its values; the owner's users reach the same objects without 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-7]]:17: note: 'snap' copied from 'sessions_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+16]]:28: note: 'sessions_' declared here
  }

  void touch_one(int id, long now, Handoff &handoff) {
    std::unique_lock<std::mutex> lock(mu_);
    std::map<int, Session *> snap(sessions_);
    lock.unlock();
    handoff.wait_for_the_other_user();
    snap.at(id)->touch(now);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write through 'snap', a snapshot of 'sessions_' that still shares its values; the owner's users reach the same objects without 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-5]]:35: note: 'snap' copied from 'sessions_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+5]]:28: note: 'sessions_' declared here
  }

private:
  mutable std::mutex mu_;
  std::map<int, Session *> sessions_;
};

void raw_pointer_snapshot_written_through_a_structured_binding() {
  Session alice;
  SessionTable table;
  table.add(1, &alice);
  Handoff handoff;
  std::thread reader([&] { handoff.run_after_the_snapshot([&] { consume(table.last_seen(1)); }); });
  table.touch_all(42, handoff);
  reader.join();
}

void raw_pointer_snapshot_written_through_a_found_iterator() {
  Session alice;
  SessionTable table;
  table.add(1, &alice);
  Handoff handoff;
  std::thread reader([&] { handoff.run_after_the_snapshot([&] { consume(table.hits(1)); }); });
  table.count_hit(1, handoff);
  reader.join();
}

void raw_pointer_snapshot_mutated_by_a_non_const_member_function() {
  Session alice;
  SessionTable table;
  table.add(1, &alice);
  Handoff handoff;
  std::thread reader([&] { handoff.run_after_the_snapshot([&] { consume(table.last_seen(1)); }); });
  table.touch_one(1, 7, handoff);
  reader.join();
}

struct Account {
  long balance = 100;
};

class Bank {
public:
  Bank() {
    accounts_["alice"] = std::make_shared<Account>();
    accounts_["bob"] = std::make_shared<Account>();
  }
  long balance(const std::string &name) const {
    std::lock_guard<std::mutex> lock(mu_);
    return accounts_.at(name)->balance;
  }
  std::unordered_map<std::string, std::shared_ptr<Account>> accounts() const {
    std::lock_guard<std::mutex> lock(mu_);
    return accounts_;
  }

private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<Account>> accounts_;
};

void shared_ptr_snapshot_from_a_locked_getter_indexed_and_written() {
  Bank bank;
  Handoff handoff;
  std::thread auditor([&] { handoff.run_after_the_snapshot([&] { consume(bank.balance("alice")); }); });
  auto snap = bank.accounts();
  handoff.wait_for_the_other_user();
  snap["alice"]->balance -= 10;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write through 'snap', a snapshot of 'accounts_' that still shares its values; the owner's users reach the same objects without 'mu_' [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-16]]:12: note: 'snap' copied from 'accounts_' here, holding 'mu_'
  // CHECK-MESSAGES: :[[@LINE-12]]:61: note: 'accounts_' declared here
  auditor.join();
}

struct Counter {
  long value = 0;
};

class CounterSet {
public:
  explicit CounterSet(Counter &requests) { counters_.emplace("requests", std::ref(requests)); }
  long value(const std::string &name) const {
    std::lock_guard<std::mutex> lock(mu_);
    return counters_.at(name).get().value;
  }
  void bump_all(Handoff &handoff) {
    std::unique_lock<std::mutex> lock(mu_);
    auto snap = counters_;
    lock.unlock();
    handoff.wait_for_the_other_user();
    for (auto &kv : snap)
      ++kv.second.get().value;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write through 'snap', a snapshot of 'counters_' that still shares its values; the owner's users reach the same objects without 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-6]]:17: note: 'snap' copied from 'counters_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+5]]:58: note: 'counters_' declared here
  }

private:
  mutable std::mutex mu_;
  std::map<std::string, std::reference_wrapper<Counter>> counters_;
};

void reference_wrapper_snapshot_incremented() {
  Counter requests;
  CounterSet counters(requests);
  Handoff handoff;
  std::thread exporter([&] { handoff.run_after_the_snapshot([&] { consume(counters.value("requests")); }); });
  counters.bump_all(handoff);
  exporter.join();
}

class Slots {
public:
  explicit Slots(int *first) { slots_[1] = first; }
  int get(int id) const {
    std::lock_guard<std::mutex> lock(mu_);
    return *slots_.at(id);
  }
  void reset_all(Handoff &handoff) {
    std::map<int, int *> snap;
    {
      std::lock_guard<std::mutex> lock(mu_);
      snap = slots_;
    }
    handoff.wait_for_the_other_user();
    for (auto &[id, slot] : snap)
      *slot = 0;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write through 'snap', a snapshot of 'slots_' that still shares its values; the owner's users reach the same objects without 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-6]]:14: note: 'snap' copied from 'slots_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+5]]:24: note: 'slots_' declared here
  }

private:
  mutable std::mutex mu_;
  std::map<int, int *> slots_;
};

void pointer_to_int_snapshot_assigned_through_a_dereference() {
  int first = 5;
  Slots slots(&first);
  Handoff handoff;
  std::thread reader([&] { handoff.run_after_the_snapshot([&] { consume(slots.get(1)); }); });
  slots.reset_all(handoff);
  reader.join();
}

class Dispatcher {
public:
  Dispatcher() { queues_[0] = std::make_shared<std::queue<int>>(); }
  std::size_t pending(int worker) const {
    std::lock_guard<std::mutex> lock(mu_);
    return queues_.at(worker)->size();
  }
  void broadcast(int job, Handoff &handoff) {
    std::unique_lock<std::mutex> lock(mu_);
    auto snap = queues_;
    lock.unlock();
    handoff.wait_for_the_other_user();
    for (auto &kv : snap)
      kv.second->push(job);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write through 'snap', a snapshot of 'queues_' that still shares its values; the owner's users reach the same objects without 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-6]]:17: note: 'snap' copied from 'queues_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+5]]:51: note: 'queues_' declared here
  }

private:
  mutable std::mutex mu_;
  std::map<int, std::shared_ptr<std::queue<int>>> queues_;
};

void shared_ptr_queue_snapshot_pushed_to() {
  Dispatcher dispatcher;
  Handoff handoff;
  std::thread worker([&] { handoff.run_after_the_snapshot([&] { consume(dispatcher.pending(0)); }); });
  dispatcher.broadcast(7, handoff);
  worker.join();
}

struct Entry {
  std::string value;
  int hits = 0;
};

class LruCache {
public:
  LruCache() {
    order_.push_front({"v1", 0});
    index_["k1"] = order_.begin();
  }
  int hits(const std::string &key) const {
    std::lock_guard<std::mutex> lock(mu_);
    return index_.at(key)->hits;
  }
  void record_hits(const std::string &key, Handoff &handoff) {
    std::unique_lock<std::mutex> lock(mu_);
    auto snap = index_;
    lock.unlock();
    handoff.wait_for_the_other_user();
    snap.at(key)->hits += 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write through 'snap', a snapshot of 'index_' that still shares its values; the owner's users reach the same objects without 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-5]]:17: note: 'snap' copied from 'index_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+6]]:63: note: 'index_' declared here
  }

private:
  mutable std::mutex mu_;
  std::list<Entry> order_;
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

void list_iterator_snapshot_written_through() {
  LruCache cache;
  Handoff handoff;
  std::thread reader([&] { handoff.run_after_the_snapshot([&] { consume(cache.hits("k1")); }); });
  cache.record_hits("k1", handoff);
  reader.join();
}

class Tracker {
public:
  explicit Tracker(Session *s) { sessions_[1] = s; }
  int hits(int id) const {
    std::lock_guard<std::mutex> lock(mu_);
    return sessions_.at(id)->hits;
  }
  void count_all(Handoff &handoff) {
    std::unique_lock<std::mutex> lock(mu_);
    auto snap = sessions_;
    lock.unlock();
    handoff.wait_for_the_other_user();
    for (auto &kv : snap)
      kv.second->hits++;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write through 'snap', a snapshot of 'sessions_' that still shares its values; the owner's users reach the same objects without 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-6]]:17: note: 'snap' copied from 'sessions_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+5]]:38: note: 'sessions_' declared here
  }

private:
  mutable std::mutex mu_;
  std::unordered_map<int, Session *> sessions_;
};

void raw_pointer_snapshot_postfix_incremented_through_the_pair() {
  Session alice;
  Tracker tracker(&alice);
  Handoff handoff;
  std::thread reader([&] { handoff.run_after_the_snapshot([&] { consume(tracker.hits(1)); }); });
  tracker.count_all(handoff);
  reader.join();
}

class Directory {
public:
  explicit Directory(Session *s) { entries_[1] = s; }
  long last_seen(int id) const {
    std::shared_lock<std::shared_mutex> lock(rw_);
    return entries_.at(id)->last_seen;
  }
  void refresh(long now, Handoff &handoff) {
    std::shared_lock<std::shared_mutex> lock(rw_);
    std::map<int, Session *> snap = entries_;
    lock.unlock();
    handoff.wait_for_the_other_user();
    for (auto &[id, session] : snap)
      session->touch(now);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write through 'snap', a snapshot of 'entries_' that still shares its values; the owner's users reach the same objects without 'rw_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-6]]:37: note: 'snap' copied from 'entries_' here, holding 'rw_'
    // CHECK-MESSAGES: :[[@LINE+5]]:28: note: 'entries_' declared here
  }

private:
  mutable std::shared_mutex rw_;
  std::map<int, Session *> entries_;
};

void snapshot_taken_under_a_reader_lock_written_through() {
  Session alice;
  Directory dir(&alice);
  Handoff handoff;
  std::thread reader([&] { handoff.run_after_the_snapshot([&] { consume(dir.last_seen(1)); }); });
  dir.refresh(3, handoff);
  reader.join();
}

class AuditedTable {
public:
  explicit AuditedTable(Session *s) { sessions_[1] = s; }
  long last_seen(int id) const {
    std::lock_guard<std::mutex> lock(mu_);
    return sessions_.at(id)->last_seen;
  }
  void audit(long now, Handoff &handoff) {
    std::unique_lock<std::mutex> lock(mu_);
    auto snap = sessions_;
    lock.unlock();
    handoff.wait_for_the_other_user();
    std::lock_guard<std::mutex> audit_lock(audit_mu_);
    for (auto &kv : snap)
      kv.second->last_seen = now;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: write through 'snap', a snapshot of 'sessions_' that still shares its values; the owner's users reach the same objects without 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-7]]:17: note: 'snap' copied from 'sessions_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+6]]:28: note: 'sessions_' declared here
  }

private:
  mutable std::mutex mu_;
  std::mutex audit_mu_;
  std::map<int, Session *> sessions_;
};

void snapshot_written_holding_a_different_mutex() {
  Session alice;
  AuditedTable table(&alice);
  Handoff handoff;
  std::thread reader([&] { handoff.run_after_the_snapshot([&] { consume(table.last_seen(1)); }); });
  table.audit(11, handoff);
  reader.join();
}

int main() {
  raw_pointer_snapshot_written_through_a_structured_binding();
  raw_pointer_snapshot_written_through_a_found_iterator();
  raw_pointer_snapshot_mutated_by_a_non_const_member_function();
  shared_ptr_snapshot_from_a_locked_getter_indexed_and_written();
  reference_wrapper_snapshot_incremented();
  pointer_to_int_snapshot_assigned_through_a_dereference();
  shared_ptr_queue_snapshot_pushed_to();
  list_iterator_snapshot_written_through();
  raw_pointer_snapshot_postfix_incremented_through_the_pair();
  snapshot_taken_under_a_reader_lock_written_through();
  snapshot_written_holding_a_different_mutex();
}
