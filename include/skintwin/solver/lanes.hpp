#pragma once
// Lanes: the same arithmetic on kLanes doubles at once, for right-hand sides written once as a
// template over their number type. With T = double the helpers below are the plain scalar
// operations (and compile inside CUDA kernels); with T = LaneDouble (GCC/Clang vector extension,
// CPU only) each lane does exactly the operations the scalar code would do, in the same order,
// so a lane's result is bitwise the scalar result wherever the compiler does not fuse a multiply
// and an add (the reaction kernels are built with -ffp-contract=off for that reason).
#include <cmath>
#include <concepts>
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

// Two widths. Eight doubles fill one AVX-512 register; the oxygen solve's sums keep eight partials
// on every instruction set, so LaneDouble stays eight wide. Four fill one AVX2 register: where
// there is no AVX-512, an 8-wide vector is split into pieces and a kernel with many live vectors
// (the reaction integrator) spills them to the stack, so it runs 4 lanes there (2.5x faster on an
// AVX2 machine, the same bits: each lane computes what the scalar code does).
inline constexpr int kLanes = 8;
using LaneDouble = double __attribute__((vector_size(8 * kLanes)));
using LaneMask = std::int64_t __attribute__((vector_size(8 * kLanes)));  // all bits set = true
using LaneDouble4 = double __attribute__((vector_size(8 * 4)));
using LaneMask4 = std::int64_t __attribute__((vector_size(8 * 4)));

// What a lane vector type is (GCC drops a vector_size that depends on a template parameter, so
// the widths are two concrete types and the helpers templates constrained on them). A vector's
// width and its mask type (what comparing two of them gives) follow from the type itself.
template <class V>
concept LaneVector = std::same_as<V, LaneDouble> || std::same_as<V, LaneDouble4>;
template <class M>
concept LaneMaskVector = std::same_as<M, LaneMask> || std::same_as<M, LaneMask4>;
template <class V>
  requires LaneVector<V> || LaneMaskVector<V>
inline constexpr int lane_width = static_cast<int>(sizeof(V) / sizeof(double));
template <LaneVector V>
using LaneMaskOf = decltype(V{} < V{});
// One register of the instruction set this file is built for: the width for plain loops over
// cells (sums and maxima) outside the multi-versioned reaction kernel.
#if defined(__AVX512F__)
using RegisterLaneDouble = LaneDouble;
#else
using RegisterLaneDouble = LaneDouble4;
#endif

template <LaneVector V>
inline V lane_select(LaneMaskOf<V> c, V a, V b) {
  return c ? a : b;
}
template <LaneVector V>
inline V lane_max(V a, V b) {
  return a < b ? b : a;
}
template <LaneVector V>
inline V lane_min(V a, V b) {
  return b < a ? b : a;
}
template <LaneVector V>
inline V lane_abs(V a) {
  LaneMaskOf<V> bits;
  std::memcpy(&bits, &a, sizeof bits);
  bits &= INT64_MAX;  // clear the sign bit, as fabs does
  std::memcpy(&a, &bits, sizeof a);
  return a;
}
template <LaneMaskVector M>
inline M lane_or(M a, M b) {
  return a | b;
}
template <LaneMaskVector M>
inline M lane_and(M a, M b) {
  return a & b;
}
template <LaneMaskVector M>
inline M lane_and_not(M a, M b) {
  return a & ~b;
}
template <LaneMaskVector M>
inline M lane_count(M counter, M m) {
  return counter - m;  // m is -1 where true
}
template <LaneVector V>
inline V lane_exp(V a) {
  for (int l = 0; l < lane_width<V>; ++l) a[l] = std::exp(a[l]);
  return a;
}
template <LaneVector V>
inline V lane_sqrt(V a) {
  for (int l = 0; l < lane_width<V>; ++l) a[l] = std::sqrt(a[l]);
  return a;
}
template <LaneVector V>
inline V lane_pow(V a, double p) {
  for (int l = 0; l < lane_width<V>; ++l) a[l] = std::pow(a[l], p);
  return a;
}
template <LaneVector V>
inline V lane_fill(double a) {
  V v;
  for (int l = 0; l < lane_width<V>; ++l) v[l] = a;
  return v;
}
template <>
inline LaneDouble lane_splat<LaneDouble>(double a) {
  return lane_fill<LaneDouble>(a);
}
template <>
inline LaneDouble4 lane_splat<LaneDouble4>(double a) {
  return lane_fill<LaneDouble4>(a);
}
template <LaneVector V>
inline V lane_load_vector(const double* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <>
inline LaneDouble lane_load<LaneDouble>(const double* p) {
  return lane_load_vector<LaneDouble>(p);
}
template <>
inline LaneDouble4 lane_load<LaneDouble4>(const double* p) {
  return lane_load_vector<LaneDouble4>(p);
}
template <LaneVector V>
inline void lane_store(double* p, V v) {
  std::memcpy(p, &v, sizeof v);
}
template <LaneMaskVector M>
inline bool lane_any(M m) {
  std::int64_t any = 0;
  for (int l = 0; l < lane_width<M>; ++l) any |= m[l];
  return any != 0;
}
#pragma GCC diagnostic pop
#endif

}  // namespace skintwin::solver
