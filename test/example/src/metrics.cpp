// Request metrics for the example service: a reporter thread and request
// handlers share one map.
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

class RequestMetrics {
public:
  void record(const std::string &path) {
    std::lock_guard<std::mutex> lock(mu_);
    hits_[path] += 1;
  }

  // BUG: reads the map without the lock every writer holds.
  std::size_t distinctPaths() const { return hits_.size(); }

  // Correct: copies under the lock, then works on the copy.
  std::unordered_map<std::string, long> snapshot() const {
    std::lock_guard<std::mutex> lock(mu_);
    return hits_;
  }

private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, long> hits_;
};

// BUG: the warm-up thread writes `seen` while the caller writes it too.
void warmUp(RequestMetrics &metrics) {
  std::unordered_map<std::string, int> seen;
  std::thread loader([&] {
    for (const char *p : {"/", "/login", "/static"})
      seen[p] = 1;
  });
  seen["/health"] = 1;
  loader.join();
  for (const auto &[path, n] : seen)
    metrics.record(path);
}
