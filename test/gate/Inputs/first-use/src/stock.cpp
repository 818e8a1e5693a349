#include "stock.h"

// The one real finding: erasing the element the range-for stands on.
void dropEmpty(Stock &stock) {
  for (auto &[item, count] : stock) {
    if (count == 0)
      stock.erase(item);
  }
}

int total(const Stock &stock) {
  int sum = 0;
  for (const auto &[item, count] : stock)
    sum += count;
  return sum;
}
