// RUN: %check_mapsafety %s mapsafety-shared-map-copy \
// RUN:   -config="{CheckOptions: [{key: mapsafety-shared-map-copy.ReportConstReferenceGetters, value: false}]}" \
// RUN:   -- -std=c++17

// ReportConstReferenceGetters=false: getters returning a const reference or a
// pointer to const from under their lock are not reported, nor are their
// callers (a team that only ever reads through such getters while holding
// off writers by other means can opt out). Getters returning a mutable
// reference or pointer still are, and so are their callers. The option is
// about getters: storing the map's address in a member under the lock is
// reported whatever the pointer's constness.
// No %tsan_run: no thread in this file.

#include <map>
#include <mutex>
#include <string>

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
  }

  const Routes *find_table() const {
    std::lock_guard<std::mutex> lock(mu_);
    return &routes_;
  }

  Routes &mutable_routes() {
    std::lock_guard<std::mutex> lock(mu_);
    return routes_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference to 'routes_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:33: note: 'mu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+21]]:10: note: 'routes_' declared here
  }

  Routes *table() {
    std::lock_guard<std::mutex> lock(mu_);
    return &routes_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: pointer to 'routes_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:33: note: 'mu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+13]]:10: note: 'routes_' declared here
  }


  void pin() {
    std::lock_guard<std::mutex> lock(mu_);
    pinned_ = &routes_;
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: pointer to 'routes_' escapes the lock on 'mu_' that guards it; return a copy instead [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-3]]:33: note: 'mu_' is released when 'lock' goes out of scope
    // CHECK-MESSAGES: :[[@LINE+4]]:10: note: 'routes_' declared here
  }
private:
  mutable std::mutex mu_;
  Routes routes_;
  const Routes *pinned_ = nullptr;
};

int caller_iterates_a_const_reference_getter(const RouteRegistry &reg) {
  int total = 0;
  for (const auto &kv : reg.routes())
    total += kv.second;
  return total;
}

std::size_t caller_reads_through_a_pointer_to_const_getter(const RouteRegistry &reg) {
  return reg.find_table()->size();
}

void caller_writes_through_the_mutable_reference(RouteRegistry &reg) {
  for (auto &kv : reg.mutable_routes())
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: iteration of map returned by 'mutable_routes' after 'mutable_routes' released 'mu_' [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-42]]:12: note: 'mutable_routes' returns a reference to 'routes_' here
    kv.second++;
}

std::size_t caller_copies_through_the_mutable_pointer(RouteRegistry &reg) {
  Routes copy = *reg.table();
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: copy of map returned by 'table' after 'table' released 'mu_' [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-41]]:12: note: 'table' returns a pointer to 'routes_' here
  return copy.size();
}
