// A store whose map is guarded by mu_, except while Open() loads it, which a
// factory in another file runs before anyone else can see the object.
#include <map>
#include <mutex>
#include <thread>
class BlobDB {
public:
  static BlobDB *Create();
  void Open();
  void Add(int n);
  void Drop(int n);
  void Watch();

private:
  void LoadFiles();
  std::mutex mu_;
  std::map<int, int> files_;
};
void Reopen(BlobDB &db);
