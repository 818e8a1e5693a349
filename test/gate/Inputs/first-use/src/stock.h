#pragma once
#include <map>
#include <string>

// Units in stock per item.
using Stock = std::map<std::string, int>;

void dropEmpty(Stock &stock);
int total(const Stock &stock);
