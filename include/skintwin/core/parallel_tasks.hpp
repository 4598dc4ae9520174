#pragma once
// Independent tasks side by side (the sections of an ensemble): each on a worker thread of its own,
// the OpenMP regions inside a task on a share of the threads. A task's result must not depend on
// how many threads run it (the solvers' 1- and 2-thread results are bit-identical, tested), so
// running tasks side by side changes only the wall time.
#include <cstddef>
#include <functional>

namespace skintwin {

struct ThreadShare {
  int workers = 1;             // tasks running at once
  int threads_per_worker = 1;  // OpenMP threads inside each
};

// How `threads` (>= 1) are best shared among `tasks`: one worker per thread up to the number of
// tasks, the threads left over split among the workers. Small grids thread poorly (a 2D section of
// 20,000 voxels gains 1.4x from a second thread), so whole tasks side by side use threads better.
ThreadShare share_threads(std::size_t tasks, int threads);

// Calls task(k) for every k in [0, count), `share.workers` at a time, each worker taking the next k
// in order. Waits for every started task; once one threw, no task above it is started (those below
// it still run), and the exception of the lowest k that threw is rethrown: the same one whatever
// the timing. With one worker, runs on the calling thread
// (its OpenMP setting untouched).
void run_tasks(std::size_t count, const ThreadShare& share, const std::function<void(std::size_t)>& task);

}  // namespace skintwin
