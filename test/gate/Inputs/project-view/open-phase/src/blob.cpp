#include "blob.h"
void BlobDB::Open() { LoadFiles(); }
void BlobDB::LoadFiles() {
  for (int i = 0; i < 3; ++i) {
    // The child knows `this`, but stays reachable only through it...
    auto File = std::make_shared<BlobFile>(this, i);
#ifdef RACY_CHILD_PUBLISHED
    Publish(File); // ...unless it is handed out.
#endif
    Keep(File);
    files_[i] = File->size();
  }
}
void BlobDB::Keep(std::shared_ptr<BlobFile> File) { children_.push_back(std::move(File)); }
void BlobDB::Add(int n) {
  std::lock_guard<std::mutex> l(mu_);
  files_[n] = n;
}
void BlobDB::Drop(int n) {
  std::lock_guard<std::mutex> l(mu_);
  files_.erase(n);
}
