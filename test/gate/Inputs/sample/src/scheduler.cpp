#include "session_table.h"
#include <functional>
#include <unordered_map>

namespace sched {

class Scheduler {
public:
  void runDue(std::uint64_t now) {
    for (auto &[name, job] : jobs_) {
      if (job.due <= now) {
        job.run();
        reschedule(name, now + job.period);
      }
    }
  }

private:
  struct Job {
    std::uint64_t due = 0, period = 0;
    std::function<void()> run;
  };
  // BUG (one call down): emplacing into an unordered_map may rehash under the loop.
  void reschedule(const std::string &name, std::uint64_t due) {
    jobs_.emplace(name + ".next", Job{due, 0, {}});
  }
  std::unordered_map<std::string, Job> jobs_;
};

} // namespace sched

void schedulerUsesTheTable(SessionTable &table) { table.dropUser("nobody"); }
