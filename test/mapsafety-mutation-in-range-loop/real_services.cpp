// RUN: %check_mapsafety %s mapsafety-mutation-in-range-loop -- -std=c++17

// Realistic service code, buggy and correct side by side: a session table
// with expiry, an LRU cache, a TTL cache with an expiry queue and a job
// scheduler.

#include <cstdint>
#include <list>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

using Clock = std::int64_t;

struct Session {
  std::string user;
  Clock expires_at;
  bool pinned;
};

class SessionTable {
public:
  void expire_sessions_buggy(Clock now) {
    for (auto& [token, s] : sessions_)
      if (!s.pinned && s.expires_at <= now) sessions_.erase(token);
    // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: erasing from 'sessions_' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: loop iterating over 'sessions_' starts here
  }

  void expire_sessions_correct(Clock now) {
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      if (!it->second.pinned && it->second.expires_at <= now)
        it = sessions_.erase(it);
      else
        ++it;
    }
  }

  void extend_all_sessions(Clock delta) {
    for (auto& [token, s] : sessions_)
      if (!token.empty()) s.expires_at += delta;
  }

private:
  std::unordered_map<std::string, Session> sessions_;
};

struct CacheEntry {
  std::string key;
  std::string value;
  Clock expires_at;
};

class LruCache {
public:
  void evict_stale_buggy(Clock now) {
    for (auto it = index_.begin(); it != index_.end(); ++it) {
      if (it->second->expires_at <= now) {
        order_.erase(it->second);
        index_.erase(it);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: erasing from 'index_' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
        // CHECK-MESSAGES: :[[@LINE-5]]:5: note: loop iterating over 'index_' starts here
        // CHECK-MESSAGES: :[[@LINE-6]]:58: note: invalidated iterator 'it' is used here
      }
    }
  }

  void shrink_to_capacity_correct() {
    while (index_.size() > capacity_) {
      index_.erase(order_.back().key);
      order_.pop_back();
    }
  }

private:
  std::size_t capacity_ = 1024;
  std::list<CacheEntry> order_;
  std::unordered_map<std::string, std::list<CacheEntry>::iterator> index_;
};

class TtlCache {
public:
  void purge_expired_buggy(Clock now) {
    for (auto& [deadline, key] : by_expiry_) {
      if (deadline > now)
        break;
      values_.erase(key);
      by_expiry_.erase(deadline);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: erasing from 'by_expiry_' inside a loop over it: std::multimap invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-6]]:5: note: loop iterating over 'by_expiry_' starts here
    }
  }

  void purge_expired_correct(Clock now) {
    auto it = by_expiry_.begin();
    while (it != by_expiry_.end() && it->first <= now) {
      values_.erase(it->second);
      it = by_expiry_.erase(it);
    }
  }

private:
  std::multimap<Clock, std::string> by_expiry_;
  std::unordered_map<std::string, std::string> values_;
};

struct Job {
  std::string name;
  Clock next_run;
  Clock period;
};

class Scheduler {
public:
  void rearm_periodic_jobs_buggy(Clock now) {
    for (auto& [id, job] : jobs_) {
      if (job.next_run > now || job.period == 0)
        continue;
      jobs_.emplace(next_id_++, Job{job.name, now + job.period, job.period});
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: inserting into 'jobs_' inside a loop over it: std::unordered_map may rehash on insertion and invalidate every iterator, including the loop's [mapsafety-mutation-in-range-loop]
      // CHECK-MESSAGES: :[[@LINE-5]]:5: note: loop iterating over 'jobs_' starts here
    }
  }

  void rearm_periodic_jobs_correct(Clock now) {
    std::vector<Job> rearmed;
    for (auto& [id, job] : jobs_)
      if (job.next_run <= now && job.period > 0)
        rearmed.push_back(Job{job.name, now + job.period, job.period});
    for (Job& job : rearmed)
      jobs_.emplace(next_id_++, std::move(job));
  }

  void postpone_all_jobs(Clock delay) {
    for (auto& [id, job] : jobs_)
      if (id >= 0) job.next_run += delay;
  }

  void cancel(int id) {
    jobs_.erase(id);
  }

  void cancel_by_name_buggy(const std::string& name) {
    for (auto& [id, job] : jobs_)
      if (job.name == name) cancel(id);
    // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: erasing from 'jobs_' inside a loop over it: std::unordered_map invalidates the erased element's iterator, which the loop then uses [mapsafety-mutation-in-range-loop]
    // CHECK-MESSAGES: :[[@LINE-7]]:5: note: 'cancel' mutates 'jobs_' here
    // CHECK-MESSAGES: :[[@LINE-4]]:5: note: loop iterating over 'jobs_' starts here
  }

private:
  int next_id_ = 0;
  std::unordered_map<int, Job> jobs_;
};
