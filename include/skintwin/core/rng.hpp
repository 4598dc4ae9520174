#pragma once
// Counter-based random numbers (Philox4x32-10, Salmon et al. 2011, SC'11 "Parallel random
// numbers: as easy as 1, 2, 3"). A draw is a pure function of (seed, stream, index), so results
// never depend on thread count or iteration order: key each stream by what is being drawn
// (e.g. purpose, pass, needle) instead of sharing one generator.
#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace skintwin {

using PhiloxCounter = std::array<std::uint32_t, 4>;
using PhiloxKey = std::array<std::uint32_t, 2>;

// One Philox4x32 block with 10 rounds.
constexpr PhiloxCounter philox4x32_10(PhiloxCounter ctr, PhiloxKey key) noexcept {
  constexpr std::uint32_t kM0 = 0xD2511F53u;
  constexpr std::uint32_t kM1 = 0xCD9E8D57u;
  constexpr std::uint32_t kW0 = 0x9E3779B9u;
  constexpr std::uint32_t kW1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = std::uint64_t{kM0} * ctr[0];
    const std::uint64_t p1 = std::uint64_t{kM1} * ctr[2];
    const auto hi0 = static_cast<std::uint32_t>(p0 >> 32);
    const auto lo0 = static_cast<std::uint32_t>(p0);
    const auto hi1 = static_cast<std::uint32_t>(p1 >> 32);
    const auto lo1 = static_cast<std::uint32_t>(p1);
    ctr = {hi1 ^ ctr[1] ^ key[0], lo1, hi0 ^ ctr[3] ^ key[1], lo0};
    key[0] += kW0;
    key[1] += kW1;
  }
  return ctr;
}

// A stream of draws identified by (seed, purpose, a, b); `purpose` separates unrelated uses
// (say puncture jitter vs. depth scatter), a and b index the object (pass, needle).
class CounterRng {
public:
  constexpr CounterRng(std::uint64_t seed, std::uint32_t purpose, std::uint32_t a = 0, std::uint32_t b = 0) noexcept
      : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
        purpose_(purpose), a_(a), b_(b) {}

  // Uniform 32-bit word; blocks of four are generated per counter value.
  constexpr std::uint32_t next_u32() noexcept {
    if (lane_ == 4) {
      block_ = philox4x32_10({block_index_, a_, b_, purpose_}, key_);
      ++block_index_;
      lane_ = 0;
    }
    return block_[lane_++];
  }

  // Uniform in [0, 1) with 53 random bits.
  constexpr double uniform() noexcept {
    const std::uint64_t hi = next_u32();
    const std::uint64_t lo = next_u32();
    return static_cast<double>(((hi << 32) | lo) >> 11) * 0x1.0p-53;
  }

  // Uniform in (0, 1): never exactly 0, safe for log().
  constexpr double uniform_open() noexcept {
    const std::uint64_t hi = next_u32();
    const std::uint64_t lo = next_u32();
    return (static_cast<double>(((hi << 32) | lo) >> 11) + 0.5) * 0x1.0p-53;
  }

  double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }

  // Standard normal by Box-Muller (one value per call; the pair's partner is discarded so that
  // the stream position depends only on the number of calls).
  double normal() noexcept {
    const double u1 = uniform_open();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

  double normal(double mean, double sd) noexcept { return mean + sd * normal(); }

private:
  PhiloxKey key_;
  std::uint32_t purpose_;
  std::uint32_t a_;
  std::uint32_t b_;
  std::uint32_t block_index_ = 0;
  PhiloxCounter block_{};
  int lane_ = 4;
};

}  // namespace skintwin
