#include "scheduler.h"
#include "timer.h"

Scheduler::Scheduler() : timer_(new Timer) {}
Scheduler::~Scheduler() = default;

void Scheduler::Register(const std::function<void()> &fn) { timer_->Add(fn); }
