#pragma once
// When the solver operators fork OpenMP threads. Below this many voxels of work a loop runs on
// the calling thread. Every fork, join and barrier of a light per-voxel loop (taxis, motility,
// diffusion sweeps: a few ns per voxel) costs a thread wake-up, tens of microseconds when threads
// sleep while they wait (OMP_WAIT_POLICY=passive, the setting for shared machines): on the 2D
// default example (21,000 voxels, about 70 such synchronisations per step) two threads took 10.2 s
// with the old bound of 16,384 voxels against 7.3 s on one thread, and the 3D example (92,800
// voxels) ran 13.4-14.7 s with this bound against 15.0-16.5 s with 65,536 (alternated runs, one
// session). Smaller grids run independent parts side by side instead (taxis movers, motile
// species, reaction rows). Results never depend on it (every reduction has a fixed order), only
// speed does.
#include <cstddef>

namespace skintwin::solver {
inline constexpr std::size_t kParallelMinVoxels = 262144;
// Reactions cost tens of right-hand-side evaluations per voxel: worth threads sooner.
inline constexpr std::size_t kParallelMinReactionVoxels = 1024;
}  // namespace skintwin::solver
