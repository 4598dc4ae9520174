#include "skintwin/solver/scratch_pool.hpp"

#include <algorithm>

namespace skintwin::solver {

std::vector<double> ScratchPool::take(std::size_t n) {
  std::vector<double> array;
  {
    const std::lock_guard lock(mutex_);
    // The smallest array that is large enough, else the largest (grown below): arrays of one grid
    // are all about the same size, so this keeps the pool from growing many of them.
    auto best = free_.end();
    for (auto it = free_.begin(); it != free_.end(); ++it) {
      const bool fits = it->capacity() >= n;
      if (best == free_.end() || (fits && (best->capacity() < n || it->capacity() < best->capacity())) ||
          (!fits && best->capacity() < n && it->capacity() > best->capacity()))
        best = it;
    }
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
