#include <cstdio>

#include "skintwin/core/notice.hpp"

int main() {
  std::printf("%.*s\n", static_cast<int>(skintwin::kNotice.size()), skintwin::kNotice.data());
  return 0;
}
