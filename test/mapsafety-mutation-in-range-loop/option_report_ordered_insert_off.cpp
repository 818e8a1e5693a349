// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -config="{CheckOptions: [{key: mapsafety-mutation-in-range-loop.ReportInsertIntoOrderedContainers, value: false}]}" -- -std=c++17

// ReportInsertIntoOrderedContainers=false (the default, spelled out):
// insertion into node-based ordered containers is not reported; hash
// containers still are.

#include <map>
#include <set>
#include <string>
#include <unordered_set>

void insert_into_std_map_with_option_off(std::map<int, int>& schedule) {
  for (const auto& kv : schedule)
    if (kv.second > 0) schedule.insert({kv.first + 60, kv.second});
}

void emplace_into_std_set_with_option_off(std::set<std::string>& hosts) {
  for (const std::string& host : hosts)
    if (host.back() != '.') hosts.emplace(host + ".");
}

void insert_into_std_multimap_with_option_off(std::multimap<int, int>& edges) {
  for (auto& [from, to] : edges)
    if (from < to) edges.insert({to, from});
}

void insert_into_unordered_set_still_reported_with_option_off(std::unordered_set<std::string>& hosts) {
  for (const std::string& host : hosts)
    if (host.back() != '.') hosts.insert(host + ".");
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: inserting into 'hosts' inside a loop over it: std::unordered_set may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: loop iterating over 'hosts' starts here
}
