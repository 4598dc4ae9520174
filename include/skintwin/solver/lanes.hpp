#pragma once
// Lanes: the same arithmetic on kLanes doubles at once, for right-hand sides written once as a
// template over their number type. With T = double the helpers below are the plain scalar
// operations (and compile inside CUDA kernels); with T = LaneDouble (GCC/Clang vector extension,
// CPU only) each lane does exactly the operations the scalar code would do, in the same order,
// so a lane's result is bitwise the scalar result wherever the compiler does not fuse a multiply
// and an add (the reaction kernels are built with -ffp-contract=off for that reason).
#include <cmath>
#include <cstdint>
#include <cstring>

#include "skintwin/core/host_device.hpp"

namespace skintwin::solver {

// Scalar forms. select(c, a, b) is c ? a : b; max/min follow std::max/std::min exactly
// (max(a, b) = a < b ? b : a), so the scalar and lane forms agree on ties and signed zeros.
SKINTWIN_HOST_DEVICE inline double lane_select(bool c, double a, double b) { return c ? a : b; }
SKINTWIN_HOST_DEVICE inline double lane_max(double a, double b) { return a < b ? b : a; }
SKINTWIN_HOST_DEVICE inline double lane_min(double a, double b) { return b < a ? b : a; }
SKINTWIN_HOST_DEVICE inline double lane_abs(double a) { return std::fabs(a); }
SKINTWIN_HOST_DEVICE inline bool lane_or(bool a, bool b) { return a || b; }
SKINTWIN_HOST_DEVICE inline double lane_exp(double a) { return std::exp(a); }
SKINTWIN_HOST_DEVICE inline double lane_sqrt(double a) { return std::sqrt(a); }
SKINTWIN_HOST_DEVICE inline double lane_pow(double a, double p) { return std::pow(a, p); }
template <class T>
SKINTWIN_HOST_DEVICE inline T lane_splat(double a) {
  return a;
}
// Consecutive values of an array as one T (kLanes of them for LaneDouble), and back.
template <class T>
SKINTWIN_HOST_DEVICE inline T lane_load(const double* p) {
  return *p;
}
SKINTWIN_HOST_DEVICE inline void lane_store(double* p, double v) { *p = v; }
// Masks (bool for one lane) and per-lane counters (int for one lane).
SKINTWIN_HOST_DEVICE inline bool lane_and(bool a, bool b) { return a && b; }
SKINTWIN_HOST_DEVICE inline bool lane_and_not(bool a, bool b) { return a && !b; }
SKINTWIN_HOST_DEVICE inline bool lane_any(bool m) { return m; }
SKINTWIN_HOST_DEVICE inline int lane_count(int counter, bool m) { return counter + (m ? 1 : 0); }

#if (defined(__GNUC__) || defined(__clang__)) && !defined(__CUDACC__)
#define SKINTWIN_HAVE_LANES 1
// The helpers are inline and never cross a library boundary, so the note that a 64-byte vector is
// passed differently with and without AVX-512 does not apply.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

inline constexpr int kLanes = 8;
using LaneDouble = double __attribute__((vector_size(8 * kLanes)));
using LaneMask = std::int64_t __attribute__((vector_size(8 * kLanes)));  // all bits set = true

inline LaneDouble lane_select(LaneMask c, LaneDouble a, LaneDouble b) { return c ? a : b; }
inline LaneDouble lane_max(LaneDouble a, LaneDouble b) { return a < b ? b : a; }
inline LaneDouble lane_min(LaneDouble a, LaneDouble b) { return b < a ? b : a; }
inline LaneDouble lane_abs(LaneDouble a) {
  LaneMask bits;
  std::memcpy(&bits, &a, sizeof bits);
  bits &= INT64_MAX;  // clear the sign bit, as fabs does
  std::memcpy(&a, &bits, sizeof a);
  return a;
}
inline LaneMask lane_or(LaneMask a, LaneMask b) { return a | b; }
inline LaneMask lane_and(LaneMask a, LaneMask b) { return a & b; }
inline LaneMask lane_and_not(LaneMask a, LaneMask b) { return a & ~b; }
inline LaneMask lane_count(LaneMask counter, LaneMask m) { return counter - m; }  // m is -1 where true
inline LaneDouble lane_exp(LaneDouble a) {
  for (int l = 0; l < kLanes; ++l) a[l] = std::exp(a[l]);
  return a;
}
inline LaneDouble lane_sqrt(LaneDouble a) {
  for (int l = 0; l < kLanes; ++l) a[l] = std::sqrt(a[l]);
  return a;
}
inline LaneDouble lane_pow(LaneDouble a, double p) {
  for (int l = 0; l < kLanes; ++l) a[l] = std::pow(a[l], p);
  return a;
}
template <>
inline LaneDouble lane_splat<LaneDouble>(double a) {
  LaneDouble v;
  for (int l = 0; l < kLanes; ++l) v[l] = a;
  return v;
}
template <>
inline LaneDouble lane_load<LaneDouble>(const double* p) {
  LaneDouble v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void lane_store(double* p, LaneDouble v) { std::memcpy(p, &v, sizeof v); }
inline bool lane_any(LaneMask m) {
  std::int64_t any = 0;
  for (int l = 0; l < kLanes; ++l) any |= m[l];
  return any != 0;
}
#pragma GCC diagnostic pop
#endif

}  // namespace skintwin::solver
