#pragma once
// Grid-sized scratch arrays lent to the operators of a split step (docs/solver.md, "Scratch
// arrays"). The operators of a step run one after the other, so one pool shared by them holds as
// many arrays as the hungriest needs at once, not the sum over operators; and since the arrays
// come back to the pool, a step neither allocates nor page-faults grid-sized memory.
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace skintwin::solver {

class ScratchPool {
public:
  // An array of n doubles (contents unspecified), from the pool when it holds one.
  std::vector<double> take(std::size_t n);
  // Back to the pool (any size; kept with its capacity).
  void give(std::vector<double> array);
  // Arrays held by the pool now, and their memory (bytes of capacity).
  std::size_t held() const;
  std::size_t held_bytes() const;

private:
  mutable std::mutex mutex_;  // sections or movers side by side borrow from several threads
  std::vector<std::vector<double>> free_;
};

// An array taken from a pool for one scope, given back when it ends (exceptions included).
class ScratchArray {
public:
  ScratchArray(ScratchPool& pool, std::size_t n) : pool_(&pool), array_(pool.take(n)) {}
  ScratchArray(const ScratchArray&) = delete;
  ScratchArray& operator=(const ScratchArray&) = delete;
  ~ScratchArray() { pool_->give(std::move(array_)); }
  std::vector<double>& operator*() noexcept { return array_; }
  std::vector<double>* operator->() noexcept { return &array_; }

private:
  ScratchPool* pool_;
  std::vector<double> array_;
};

}  // namespace skintwin::solver
