// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17

// A helper that some callers enter holding the map's mutex and others do not:
// what it does under the lock is evidence for the guard (seen from each locked
// call), and the finding goes where the fix goes, at each call that skips the
// lock, with a note to the access in the helper. The helper is not blamed on
// its own, through recursion or a chain of helpers either. A call from the
// constructor does not count (the object is not shared yet).
// No %tsan_run: the threads of these services start elsewhere (inferred
// guards); a thread in this file would add its own findings.

#include <map>
#include <mutex>
#include <string>

// A recursive helper: put() enters it with the lock, the constructor does
// not count, prefetch() skips the lock and is reported at its call.
class PageCache {
public:
  PageCache() { fill(1); }
  void put(int depth) {
    std::lock_guard<std::mutex> lock(mu_);
    fill(depth);
  }
  std::size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return pages_.size();
  }
  void prefetch() { fill(2); }
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: write to 'pages_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+7]]:7: note: 'pages_' is written here
  // CHECK-MESSAGES: :[[@LINE-9]]:5: note: 'pages_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+10]]:22: note: 'pages_' declared here

private:
  void fill(int depth) {
    if (depth > 0) {
      pages_[depth] = depth;
      fill(depth - 1);
    }
  }
  std::mutex mu_;
  std::map<int, int> pages_;
};


// Mutually recursive helpers: rebuild() enters the cycle with the lock,
// rebuild_fast() without it; the write is in visit(), the fix in
// rebuild_fast(), through walk().
class RouteTree {
public:
  void rebuild() {
    std::lock_guard<std::mutex> lock(mu_);
    walk(4);
  }
  void rebuild_fast() { walk(2); }
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: write to 'routes_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+8]]:7: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE+10]]:5: note: 'routes_' is written here
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'routes_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+12]]:30: note: 'routes_' declared here

private:
  void walk(int n) {
    if (n > 0)
      visit(n);
  }
  void visit(int n) {
    routes_[n] = std::to_string(n);
    walk(n - 1);
  }
  std::mutex mu_;
  std::map<int, std::string> routes_;
};

// A helper chain with one unlocked caller: the finding is the call that
// skips the lock, wherever in the chain it is.
class Importer {
public:
  void save(const std::string &key) {
    std::lock_guard<std::mutex> lock(mu_);
    store(key);
  }
  void import(const std::string &line) { parse(line); }
  void import_batch(const std::string &first, const std::string &second) {
    store(first);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'records_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+16]]:40: note: 'records_' is written here
    // CHECK-MESSAGES: :[[@LINE-7]]:5: note: 'records_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+16]]:30: note: 'records_' declared here
    store(second);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'records_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+11]]:40: note: 'records_' is written here
    // CHECK-MESSAGES: :[[@LINE-12]]:5: note: 'records_' is accessed holding 'mu_' here
    // CHECK-MESSAGES: :[[@LINE+11]]:30: note: 'records_' declared here
  }

private:
  void parse(const std::string &line) { store(line); }
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: write to 'records_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+3]]:40: note: 'records_' is written here
  // CHECK-MESSAGES: :[[@LINE-20]]:5: note: 'records_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+3]]:30: note: 'records_' declared here
  void store(const std::string &key) { records_[key] += 1; }
  std::mutex mu_;
  std::map<std::string, int> records_;
};

static void bump(std::map<std::string, int> &counts, const std::string &key) { counts[key] += 1; }

// The helper hands the member map on to a function that writes its parameter:
// the write is apply()'s call of bump(), and apply() is entered without the
// lock from record_fast(): the finding is that call, with both hops noted.
class Tally {
public:
  void record(const std::string &key) {
    std::lock_guard<std::mutex> lock(mu_);
    apply(key);
  }
  void record_fast(const std::string &key) { apply(key); }
  // CHECK-MESSAGES: :[[@LINE-1]]:46: warning: write to 'counts_' without holding 'mu_', which guards it elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE+6]]:40: note: reached through this call
  // CHECK-MESSAGES: :[[@LINE-14]]:80: note: 'counts_' is written here through parameter 'counts'
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'counts_' is accessed holding 'mu_' here
  // CHECK-MESSAGES: :[[@LINE+5]]:30: note: 'counts_' declared here

private:
  void apply(const std::string &key) { bump(counts_, key); }
  std::mutex mu_;
  std::map<std::string, int> counts_;
};
