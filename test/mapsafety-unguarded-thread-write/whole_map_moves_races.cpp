// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17
// RUN: %tsan_run --expect=race %s

// Moving a whole map empties it: `auto s = std::move(m)`, `out = std::move(m)`,
// passing std::move(m) by value, moving the struct that holds it, std::swap
// and std::exchange all write the map. Each case runs the unlocked move on one
// thread while another thread writes the same map under its mutex; a Step
// makes the move happen first, so no lock hand-off orders the two.

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "../Inputs/program.h"

std::size_t weigh(std::map<int, int> batch) { return batch.size(); }

class Outbox {
public:
  // The worker takes the whole batch without the producers' mutex.
  void drainOnce(Step &drained) {
    auto batch = std::move(pending_);
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: write to shared map 'pending_' without holding 'mu_', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+22]]:28: note: reached through this call
    // CHECK-MESSAGES: :[[@LINE+21]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE+20]]:23: note: 'pending_' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+21]]:3: note: the other access is reached through this call
    // CHECK-MESSAGES: :[[@LINE+7]]:5: note: conflicting write of 'pending_' here, holding 'mu_'
    // CHECK-MESSAGES: :[[@LINE+10]]:22: note: 'pending_' declared here
    consume(batch.size());
    drained.signal();
  }
  void add(int k) {
    std::lock_guard<std::mutex> lock(mu_);
    pending_[k] = k;
  }

private:
  std::map<int, int> pending_;
  std::mutex mu_;
};

void move_construct_out_of_a_member() {
  Outbox box;
  Step drained;
  std::thread worker([&] { box.drainOnce(drained); });
  drained.await();
  box.add(1);
  worker.join();
}

void move_assign_out_of_a_shared_map() {
  std::map<int, int> jobs{{1, 1}};
  std::mutex mu;
  Step taken;
  std::thread worker([&] {
    std::map<int, int> mine;
    mine = std::move(jobs);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'jobs' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:23: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+8]]:5: note: conflicting write of 'jobs' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-10]]:22: note: 'jobs' declared here
    consume(mine.size());
    taken.signal();
  });
  taken.await();
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs[2] = 2;
  }
  worker.join();
}

void move_into_a_by_value_parameter() {
  std::map<int, int> jobs{{1, 1}};
  std::mutex mu;
  Step taken;
  std::thread worker([&] {
    consume(weigh(std::move(jobs)));
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: write to shared map 'jobs' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+7]]:5: note: conflicting write of 'jobs' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-9]]:22: note: 'jobs' declared here
    taken.signal();
  });
  taken.await();
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs[2] = 2;
  }
  worker.join();
}

struct RouteTable {
  std::map<std::string, int> routes;
  int version = 0;
};

void move_the_struct_that_holds_the_map() {
  RouteTable table;
  std::mutex mu;
  Step taken;
  std::thread worker([&] {
    RouteTable snapshot = std::move(table);
    // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: write to shared map 'table.routes' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-3]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'routes' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+8]]:5: note: conflicting write of 'table.routes' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-14]]:30: note: 'routes' declared here
    consume(snapshot.routes.size());
    taken.signal();
  });
  taken.await();
  {
    std::lock_guard<std::mutex> lock(mu);
    table.routes["a"] = 1;
  }
  worker.join();
}

void swap_and_exchange_without_the_lock() {
  std::map<int, int> jobs{{1, 1}};
  std::mutex mu;
  Step taken;
  std::thread worker([&] {
    std::map<int, int> empty;
    std::swap(jobs, empty);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to shared map 'jobs' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-5]]:23: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+14]]:5: note: conflicting write of 'jobs' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-10]]:22: note: 'jobs' declared here
    auto old = std::exchange(jobs, {});
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: write to shared map 'jobs' without holding 'mu', which the concurrent access holds [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-10]]:15: note: thread started here
    // CHECK-MESSAGES: :[[@LINE-11]]:23: note: 'jobs' is shared with it by the reference capture default here
    // CHECK-MESSAGES: :[[@LINE+8]]:5: note: conflicting write of 'jobs' here, holding 'mu'
    // CHECK-MESSAGES: :[[@LINE-16]]:22: note: 'jobs' declared here
    consume(empty.size() + old.size());
    taken.signal();
  });
  taken.await();
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs[2] = 2;
  }
  worker.join();
}

int main() {
  move_construct_out_of_a_member();
  move_assign_out_of_a_shared_map();
  move_into_a_by_value_parameter();
  move_the_struct_that_holds_the_map();
  swap_and_exchange_without_the_lock();
}
