#include "skintwin/solver/scratch_pool.hpp"

#include <algorithm>

namespace skintwin::solver {

std::vector<double> ScratchPool::take(std::size_t n) {
  std::vector<double> array;
  {
    const std::lock_guard lock(mutex_);
    // The smallest array that is large enough, else the largest (grown below): arrays of one grid
    // are all about the same size, so this keeps the pool from growing many of them.
    std::sort(free_.begin(), free_.end(),
              [](const std::vector<double>& a, const std::vector<double>& b) { return a.capacity() < b.capacity(); });
    auto best = std::find_if(free_.begin(), free_.end(), [n](const std::vector<double>& a) { return a.capacity() >= n; });
    if (best == free_.end() && !free_.empty()) best = free_.end() - 1;
    if (best != free_.end()) {
      array = std::move(*best);
      free_.erase(best);
    }
  }
  array.resize(n);
  return array;
}

void ScratchPool::give(std::vector<double> array) {
  if (array.capacity() == 0) return;
  const std::lock_guard lock(mutex_);
  free_.push_back(std::move(array));
}

std::size_t ScratchPool::held() const {
  const std::lock_guard lock(mutex_);
  return free_.size();
}

std::size_t ScratchPool::held_bytes() const {
  const std::lock_guard lock(mutex_);
  std::size_t bytes = 0;
  for (const auto& a : free_) bytes += a.capacity() * sizeof(double);
  return bytes;
}

}  // namespace skintwin::solver
