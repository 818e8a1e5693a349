// Runs registered tasks on a timer defined in another file (scheduler.cpp).
#include <functional>
#include <memory>

class Timer;

class Scheduler {
public:
  Scheduler();
  ~Scheduler();
  void Register(const std::function<void()> &fn);

private:
  std::unique_ptr<Timer> timer_;
};
