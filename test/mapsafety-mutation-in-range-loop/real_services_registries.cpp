// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Realistic service code, buggy and correct side by side: a connection pool,
// a metrics registry, an event bus with one-shot subscribers and a rate
// limiter.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

using Clock = std::int64_t;

struct Conn {
  int fd;
  Clock last_used;
  bool healthy;
};

class ConnectionPool {
public:
  void close_idle_buggy(Clock now, Clock max_idle) {
    for (auto it = idle_.begin(); it != idle_.end(); ++it)
      if (now - it->second.last_used > max_idle) idle_.erase(it->first);
    // CHECK-MESSAGES: :[[@LINE-1]]:50: warning: erasing from 'idle_' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'idle_' starts here
    // CHECK-MESSAGES: :[[@LINE-4]]:56: note: invalidated iterator 'it' is used here
  }

  bool take_one_healthy_correct(Conn& out) {
    for (auto it = idle_.begin(); it != idle_.end(); ++it) {
      if (it->second.healthy) {
        out = it->second;
        idle_.erase(it);
        return true;
      }
    }
    return false;
  }

  std::map<int, Conn> drain_correct() {
    std::map<int, Conn> out;
    out.swap(idle_);
    return out;
  }

private:
  std::map<int, Conn> idle_;
};

class MetricsRegistry {
public:
  void reset_counters_correct() {
    for (auto& [name, value] : counters_)
      if (value != 0) counters_[name] = 0;
  }

  void rollup_total_buggy() {
    for (auto& [name, value] : counters_)
      if (name != "total") counters_["total"] += value;
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: inserting into 'counters_' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'counters_' starts here
  }

  void rollup_total_correct() {
    long total = 0;
    for (auto& [name, value] : counters_)
      if (name != "total") total += value;
    counters_["total"] = total;
  }

private:
  std::unordered_map<std::string, long> counters_;
};

struct Subscriber {
  std::function<void(const std::string&)> handler;
  bool once;
};

class EventBus {
public:
  void publish_buggy(const std::string& event) {
    for (auto& [id, sub] : subscribers_) {
      sub.handler(event);
      if (sub.once)
        subscribers_.erase(id);
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: erasing from 'subscribers_' inside a loop over it: std::map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-5]]:5: note: loop iterating over 'subscribers_' starts here
    }
  }

  void publish_correct(const std::string& event) {
    for (auto it = subscribers_.begin(); it != subscribers_.end();) {
      it->second.handler(event);
      if (it->second.once)
        it = subscribers_.erase(it);
      else
        ++it;
    }
  }

private:
  std::map<int, Subscriber> subscribers_;
};

struct Bucket {
  int tokens;
  Clock last_refill;
};

class RateLimiter {
public:
  void forget_first_idle_client_correct(Clock now) {
    for (auto& [client, bucket] : buckets_) {
      if (now - bucket.last_refill > 3600) {
        buckets_.erase(client);
        break;
      }
    }
  }

  void refill_all_correct(Clock now) {
    for (auto& [client, bucket] : buckets_) {
      if (client.empty())
        continue;
      bucket.tokens = 100;
      bucket.last_refill = now;
    }
  }

  void register_clients_buggy(const std::string& suffix) {
    for (auto& [client, bucket] : buckets_)
      buckets_.try_emplace(client + suffix, bucket);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: inserting into 'buckets_' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'buckets_' starts here
  }

private:
  std::unordered_map<std::string, Bucket> buckets_;
};
