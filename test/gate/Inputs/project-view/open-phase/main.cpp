// The open-phase project as a program, for ThreadSanitizer: the factory opens
// the store, then two threads use it; with RACY_PUBLISHED_FIRST the factory
// hands it to a thread before Open() fills the map.
#include "src/blob.h"
#include <chrono>
#include <thread>
int main() {
  BlobDB *db = BlobDB::Create();
  std::thread a([db] {
    for (int i = 0; i < 100; ++i)
      db->Add(i);
  });
  std::thread b([db] {
    for (int i = 0; i < 100; ++i)
      db->Drop(i);
  });
  a.join();
  b.join();
  std::this_thread::sleep_for(std::chrono::milliseconds(50)); // the factory's detached thread
}
