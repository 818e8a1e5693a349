// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++20
// RUN: %tsan_run --expect=clean %s -- -std=c++20

// std::jthread (C++20) copies made correctly: the jthread copies its by-value
// argument when it is constructed, before the launcher writes the map, and a
// copy made after the jthread left its scope (joined) races with nothing.

#include <map>
#include <string>
#include <thread>
#include <unordered_map>

#include "../Inputs/program.h"

static std::size_t count_entries(std::map<std::string, int> table) { return table.size(); }

void jthread_copies_the_argument_before_the_launcher_writes() {
  std::map<std::string, int> scores{{"alice", 1}};
  std::jthread reader(count_entries, scores);
  scores["bob"] = 2;
}

void copy_after_the_jthread_left_its_scope() {
  std::unordered_map<int, std::string> names{{1, "one"}};
  {
    std::jthread t([&names] { names.erase(1); });
  }
  auto copy = names;
  consume(copy.size());
}

int main() {
  jthread_copies_the_argument_before_the_launcher_writes();
  copy_after_the_jthread_left_its_scope();
}
