// FLAGS: -std=c++17
