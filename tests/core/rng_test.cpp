#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "skintwin/core/rng.hpp"

namespace skintwin {
namespace {

// Known-answer vectors published with the Random123 library (kat_vectors, philox4x32 10 rounds).
TEST(Philox, KnownAnswerZero) {
  const auto out = philox4x32_10({0, 0, 0, 0}, {0, 0});
  EXPECT_EQ(out[0], 0x6627e8d5u);
  EXPECT_EQ(out[1], 0xe169c58du);
  EXPECT_EQ(out[2], 0xbc57ac4cu);
  EXPECT_EQ(out[3], 0x9b00dbd8u);
}

TEST(Philox, KnownAnswerAllOnes) {
  const auto out = philox4x32_10({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu});
  EXPECT_EQ(out[0], 0x408f276du);
  EXPECT_EQ(out[1], 0x41c83b0eu);
  EXPECT_EQ(out[2], 0xa20bc7c6u);
  EXPECT_EQ(out[3], 0x6d5451fdu);
}

TEST(CounterRng, StreamsAreIndependentOfDrawOrder) {
  // Drawing stream (1, 2) before or after stream (3, 4) gives the same numbers.
  CounterRng first(42, 7, 1, 2);
  CounterRng second(42, 7, 3, 4);
  const double a1 = first.uniform();
  const double b1 = second.uniform();
  CounterRng second_again(42, 7, 3, 4);
  CounterRng first_again(42, 7, 1, 2);
  EXPECT_EQ(second_again.uniform(), b1);
  EXPECT_EQ(first_again.uniform(), a1);
  EXPECT_NE(a1, b1);
}

TEST(CounterRng, DifferentSeedsDiffer) {
  CounterRng a(1, 0);
  CounterRng b(2, 0);
  EXPECT_NE(a.next_u32(), b.next_u32());
}

TEST(CounterRng, UniformMomentsAreRight) {
  CounterRng rng(2024, 1);
  constexpr int n = 200000;
  double sum = 0.0;
  double sum_sq = 0.0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum_sq += u * u;
  }
  const double mean = sum / n;
  EXPECT_NEAR(mean, 0.5, 0.005);
  EXPECT_NEAR(sum_sq / n - mean * mean, 1.0 / 12.0, 0.002);
}

TEST(CounterRng, NormalMomentsAreRight) {
  CounterRng rng(99, 2);
  constexpr int n = 200000;
  double sum = 0.0;
  double sum_sq = 0.0;
  for (int i = 0; i < n; ++i) {
    const double x = rng.normal();
    sum += x;
    sum_sq += x * x;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sum_sq / n, 1.0, 0.015);
}

RC_GTEST_PROP(CounterRng, SameKeySameSequence, (std::uint64_t seed, std::uint32_t purpose, std::uint32_t a, std::uint32_t b)) {
  CounterRng x(seed, purpose, a, b);
  CounterRng y(seed, purpose, a, b);
  for (int i = 0; i < 9; ++i) RC_ASSERT(x.next_u32() == y.next_u32());
}

}  // namespace
}  // namespace skintwin
