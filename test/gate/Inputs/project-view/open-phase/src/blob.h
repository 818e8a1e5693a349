// A store whose map is guarded by mu_, except while Open() loads it, which a
// factory in another file runs before anyone else can see the object.
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>
class BlobDB;
// A child that points back at its store.
struct BlobFile {
  BlobFile(BlobDB *Parent, int Number) : Parent(Parent), Number(Number) {}
  int size() const { return Number; }
  BlobDB *Parent;
  int Number;
};
class BlobDB {
public:
  static BlobDB *Create();
  void Open();
  void Add(int n);
  void Drop(int n);

private:
  void LoadFiles();
  void Keep(std::shared_ptr<BlobFile> File);
  std::mutex mu_;
  std::map<int, int> files_;
  std::vector<std::shared_ptr<BlobFile>> children_;
};
void Reopen(BlobDB &db);
void Publish(std::shared_ptr<BlobFile> File);
