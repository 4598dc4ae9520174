#pragma once
// When the solver operators fork OpenMP threads. Below this many voxels of work a loop runs on
// the calling thread: a fork/join costs microseconds on an idle machine and milliseconds on an
// oversubscribed one, more than the work itself. Results never depend on it (every reduction
// has a fixed order), only speed does.
#include <cstddef>

namespace skintwin::solver {
inline constexpr std::size_t kParallelMinVoxels = 16384;
// Reactions cost tens of right-hand-side evaluations per voxel: worth threads sooner.
inline constexpr std::size_t kParallelMinReactionVoxels = 1024;
}  // namespace skintwin::solver
