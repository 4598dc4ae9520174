#include "skintwin/core/parallel_tasks.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <omp.h>

namespace skintwin {

ThreadShare share_threads(std::size_t tasks, int threads) {
  const int t = std::max(1, threads);
  const int workers = static_cast<int>(std::clamp<std::size_t>(tasks, 1, static_cast<std::size_t>(t)));
  return {.workers = workers, .threads_per_worker = std::max(1, t / workers)};
}

void run_tasks(std::size_t count, const ThreadShare& share, const std::function<void(std::size_t)>& task) {
  if (share.workers <= 1 || count <= 1) {
    for (std::size_t k = 0; k < count; ++k) task(k);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::mutex errors_mutex;
  std::size_t first_failure = count;  // guarded by errors_mutex
  std::vector<std::exception_ptr> errors(count);
  const auto past_a_failure = [&](std::size_t k) {
    const std::lock_guard<std::mutex> lock(errors_mutex);
    return k > first_failure;
  };
  const auto worker = [&] {
    omp_set_num_threads(share.threads_per_worker);  // this thread's own OpenMP setting
    // Tasks are taken in order, so every task below a failure was taken before it and still runs:
    // the failure reported is the lowest of all, whatever the timing.
    for (std::size_t k = next++; k < count && !past_a_failure(k); k = next++) {
      try {
        task(k);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(errors_mutex);
        errors[k] = std::current_exception();
        first_failure = std::min(first_failure, k);
      }
    }
  };
  std::vector<std::jthread> threads;
  const auto workers = static_cast<std::size_t>(share.workers);
  for (std::size_t w = 0; w < std::min(workers, count); ++w) threads.emplace_back(worker);
  threads.clear();  // joins every worker
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace skintwin
