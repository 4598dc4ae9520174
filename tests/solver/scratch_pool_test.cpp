#include "skintwin/solver/scratch_pool.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

using skintwin::solver::ScratchArray;
using skintwin::solver::ScratchPool;

TEST(ScratchPool, AnArrayGivenBackIsLentAgainWithoutANewAllocation) {
  ScratchPool pool;
  std::vector<double> a = pool.take(1000);
  ASSERT_EQ(a.size(), 1000u);
  const double* memory = a.data();
  pool.give(std::move(a));
  EXPECT_EQ(pool.held(), 1u);
  EXPECT_GE(pool.held_bytes(), 1000 * sizeof(double));
  const std::vector<double> again = pool.take(800);  // smaller: the same memory, resized
  EXPECT_EQ(again.data(), memory);
  EXPECT_EQ(again.size(), 800u);
  EXPECT_EQ(pool.held(), 0u);
}

TEST(ScratchPool, TakesTheSmallestArrayThatFits) {
  ScratchPool pool;
  pool.give(std::vector<double>(100));
  pool.give(std::vector<double>(5000));
  pool.give(std::vector<double>(2000));
  EXPECT_EQ(pool.take(1500).capacity(), 2000u);
  EXPECT_EQ(pool.take(10).capacity(), 100u);
  EXPECT_EQ(pool.held(), 1u);
}

TEST(ScratchPool, AScopedArrayGoesBackEvenOnAnException) {
  ScratchPool pool;
  try {
    ScratchArray a(pool, 64);
    (*a)[0] = 1.0;
    throw std::runtime_error("in the middle of a step");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(pool.held(), 1u);
}

TEST(ScratchPool, ThreadsBorrowSideBySide) {
  ScratchPool pool;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&pool] {
      for (int i = 0; i < 200; ++i) {
        ScratchArray a(pool, 256);
        (*a)[255] = static_cast<double>(i);
      }
    });
  for (auto& t : threads) t.join();
  // At most one array per thread was out at a time, so the pool never needed more than four.
  EXPECT_LE(pool.held(), 4u);
  EXPECT_GE(pool.held(), 1u);
}
