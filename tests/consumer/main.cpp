// Links the installed library through find_package(skintwin) and reads its built-in catalog.
#include <cstdio>

#include "skintwin/io/site_catalog.hpp"

int main() {
  std::printf("sites: %zu\n", skintwin::io::builtin_site_catalog().sites().size());
  return 0;
}
