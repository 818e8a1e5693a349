// The executor-role project as a program, for ThreadSanitizer: the stats
// task runs on the scheduler's timer; each RACY_* form adds a second thread
// that runs Persist() too. The pause lets the timer run its tasks before
// main() goes on (else the timer's destructor, which takes its mutex after
// main's own calls, would order them).
#include "src/stats.h"
#include <chrono>
#include <thread>
int main() {
  Stats stats;
  stats.Start(50);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
#ifdef RACY_API
  for (int i = 0; i < 50; ++i)
    stats.Flush();
#endif
}
