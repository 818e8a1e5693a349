// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17

// References escaping their lock: a function that holds a scoped guard on MU
// when it returns a reference or a pointer to a map that MU guards hands the
// map out unlocked the moment the guard is destroyed, and so does storing the
// map's address in a member, a global or an outer local under the guard.
// Callers that copy, iterate or read through such a reference are reported
// too, each at its call.
// No %tsan_run: the escape is a fact of each function, whatever the program
// around it; reference_escape_races.cpp shows the races under
// ThreadSanitizer.

#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "../Inputs/absl/synchronization/mutex.h"
#include "../Inputs/thread_annotations.h"

using Routes = std::map<std::string, int>;

class RouteRegistry {
public:
  void add(const std::string &path, int id) {
    std::lock_guard<std::mutex> lock(mu_);
    routes_[path] = id;
  }

  const Routes &routes() const {
    std::lock_guard<std::mutex> lock(mu_);
    return routes_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference to 'routes_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:33: note: 'mu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+54]]:10: note: 'routes_' declared here
  }

  Routes &mutable_routes() {
    std::lock_guard<std::mutex> lock(mu_);
    return routes_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference to 'routes_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:33: note: 'mu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+46]]:10: note: 'routes_' declared here
  }

  const Routes *find_table() const {
    std::lock_guard<std::mutex> lock(mu_);
    return &routes_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: pointer to 'routes_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:33: note: 'mu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+38]]:10: note: 'routes_' declared here
  }

  Routes snapshot() const {
    std::lock_guard<std::mutex> lock(mu_);
    return routes_;
  }

  void pin() {
    std::lock_guard<std::mutex> lock(mu_);
    pinned_ = &routes_;
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: pointer to 'routes_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:33: note: 'mu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+25]]:10: note: 'routes_' declared here
  }

  const Routes *pinned() const { return pinned_; }

  std::size_t count_through_an_outer_local() const {
    const Routes *view = nullptr;
    {
      std::lock_guard<std::mutex> lock(mu_);
      view = &routes_;
      // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: pointer to 'routes_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
      // CHECK-MESSAGES: :[[@LINE-3]]:35: note: 'mu_' is released when 'lock' goes out of scope
      // CHECK-MESSAGES: :[[@LINE+13]]:10: note: 'routes_' declared here
    }
    return view->size();
  }

  std::size_t count_through_a_local_inside_the_guard() const {
    std::lock_guard<std::mutex> lock(mu_);
    const Routes *view = &routes_;
    return view->size();
  }

private:
  mutable std::mutex mu_;
  Routes routes_;
  const Routes *pinned_ = nullptr;
};

const Routes *g_published_routes = nullptr;

class Publisher {
public:
  void publish() {
    std::unique_lock<std::mutex> guard(mu_);
    table_["/"] = 0;
    g_published_routes = &table_;
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: pointer to 'table_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-4]]:34: note: 'mu_' is released when 'guard' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+5]]:10: note: 'table_' declared here
  }

private:
  std::mutex mu_;
  Routes table_;
};

class GuardKinds {
public:
  void record(int id, int rank, int score) {
    {
      std::unique_lock<std::mutex> guard(mu_);
      ids_[id] = id;
      scores_by_id_[id] = score;
    }
    {
      std::unique_lock<std::shared_mutex> writer(rw_);
      ranks_[id] = rank;
    }
    absl::MutexLock lock(&amu_);
    scores_[id] = score;
  }

  const std::unordered_map<int, int> &under_unique_lock() const {
    std::unique_lock<std::mutex> guard(mu_);
    return ids_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference to 'ids_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:34: note: 'mu_' is released when 'guard' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+42]]:32: note: 'ids_' declared here
  }

  const std::unordered_map<int, int> &under_scoped_lock() const {
    std::scoped_lock held(mu_);
    return ids_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference to 'ids_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:22: note: 'mu_' is released when 'held' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+34]]:32: note: 'ids_' declared here
  }

  const std::map<int, int> &under_shared_lock() const {
    std::shared_lock<std::shared_mutex> reader(rw_);
    return ranks_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference to 'ranks_' escapes the lock on 'rw_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:41: note: 'rw_' is released when 'reader' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+27]]:22: note: 'ranks_' declared here
  }

  const std::map<int, int> &under_absl_mutex_lock() const {
    absl::MutexLock lock(&amu_);
    return scores_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference to 'scores_' escapes the lock on 'amu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:21: note: 'amu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+20]]:22: note: 'scores_' declared here
  }

  const std::map<int, int> &returned_from_a_branch(bool fast) const {
    if (fast) {
      std::lock_guard<std::mutex> lock(mu_);
      return scores_by_id_;
      // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: reference to 'scores_by_id_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
      // CHECK-MESSAGES: :[[@LINE-3]]:35: note: 'mu_' is released when 'lock' goes out of scope
      // CHECK-MESSAGES: :[[@LINE+12]]:22: note: 'scores_by_id_' declared here
    }
    return empty_;
  }

private:
  mutable std::mutex mu_;
  mutable std::shared_mutex rw_;
  mutable absl::Mutex amu_;
  std::unordered_map<int, int> ids_;
  std::map<int, int> ranks_;
  std::map<int, int> scores_;
  std::map<int, int> scores_by_id_;
  const std::map<int, int> empty_;
};

class HandlerTable {
public:
  static void add(int id, const std::string &name) {
    std::lock_guard<std::mutex> lock(mu_);
    handlers_[id] = name;
  }
  static const std::map<int, std::string> &all() {
    std::lock_guard<std::mutex> lock(mu_);
    return handlers_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference to 'handlers_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:33: note: 'mu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+5]]:37: note: 'handlers_' declared here
  }

private:
  static std::mutex mu_;
  static std::map<int, std::string> handlers_;
};

int caller_iterates_the_returned_reference(const RouteRegistry &reg) {
  int total = 0;
  for (const auto &kv : reg.routes())
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: iteration of map returned by 'routes' after 'routes' released 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-172]]:12: note: 'routes' returns a reference to 'routes_' here
    total += kv.second;
  return total;
}

std::size_t caller_copies_the_returned_reference(const RouteRegistry &reg) {
  Routes copy = reg.routes();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: copy of map returned by 'routes' after 'routes' released 'mu_' [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-180]]:12: note: 'routes' returns a reference to 'routes_' here
  return copy.size();
}

bool caller_reads_through_the_returned_reference(const RouteRegistry &reg) {
  return reg.routes().count("/health") != 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: read of map returned by 'routes' after 'routes' released 'mu_' [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-187]]:12: note: 'routes' returns a reference to 'routes_' here
}

std::size_t caller_reads_through_the_returned_pointer(const RouteRegistry &reg) {
  return reg.find_table()->size();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: read of map returned by 'find_table' after 'find_table' released 'mu_' [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-177]]:12: note: 'find_table' returns a pointer to 'routes_' here
}

int caller_binds_the_reference_to_a_local_then_iterates(const RouteRegistry &reg) {
  const Routes &routes = reg.routes();
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: iteration of map returned by 'routes' after 'routes' released 'mu_' [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-199]]:12: note: 'routes' returns a reference to 'routes_' here
  int total = 0;
  for (const auto &kv : routes)
    total += kv.second;
  return total;
}

std::size_t caller_of_a_static_getter_iterates() {
  std::size_t length = 0;
  for (const auto &kv : HandlerTable::all())
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: iteration of map returned by 'all' after 'all' released 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-53]]:12: note: 'all' returns a reference to 'handlers_' here
    length += kv.second.size();
  return length;
}

int caller_iterates_a_copy_returned_by_value(const RouteRegistry &reg) {
  int total = 0;
  for (const auto &kv : reg.snapshot())
    total += kv.second;
  return total;
}

class PlainAccessor {
public:
  const Routes &routes() const { return routes_; }

private:
  Routes routes_;
};

int reference_returned_without_any_lock(const PlainAccessor &acc) {
  int total = 0;
  for (const auto &kv : acc.routes())
    total += kv.second;
  return total;
}

class ReleasedBeforeTheReturn {
public:
  const Routes &routes() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++reads_;
    }
    return routes_;
  }

private:
  std::mutex mu_;
  long reads_ = 0;
  Routes routes_;
};

class PicksAParameter {
public:
  Routes &pick(Routes &primary, Routes &fallback) {
    std::lock_guard<std::mutex> lock(mu_);
    ++picks_;
    return picks_ % 2 ? primary : fallback;
  }

private:
  std::mutex mu_;
  long picks_ = 0;
};

class RequiresTheCallersLock {
public:
  const Routes &routes_locked() const REQUIRES(mu_) { return routes_; }
  std::size_t count() const {
    std::lock_guard<std::mutex> lock(mu_);
    return routes_locked().size();
  }

private:
  mutable std::mutex mu_;
  Routes routes_ GUARDED_BY(mu_);
};

class CallerTakesTheLock {
public:
  std::mutex mu;
  const Routes &routes_locked() const { return routes_; }

private:
  Routes routes_;
};

int caller_holds_the_lock_across_the_use(CallerTakesTheLock &table) {
  std::lock_guard<std::mutex> lock(table.mu);
  int total = 0;
  for (const auto &kv : table.routes_locked())
    total += kv.second;
  return total;
}

class RecursiveCache {
public:
  std::recursive_mutex mu;
  void put(const std::string &key, int value) {
    std::lock_guard<std::recursive_mutex> lock(mu);
    entries_[key] = value;
  }
  const Routes &entries() {
    std::lock_guard<std::recursive_mutex> lock(mu);
    return entries_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference to 'entries_' escapes the lock on 'mu' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:43: note: 'mu' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+4]]:10: note: 'entries_' declared here
  }

private:
  Routes entries_;
};

int caller_holds_the_getters_recursive_mutex(RecursiveCache &cache) {
  std::lock_guard<std::recursive_mutex> lock(cache.mu);
  int total = 0;
  for (const auto &kv : cache.entries())
    total += kv.second;
  return total;
}

const std::map<int, std::string> &function_local_static_returned_under_its_lock(int new_id) {
  static std::mutex mu;
  static std::map<int, std::string> names{{1, "one"}};
  std::lock_guard<std::mutex> lock(mu);
  if (new_id != 0)
    names[new_id] = "new";
  return names;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: reference to 'names' escapes the lock on 'mu' that guards it; return a copy instead [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-5]]:31: note: 'mu' is released when 'lock' goes out of scope
  // CHECK-MESSAGES: :[[@LINE-7]]:37: note: 'names' declared here
}

// The writer is defined in another file: the escape is the same.
class WriterInAnotherFile {
public:
  void add(const std::string &path, int id);
  const Routes &all() const {
    std::lock_guard<std::mutex> lock(mu_);
    return routes_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference to 'routes_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:33: note: 'mu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+5]]:10: note: 'routes_' declared here
  }

private:
  mutable std::mutex mu_;
  Routes routes_;
};

int caller_holds_the_getters_mutex_through_a_pointer(RecursiveCache *cache) {
  std::lock_guard<std::recursive_mutex> lock(cache->mu);
  int total = 0;
  for (const auto &kv : cache->entries())
    total += kv.second;
  return total;
}

int caller_through_a_pointer_without_the_mutex(RecursiveCache *cache) {
  int total = 0;
  for (const auto &kv : cache->entries())
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: iteration of map returned by 'entries' after 'entries' released 'mu' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-59]]:12: note: 'entries' returns a reference to 'entries_' here
    total += kv.second;
  return total;
}

int caller_unlocks_before_the_use(RecursiveCache &cache) {
  std::unique_lock<std::recursive_mutex> lock(cache.mu);
  const Routes &entries = cache.entries();
  lock.unlock();
  // CHECK-MESSAGES: :[[@LINE-2]]:27: warning: read of map returned by 'entries' after 'entries' released 'mu' [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-69]]:12: note: 'entries' returns a reference to 'entries_' here
  return static_cast<int>(entries.size());
}

class SelfCaller {
public:
  void add(const std::string &path, int id) {
    std::lock_guard<std::mutex> lock(mu_);
    routes_[path] = id;
  }
  const Routes &routes() const {
    std::lock_guard<std::mutex> lock(mu_);
    return routes_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference to 'routes_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:33: note: 'mu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+13]]:10: note: 'routes_' declared here
  }
  int member_caller_iterates() const {
    int total = 0;
    for (const auto &kv : routes())
      // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: iteration of map returned by 'routes' after 'routes' released 'mu_' [mapsafety-shared-map-copy]
      // CHECK-MESSAGES: :[[@LINE-9]]:12: note: 'routes' returns a reference to 'routes_' here
      total += kv.second;
    return total;
  }

private:
  mutable std::mutex mu_;
  Routes routes_;
};
