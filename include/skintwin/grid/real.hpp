#pragma once
#include "skintwin/core/build_config.hpp"

namespace skintwin::grid {
// Storage type of solver fields: float by default, double with -DSKINTWIN_DOUBLE=ON.
#if SKINTWIN_REAL_IS_DOUBLE
using Real = double;
#else
using Real = float;
#endif
}  // namespace skintwin::grid
