// RUN: %check_mapsafety %s mapsafety-shared-map-copy -- -std=c++17

// NOLINT suppression of this check's warnings, on inferred-guard copies (no
// thread in this file): NOLINT naming the check, a bare NOLINT, a glob,
// NOLINTNEXTLINE and a NOLINTBEGIN/NOLINTEND block silence the warning; a
// NOLINT for another check does not.
// No %tsan_run: no thread in this file.

#include <map>
#include <mutex>
#include <string>

class SettingsStore {
public:
  void set(const std::string &key, int value) {
    std::lock_guard<std::mutex> lock(mu_);
    settings_[key] = value;
  }

  std::map<std::string, int> nolint_naming_the_check() const {
    return settings_; // NOLINT(mapsafety-shared-map-copy): callers run before the worker threads start
  }

  std::map<std::string, int> nolint_without_a_check_list() const {
    return settings_; // NOLINT
  }

  std::map<std::string, int> nolint_with_a_glob() const {
    return settings_; // NOLINT(mapsafety-*)
  }

  std::map<std::string, int> nolintnextline_before_the_copy() const {
    // NOLINTNEXTLINE(mapsafety-shared-map-copy)
    return settings_;
  }

  // NOLINTBEGIN(mapsafety-shared-map-copy)
  std::map<std::string, int> nolintbegin_end_block() const { return settings_; }
  // NOLINTEND(mapsafety-shared-map-copy)

  std::map<std::string, int> nolint_for_another_check_does_not_silence() const {
    return settings_; // NOLINT(bugprone-use-after-move)
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: copy of 'settings_' without holding 'mu_', which guards its writes elsewhere [mapsafety-shared-map-copy]
    // CHECK-MESSAGES: :[[@LINE-27]]:5: note: 'settings_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+5]]:30: note: 'settings_' declared here
  }

private:
  mutable std::mutex mu_;
  std::map<std::string, int> settings_;
};
