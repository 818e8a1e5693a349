// A tiny job scheduler: due jobs run and may be rescheduled under a new id.
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

struct Job {
  std::function<bool()> run; // returns true to run again
  std::int64_t due_ms = 0;
  std::int64_t period_ms = 0;
};

class Scheduler {
public:
  std::uint64_t add(Job job) {
    jobs_[next_id_] = std::move(job);
    return next_id_++;
  }

  // BUG: reschedule() inserts into jobs_ (an unordered_map), which may rehash
  // and invalidate the loop's iterator.
  void runDue(std::int64_t now_ms) {
    for (auto &[id, job] : jobs_) {
      if (job.due_ms <= now_ms && job.run())
        reschedule(job, now_ms);
    }
  }

  // Correct: collect first, mutate after the loop.
  void runDueCorrectly(std::int64_t now_ms) {
    std::vector<Job> again;
    for (auto &[id, job] : jobs_)
      if (job.due_ms <= now_ms && job.run())
        again.push_back(job);
    for (Job &job : again)
      reschedule(job, now_ms);
  }

  // Correct: updating the mapped value is not a structural change.
  void delayAll(std::int64_t by_ms) {
    for (auto &[id, job] : jobs_)
      jobs_[id].due_ms += by_ms;
  }

private:
  void reschedule(const Job &job, std::int64_t now_ms) {
    Job next = job;
    next.due_ms = now_ms + job.period_ms;
    jobs_.emplace(next_id_++, std::move(next));
  }

  std::unordered_map<std::uint64_t, Job> jobs_;
  std::uint64_t next_id_ = 1;
};

void tick(Scheduler &s, std::int64_t now) {
  s.runDue(now);
  s.runDueCorrectly(now);
}
