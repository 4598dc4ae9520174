// Tasks side by side: every task once, in its own slot, on the OpenMP share it was given, and the
// first failure (by index) reported.
#include "skintwin/core/parallel_tasks.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include <omp.h>

namespace skintwin {
namespace {

TEST(ShareThreads, OneWorkerPerThreadUpToTheTasksAndTheRestInside) {
  EXPECT_EQ(share_threads(8, 2).workers, 2);
  EXPECT_EQ(share_threads(8, 2).threads_per_worker, 1);
  EXPECT_EQ(share_threads(1, 2).workers, 1);
  EXPECT_EQ(share_threads(1, 2).threads_per_worker, 2);
  EXPECT_EQ(share_threads(3, 8).workers, 3);
  EXPECT_EQ(share_threads(3, 8).threads_per_worker, 2);
  EXPECT_EQ(share_threads(0, 4).workers, 1);
  EXPECT_EQ(share_threads(5, 0).workers, 1);
}

TEST(RunTasks, EveryTaskOnceInItsSlotOnItsShareOfThreads) {
  const std::size_t count = 13;
  std::vector<int> runs(count, 0);
  std::vector<int> threads_inside(count, 0);
  run_tasks(count, {.workers = 3, .threads_per_worker = 1}, [&](std::size_t k) {
    ++runs[k];
    threads_inside[k] = omp_get_max_threads();
  });
  for (std::size_t k = 0; k < count; ++k) {
    EXPECT_EQ(runs[k], 1) << k;
    EXPECT_EQ(threads_inside[k], 1) << k;
  }
}

TEST(RunTasks, OneWorkerRunsOnTheCallingThreadInOrder) {
  std::vector<std::size_t> order;
  const int before = omp_get_max_threads();
  run_tasks(4, {.workers = 1, .threads_per_worker = 1}, [&](std::size_t k) { order.push_back(k); });
  EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_EQ(omp_get_max_threads(), before);  // the caller's OpenMP setting untouched
}

TEST(RunTasks, TheLowestFailingTaskIsReportedAndNoMoreAreStarted) {
  std::atomic<int> started{0};
  try {
    run_tasks(100, {.workers = 2, .threads_per_worker = 1}, [&](std::size_t k) {
      ++started;
      if (k == 3 || k == 5) throw std::runtime_error("task " + std::to_string(k));
    });
    FAIL() << "expected the failure to be rethrown";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "task 3");
  }
  EXPECT_LT(started.load(), 100);
}

}  // namespace
}  // namespace skintwin
