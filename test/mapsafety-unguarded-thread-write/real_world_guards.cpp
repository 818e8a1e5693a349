// RUN: %check_mapsafety %s mapsafety-unguarded-thread-write -- -std=c++17

// Shapes from real code bases (docs/real-world.md) that the guard inference
// first misread: a home-grown RAII guard (leveldb's MutexLock, rocksdb's
// InstrumentedMutexLock), a SCOPED_LOCKABLE guard, AssertHeld() promising the
// lock (rocksdb's Timer), and a map locked around one read only, whose writers
// are serialised elsewhere (rocksdb's recovered transactions), and a helper
// whose lock is taken two calls up (rocksdb's MockFileSystem). One real miss
// of the guard stays reported, and so do helper chains one of whose callers
// skips the lock.

#include <map>
#include <mutex>
#include <string>
#include "../Inputs/thread_annotations.h"
#ifndef SCOPED_CAPABILITY
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#endif

namespace port {
class Mutex {
public:
  void Lock();
  void Unlock();
  void AssertHeld();
};
} // namespace port

// leveldb/util/mutexlock.h, reduced.
class MutexLock {
public:
  explicit MutexLock(port::Mutex *mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() { mu_->Unlock(); }

private:
  port::Mutex *const mu_;
};

class InMemoryEnv {
public:
  bool file_exists(const std::string &f) {
    MutexLock lock(&mutex_);
    return files_.count(f) != 0;
  }
  void add_file(const std::string &f) {
    MutexLock lock(&mutex_);
    files_[f] = 1;
  }
  void remove_file(const std::string &f) {
    mutex_.Lock();
    files_.erase(f);
    mutex_.Unlock();
  }
  void forget_file_without_the_lock(const std::string &f) {
    files_.erase(f);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'files_' without holding 'mutex_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-10]]:5: note: 'files_' is accessed holding 'mutex_' here
    // CHECK-MESSAGES: :[[@LINE+5]]:30: note: 'files_' declared here
  }

private:
  port::Mutex mutex_;
  std::map<std::string, int> files_;
};

class CAPABILITY("mutex") AnnotatedMutex {
public:
  void Acquire() ACQUIRE();
  void Release() RELEASE();
};

class SCOPED_CAPABILITY AnnotatedLock {
public:
  explicit AnnotatedLock(AnnotatedMutex *mu) ACQUIRE(mu) : mu_(mu) { mu_->Acquire(); }
  ~AnnotatedLock() RELEASE() { mu_->Release(); }

private:
  AnnotatedMutex *mu_;
};

class ScopedLockableRegistry {
public:
  void put(int k) {
    AnnotatedLock lock(&mu_);
    entries_[k] = k;
  }
  int get(int k) {
    AnnotatedLock lock(&mu_);
    auto it = entries_.find(k);
    return it == entries_.end() ? 0 : it->second;
  }

private:
  AnnotatedMutex mu_;
  std::map<int, int> entries_;
};

// rocksdb/util/timer.h, reduced: the "WithLock" function asserts its caller holds it.
class Timer {
public:
  void add(const std::string &name) {
    mutex_.Lock();
    map_[name] = 1;
    mutex_.Unlock();
  }
  void cancel_all_with_lock() {
    mutex_.AssertHeld();
    map_.clear();
  }

private:
  port::Mutex mutex_;
  std::map<std::string, int> map_;
};

// rocksdb/db/db_impl/db_impl.h, reduced: inserted during recovery, under a
// mutex the caller (in another file) takes; one read here happens to lock.
class RecoveredTransactions {
public:
  void insert_recovered(const std::string &name) { recovered_[name] = 1; }
  void delete_recovered(const std::string &name) { recovered_.erase(name); }
  std::size_t count_under_lock() {
    std::lock_guard<std::mutex> guard(mutex_);
    return recovered_.size();
  }

private:
  std::mutex mutex_;
  std::map<std::string, int> recovered_;
};

// rocksdb/utilities/blob_db/blob_db_impl.cc, reduced: reader/writer guards over
// port::RWMutex (ReadLock/WriteLock ... ReadUnlock/WriteUnlock), nested inside
// another mutex that is not the map's guard.
namespace port {
class RWMutex {
public:
  void ReadLock();
  void WriteLock();
  void ReadUnlock();
  void WriteUnlock();
};
} // namespace port

class ReadLock {
public:
  explicit ReadLock(port::RWMutex *mu) : mu_(mu) { mu_->ReadLock(); }
  ~ReadLock() { mu_->ReadUnlock(); }

private:
  port::RWMutex *const mu_;
};

class WriteLock {
public:
  explicit WriteLock(port::RWMutex *mu) : mu_(mu) { mu_->WriteLock(); }
  ~WriteLock() { mu_->WriteUnlock(); }

private:
  port::RWMutex *const mu_;
};

class BlobFiles {
public:
  void remove(int n) {
    MutexLock deleting(&delete_mutex_);
    WriteLock wl(&mutex_);
    files_.erase(n);
  }
  void add(int n) {
    WriteLock wl(&mutex_);
    files_[n] = n;
  }
  bool has(int n) {
    ReadLock rl(&mutex_);
    return files_.count(n) != 0;
  }

private:
  port::Mutex delete_mutex_;
  port::RWMutex mutex_;
  std::map<int, int> files_;
};

// rocksdb env/mock_env.cc, reduced: DeleteFileInternal() runs under mutex_,
// taken by DeleteFile() directly and two calls up by RenameFile(), through
// RenameFileInternal(). Every caller at every level holds it.
class MockFileSystem {
public:
  void CreateFile(const std::string &f) {
    MutexLock lock(&mutex_);
    file_map_[f] = 1;
  }
  void DeleteFile(const std::string &f) {
    MutexLock lock(&mutex_);
    DeleteFileInternal(f);
  }
  void RenameFile(const std::string &src, const std::string &dst) {
    MutexLock lock(&mutex_);
    RenameFileInternal(src, dst);
  }

private:
  void RenameFileInternal(const std::string &src, const std::string &dst) {
    file_map_[dst] = 1;
    DeleteFileInternal(src);
  }
  void DeleteFileInternal(const std::string &f) { file_map_.erase(f); }

  port::Mutex mutex_;
  std::map<std::string, int> file_map_;
};

// The same chain three helpers deep.
class MockFileSystemDeeper {
public:
  void CreateFile(const std::string &f) {
    MutexLock lock(&mutex_);
    file_map_[f] = 1;
  }
  void DeleteFile(const std::string &f) {
    MutexLock lock(&mutex_);
    DeleteFileInternal(f);
  }
  void MoveFile(const std::string &src, const std::string &dst) {
    MutexLock lock(&mutex_);
    MoveFileInternal(src, dst);
  }

private:
  void MoveFileInternal(const std::string &src, const std::string &dst) {
    RenameFileInternal(src, dst);
  }
  void RenameFileInternal(const std::string &src, const std::string &dst) {
    file_map_[dst] = 1;
    DeleteFileInternal(src);
  }
  void DeleteFileInternal(const std::string &f) { file_map_.erase(f); }

  port::Mutex mutex_;
  std::map<std::string, int> file_map_;
};

// One top-level caller skips the lock: the helpers below it inherit nothing.
class MockFileSystemUnlockedRename {
public:
  void CreateFile(const std::string &f) {
    MutexLock lock(&mutex_);
    file_map_[f] = 1;
  }
  void DeleteFile(const std::string &f) {
    MutexLock lock(&mutex_);
    DeleteFileInternal(f);
  }
  void RenameFile(const std::string &src, const std::string &dst) {
    RenameFileInternal(src, dst);
  }

private:
  void RenameFileInternal(const std::string &src, const std::string &dst) {
    file_map_[dst] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'file_map_' without holding 'mutex_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-14]]:5: note: 'file_map_' is accessed holding 'mutex_' here
    // CHECK-MESSAGES: :[[@LINE+12]]:30: note: 'file_map_' declared here
    // DeleteFile() enters the helper holding the lock, this call does not:
    // the finding is the call, with a note to the erase in the helper.
    DeleteFileInternal(src);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'file_map_' without holding 'mutex_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE+4]]:51: note: 'file_map_' is written here
    // CHECK-MESSAGES: :[[@LINE-21]]:5: note: 'file_map_' is accessed holding 'mutex_' here
    // CHECK-MESSAGES: :[[@LINE+5]]:30: note: 'file_map_' declared here
  }
  void DeleteFileInternal(const std::string &f) { file_map_.erase(f); }

  port::Mutex mutex_;
  std::map<std::string, int> file_map_;
};

// A helper chain nobody in the file calls inherits nothing.
class MockFileSystemNoCallers {
public:
  void CreateFile(const std::string &f) {
    MutexLock lock(&mutex_);
    file_map_[f] = 1;
  }
  void RenameFileInternal(const std::string &src, const std::string &dst) {
    file_map_[dst] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to 'file_map_' without holding 'mutex_', which guards it elsewhere [mapsafety-unguarded-thread-write]
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: 'file_map_' is accessed holding 'mutex_' here
    // CHECK-MESSAGES: :[[@LINE+11]]:30: note: 'file_map_' declared here
    DeleteFileInternal(src);
  }

private:
  void DeleteFileInternal(const std::string &f) { file_map_.erase(f); }
  // CHECK-MESSAGES: :[[@LINE-1]]:51: warning: write to 'file_map_' without holding 'mutex_', which guards it elsewhere [mapsafety-unguarded-thread-write]
  // CHECK-MESSAGES: :[[@LINE-13]]:5: note: 'file_map_' is accessed holding 'mutex_' here
  // CHECK-MESSAGES: :[[@LINE+3]]:30: note: 'file_map_' declared here

  port::Mutex mutex_;
  std::map<std::string, int> file_map_;
};
