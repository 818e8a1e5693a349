#include "blob.h"
void BlobDB::Open() { LoadFiles(); }
void BlobDB::LoadFiles() {
  for (int i = 0; i < 3; ++i)
    files_[i] = i;
}
void BlobDB::Add(int n) {
  std::lock_guard<std::mutex> l(mu_);
  files_[n] = n;
}
void BlobDB::Drop(int n) {
  std::lock_guard<std::mutex> l(mu_);
  files_.erase(n);
}
