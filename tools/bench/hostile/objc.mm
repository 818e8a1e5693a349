// FLAGS: -x objective-c++ -std=c++17 -fblocks
// Objective-C++ without Foundation: a map in an ivar, blocks capturing it, @synchronized.
#include <map>
#include <thread>
@interface Registry {
  std::map<int, int> _items;
}
- (void)prune;
- (void)spawn;
@end
@implementation Registry
- (void)prune {
  for (auto &kv : _items) if (kv.second == 0) _items.erase(kv.first);
}
- (void)spawn {
  std::thread t([self] { [self prune]; });
  @synchronized(self) { _items[1] = 2; }
  void (^block)(void) = ^{ for (auto &kv : _items) _items.clear(); };
  block();
  t.join();
}
@end
