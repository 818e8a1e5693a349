// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++20
// UNSUPPORTED: libc++

// Copy-on-write publication through std::atomic<std::shared_ptr<const Map>>
// (C++20): readers copy the pointer, never a map that is being written, and a
// copy of the immutable map it points to races with nothing; writers build a
// private deep copy and publish it with store() or compare_exchange. Only the
// positive control at the end is reported.
// No %tsan_run: libstdc++ 12's std::atomic<std::shared_ptr> releases its lock
// bit with memory_order_relaxed in load(), so ThreadSanitizer reports the
// library's own pointer swap (a report about the library, not about these
// maps). libc++ has no std::atomic<std::shared_ptr>, hence UNSUPPORTED there.

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>

static void consume(std::size_t) {}

using Routes = std::map<std::string, int>;

class RouteTable {
public:
  void add(const std::string &path, int id) {
    std::shared_ptr<const Routes> current = routes_.load();
    std::shared_ptr<const Routes> next;
    do {
      auto edited = std::make_shared<Routes>(*current);
      (*edited)[path] = id;
      next = std::move(edited);
    } while (!routes_.compare_exchange_weak(current, next));
  }
  std::shared_ptr<const Routes> snapshot() const { return routes_.load(); }

private:
  std::atomic<std::shared_ptr<const Routes>> routes_{std::make_shared<const Routes>(Routes{{"/", 0}})};
};

void atomic_shared_ptr_copy_on_write_publish() {
  RouteTable table;
  std::jthread writer([&table] { table.add("/v2", 2); });
  std::shared_ptr<const Routes> routes = table.snapshot();
  Routes copy = *routes;
  copy["/local"] = 3;
  consume(copy.size());
}

class ConfigHolder {
public:
  void reload(std::map<std::string, std::string> fresh) {
    config_.store(std::make_shared<const std::map<std::string, std::string>>(std::move(fresh)));
  }
  std::shared_ptr<const std::map<std::string, std::string>> get() const { return config_.load(); }

private:
  std::atomic<std::shared_ptr<const std::map<std::string, std::string>>> config_{
      std::make_shared<const std::map<std::string, std::string>>()};
};

void atomic_shared_ptr_reloaded_while_handlers_copy_the_pointer() {
  ConfigHolder holder;
  std::jthread reloader([&holder] { holder.reload({{"mode", "fast"}}); });
  auto handler = [config = holder.get()] { return config->size(); };
  consume(handler());
}

// Positive control (the check must report it): what copy-on-write publication
// avoids. The map itself is shared: the reloader writes it in place while a
// handler copies it.
void map_written_in_place_while_a_handler_copies_it() {
  std::map<std::string, std::string> config{{"mode", "slow"}};
  std::jthread reloader([&config] { config["mode"] = "fast"; });
  auto copy = config;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: copy of shared map 'config' races with a concurrent write; no common mutex is held [mapsafety-shared-map-copy]
  // CHECK-MESSAGES: :[[@LINE-3]]:16: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-4]]:26: note: 'config' is shared with it by reference capture here
  // CHECK-MESSAGES: :[[@LINE-5]]:37: note: conflicting write of 'config' here, with no lock held
  // CHECK-MESSAGES: :[[@LINE-7]]:38: note: 'config' declared here
  consume(copy.size());
}
