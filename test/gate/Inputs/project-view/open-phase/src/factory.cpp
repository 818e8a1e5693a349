#include "blob.h"
BlobDB *BlobDB::Create() {
  auto db = std::make_unique<BlobDB>();
#ifdef RACY_PUBLISHED_FIRST
  // The object reaches another thread before Open() runs.
  BlobDB *raw = db.get();
  std::thread([raw] { raw->Add(1); }).detach();
#endif
  db->Open();
  return db.release();
}
#ifdef RACY_REOPEN
// Open() on an object others may already use.
void Reopen(BlobDB &db) { db.Open(); }
#endif
static std::mutex RegistryMutex;
static std::vector<std::shared_ptr<BlobFile>> Registry;
void Publish(std::shared_ptr<BlobFile> File) {
  std::lock_guard<std::mutex> l(RegistryMutex);
  Registry.push_back(std::move(File));
}
