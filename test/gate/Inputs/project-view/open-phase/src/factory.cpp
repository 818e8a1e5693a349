#include "blob.h"
#include <memory>
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
