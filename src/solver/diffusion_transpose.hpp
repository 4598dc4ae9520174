#pragma once
// Block transpose used by the x sweeps (private to the diffusion solver): x lines are turned
// into columns so that their Thomas recurrences run across contiguous SIMD lanes.
#include <cstddef>

#include "skintwin/grid/real.hpp"

#if defined(__AVX512F__)
#define SKINTWIN_TILE_TRANSPOSE 1
// GCC 12's AVX-512 headers trip -Wuninitialized on their own _mm512_undefined_* helpers
// (a known GCC 12 false positive); the warning is about the header, not this code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#else
#define SKINTWIN_TILE_TRANSPOSE 0
#endif

namespace skintwin::solver::detail {

// dst[c * dst_stride + r] = src[r * src_stride + c] for r < rows, c < cols.
inline void transpose_scalar(const grid::Real* src, std::size_t src_stride, grid::Real* dst, std::size_t dst_stride,
                             std::size_t rows, std::size_t cols) {
  for (std::size_t c = 0; c < cols; ++c)
    for (std::size_t r = 0; r < rows; ++r) dst[c * dst_stride + r] = src[r * src_stride + c];
}

#if SKINTWIN_TILE_TRANSPOSE

// One 16 x 16 float tile in registers: 64 shuffles instead of 256 scalar loads and stores.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
inline void transpose_tile16(const float* src, std::size_t src_stride, float* dst, std::size_t dst_stride) {
  __m512 r[16], t[16];
  for (int k = 0; k < 16; ++k) r[k] = _mm512_loadu_ps(src + static_cast<std::size_t>(k) * src_stride);
  for (int k = 0; k < 16; k += 2) {
    t[k] = _mm512_unpacklo_ps(r[k], r[k + 1]);
    t[k + 1] = _mm512_unpackhi_ps(r[k], r[k + 1]);
  }
  for (int k = 0; k < 16; k += 4) {
    const __m512d a = _mm512_castps_pd(t[k]), b = _mm512_castps_pd(t[k + 1]);
    const __m512d c = _mm512_castps_pd(t[k + 2]), d = _mm512_castps_pd(t[k + 3]);
    r[k] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, c));
    r[k + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, c));
    r[k + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(b, d));
    r[k + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(b, d));
  }
  for (int k = 0; k < 16; k += 8)
    for (int m = 0; m < 4; ++m) {
      t[k + m] = _mm512_shuffle_f32x4(r[k + m], r[k + m + 4], 0x88);
      t[k + m + 4] = _mm512_shuffle_f32x4(r[k + m], r[k + m + 4], 0xdd);
    }
  for (int m = 0; m < 8; ++m) {
    r[m] = _mm512_shuffle_f32x4(t[m], t[m + 8], 0x88);
    r[m + 8] = _mm512_shuffle_f32x4(t[m], t[m + 8], 0xdd);
  }
  for (int k = 0; k < 16; ++k) _mm512_storeu_ps(dst + static_cast<std::size_t>(k) * dst_stride, r[k]);
}

// One 8 x 8 double tile in registers (double builds): 24 shuffles instead of 64 scalar moves.
inline void transpose_tile8(const double* src, std::size_t src_stride, double* dst, std::size_t dst_stride) {
  __m512d r[8], t[8];
  for (int k = 0; k < 8; ++k) r[k] = _mm512_loadu_pd(src + static_cast<std::size_t>(k) * src_stride);
  for (int k = 0; k < 8; k += 2) {
    t[k] = _mm512_unpacklo_pd(r[k], r[k + 1]);
    t[k + 1] = _mm512_unpackhi_pd(r[k], r[k + 1]);
  }
  for (int k = 0; k < 8; k += 4)
    for (int m = 0; m < 2; ++m) {
      r[k + 2 * m] = _mm512_shuffle_f64x2(t[k + m], t[k + m + 2], 0x88);
      r[k + 2 * m + 1] = _mm512_shuffle_f64x2(t[k + m], t[k + m + 2], 0xdd);
    }
  // r[0..3] hold columns (0,4), (2,6), (1,5), (3,7) of rows 0-3 in their 128-bit halves; r[4..7]
  // the same for rows 4-7.
  constexpr int kFirstColumn[4] = {0, 2, 1, 3};
  for (int m = 0; m < 4; ++m) {
    const auto c = static_cast<std::size_t>(kFirstColumn[m]);
    _mm512_storeu_pd(dst + c * dst_stride, _mm512_shuffle_f64x2(r[m], r[m + 4], 0x88));
    _mm512_storeu_pd(dst + (c + 4) * dst_stride, _mm512_shuffle_f64x2(r[m], r[m + 4], 0xdd));
  }
}
#pragma GCC diagnostic pop

inline void transpose_tile(const float* src, std::size_t src_stride, float* dst, std::size_t dst_stride) {
  transpose_tile16(src, src_stride, dst, dst_stride);
}
inline void transpose_tile(const double* src, std::size_t src_stride, double* dst, std::size_t dst_stride) {
  transpose_tile8(src, src_stride, dst, dst_stride);
}
// Tile edge: one 512-bit register of the field type.
inline constexpr std::size_t kTile = 64 / sizeof(grid::Real);
#endif

inline void transpose(const grid::Real* src, std::size_t src_stride, grid::Real* dst, std::size_t dst_stride,
                      std::size_t rows, std::size_t cols) {
  std::size_t r0 = 0;
#if SKINTWIN_TILE_TRANSPOSE
  for (; r0 + kTile <= rows; r0 += kTile) {
    std::size_t c0 = 0;
    for (; c0 + kTile <= cols; c0 += kTile)
      transpose_tile(src + r0 * src_stride + c0, src_stride, dst + c0 * dst_stride + r0, dst_stride);
    transpose_scalar(src + r0 * src_stride + c0, src_stride, dst + c0 * dst_stride + r0, dst_stride, kTile, cols - c0);
  }
#endif
  transpose_scalar(src + r0 * src_stride, src_stride, dst + r0, dst_stride, rows - r0, cols);
}

}  // namespace skintwin::solver::detail
