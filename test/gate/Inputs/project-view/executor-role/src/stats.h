// Stats persists a slice of counters from a task the scheduler runs on its
// timer's thread. Persist() writes slice_ under mu_ in one branch (mu_ is
// taken for history_) and without it in the other: confined to the timer's
// one thread, that is no race.
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "scheduler.h"

class Stats {
public:
  Stats();
  void Start(int times);
#ifdef RACY_API
  void Flush() { Persist(); }
#endif

private:
  void Persist();
  std::mutex mu_;
  std::map<std::string, int> history_;
  std::map<std::string, int> slice_;
  std::map<int, std::function<void()>> tasks_;
  Scheduler scheduler_;
#ifdef RACY_SECOND_EXECUTOR
  Scheduler other_;
#endif
  int runs_ = 0;
};
