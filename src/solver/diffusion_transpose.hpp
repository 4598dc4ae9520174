#pragma once
// Block transpose used by the x sweeps (private to the diffusion solver): x lines are turned
// into columns so that their Thomas recurrences run across contiguous SIMD lanes.
#include <cstddef>

#include "skintwin/grid/real.hpp"

#if defined(__AVX512F__) && !SKINTWIN_REAL_IS_DOUBLE
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
#pragma GCC diagnostic pop
#endif

inline void transpose(const grid::Real* src, std::size_t src_stride, grid::Real* dst, std::size_t dst_stride,
                      std::size_t rows, std::size_t cols) {
  std::size_t r0 = 0;
#if SKINTWIN_TILE_TRANSPOSE
  for (; r0 + 16 <= rows; r0 += 16) {
    std::size_t c0 = 0;
    for (; c0 + 16 <= cols; c0 += 16)
      transpose_tile16(src + r0 * src_stride + c0, src_stride, dst + c0 * dst_stride + r0, dst_stride);
    transpose_scalar(src + r0 * src_stride + c0, src_stride, dst + c0 * dst_stride + r0, dst_stride, 16, cols - c0);
  }
#endif
  transpose_scalar(src + r0 * src_stride, src_stride, dst + r0, dst_stride, rows - r0, cols);
}

}  // namespace skintwin::solver::detail
