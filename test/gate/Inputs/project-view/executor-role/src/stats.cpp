#include "stats.h"

Stats::Stats() { tasks_.emplace(0, [this] { Persist(); }); }

void Stats::Start(int times) {
  for (int i = 0; i < times; ++i) {
    scheduler_.Register(tasks_.at(0));
#ifdef RACY_SECOND_EXECUTOR
    other_.Register(tasks_.at(0));
#endif
  }
}

void Stats::Persist() {
  if (++runs_ % 2 == 0) {
    std::lock_guard<std::mutex> lock(mu_);
    history_["runs"] = runs_;
    slice_["runs"] = runs_;
  } else {
    slice_["runs"] = runs_;
  }
}
