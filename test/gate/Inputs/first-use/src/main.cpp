#include "stock.h"

#include <cstdio>

int main() {
  Stock stock{{"bolts", 12}, {"nuts", 0}};
  dropEmpty(stock);
  std::printf("%d items in stock, %d units in total, after dropping the items nobody has any of\n", static_cast<int>(stock.size()), total(stock));  // NOLINT(whitespace/line_length)
  return 0;
}
