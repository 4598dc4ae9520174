#include "line_propagator.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

// LAPACK (reference or OpenBLAS): eigenvalues and eigenvectors of a symmetric tridiagonal matrix.
// The trailing length is gfortran's hidden argument for the CHARACTER parameter.
extern "C" void dstev_(const char* jobz, const int* n, double* d, double* e, double* z, const int* ldz, double* work,
                       int* info, std::size_t jobz_length);

namespace skintwin::solver::detail {

namespace {

void check_line(double h_um, double D_um2_per_min, double t_min) {
  if (!(h_um > 0.0) || !(D_um2_per_min >= 0.0) || !(t_min >= 0.0) || !std::isfinite(h_um) ||
      !std::isfinite(D_um2_per_min) || !std::isfinite(t_min))
    throw std::invalid_argument("line propagator: h = " + std::to_string(h_um) + " um, D = " +
                                std::to_string(D_um2_per_min) + " um^2/min, t = " + std::to_string(t_min) +
                                " min: h > 0, D >= 0, t >= 0, all finite");
}

// Row k of a dense block (n values, column j = first_column + j), trimmed to the entries from
// drop_below x its largest upwards and scaled so that it still maps `weight` onto itself
// (sum_j E_kj w_j = w_k: the profile the operator holds still stays still).
void add_trimmed_row(BandedRows& rows, const double* dense, const double* weight, int n, int row_in_block,
                     int first_column, double drop_below) {
  double largest = 0.0;
  for (int j = 0; j < n; ++j) largest = std::max(largest, dense[j]);
  const double keep = drop_below * largest;
  int lo = 0, hi = n - 1;
  while (lo < hi && !(dense[lo] >= keep)) ++lo;
  while (hi > lo && !(dense[hi] >= keep)) --hi;
  double image = 0.0;
  for (int j = lo; j <= hi; ++j) image += std::max(0.0, dense[j]) * weight[j];
  const double scale = image > 0.0 ? weight[row_in_block] / image : 1.0;
  rows.first.push_back(first_column + lo);
  rows.count.push_back(hi - lo + 1);
  rows.offset.push_back(rows.values.size());
  // The exact entries are >= 0; round-off must not make a density negative.
  for (int j = lo; j <= hi; ++j) rows.values.push_back(std::max(0.0, dense[j]) * scale);
}

}  // namespace

std::vector<double> lattice_heat_kernel(double h_um, double D_um2_per_min, double t_min, double drop_below) {
  check_line(h_um, D_um2_per_min, t_min);
  const double x = 2.0 * D_um2_per_min * t_min / (h_um * h_um);
  if (!(x > 0.0)) return {1.0};
  // Start far enough out that I_start / I_0 < 1e-20 (Gaussian tail for large x, x^d / d! for small).
  const int start = 30 + static_cast<int>(std::ceil(12.0 * std::sqrt(x)));
  std::vector<double> f(static_cast<std::size_t>(start) + 2, 0.0);
  f[static_cast<std::size_t>(start)] = 1.0;
  for (int d = start; d > 0; --d) {
    const auto i = static_cast<std::size_t>(d);
    f[i - 1] = (2.0 * d / x) * f[i] + f[i + 1];
    if (f[i - 1] > 1e250)  // keep the recurrence finite; the far tail underflows to 0, as it should
      for (std::size_t r = i - 1; r < f.size(); ++r) f[r] *= 1e-250;
  }
  int band = 0;
  while (band + 1 <= start && f[static_cast<std::size_t>(band) + 1] >= drop_below * f[0]) ++band;
  f.resize(static_cast<std::size_t>(band) + 1);
  double sum = f[0];
  for (std::size_t d = 1; d < f.size(); ++d) sum += 2.0 * f[d];
  for (double& v : f) v /= sum;
  return f;
}

std::vector<int> ghost_cells(int n, int padding, bool periodic) {
  std::vector<int> cells;
  cells.reserve(static_cast<std::size_t>(n + 2 * padding));
  const bool wrap = periodic && n > 2;  // two cells share one face: no flux, as the explicit scheme
  for (int p = -padding; p < n + padding; ++p) {
    if (wrap) {
      cells.push_back(((p % n) + n) % n);
    } else {
      const int folded = ((p % (2 * n)) + 2 * n) % (2 * n);  // the mirror images repeat every 2n cells
      cells.push_back(folded < n ? folded : 2 * n - 1 - folded);
    }
  }
  return cells;
}

LayeredPropagator::LayeredPropagator(const std::vector<double>& weight_by_z, const std::vector<double>& face_weight_z,
                                     double D_um2_per_min, double h_um)
    : nz_(static_cast<int>(weight_by_z.size())) {
  if (face_weight_z.size() + 1 != std::max<std::size_t>(weight_by_z.size(), 1))
    throw std::invalid_argument("LayeredPropagator: " + std::to_string(face_weight_z.size()) + " face weights for " +
                                std::to_string(weight_by_z.size()) + " rows: one fewer faces than rows");
  check_line(h_um, D_um2_per_min, 0.0);
  const double c = D_um2_per_min / (h_um * h_um);
  const auto face = [&](int k) { return k >= 0 && k + 1 < nz_ ? face_weight_z[static_cast<std::size_t>(k)] : 0.0; };
  for (int k = 0; k < nz_; ++k) {
    const double w = weight_by_z[static_cast<std::size_t>(k)];
    sqrt_weight_.push_back(w > 0.0 ? std::sqrt(w) : 1.0);
    weight_.push_back(w > 0.0 ? w : 1.0);
  }
  for (int first = 0; first < nz_;) {
    int last = first;
    while (last + 1 < nz_ && face(last) > 0.0) ++last;
    Block b;
    b.first = first;
    b.size = last - first + 1;
    std::vector<double> diagonal(static_cast<std::size_t>(b.size)), off(static_cast<std::size_t>(std::max(b.size - 1, 1)));
    for (int k = first; k <= last; ++k) {
      const double w = weight_by_z[static_cast<std::size_t>(k)];
      diagonal[static_cast<std::size_t>(k - first)] = w > 0.0 ? -c * (face(k - 1) + face(k)) / w : 0.0;
      if (k < last)
        off[static_cast<std::size_t>(k - first)] = c * face(k) / (sqrt_weight_[static_cast<std::size_t>(k)] *
                                                                  sqrt_weight_[static_cast<std::size_t>(k + 1)]);
    }
    b.eigenvectors.assign(static_cast<std::size_t>(b.size) * static_cast<std::size_t>(b.size), 0.0);
    std::vector<double> work(static_cast<std::size_t>(std::max(1, 2 * b.size - 2)));
    int info = 0;
    const char jobz = 'V';
    dstev_(&jobz, &b.size, diagonal.data(), off.data(), b.eigenvectors.data(), &b.size, work.data(), &info, 1);
    if (info != 0) throw std::runtime_error("LayeredPropagator: LAPACK dstev failed, info = " + std::to_string(info));
    b.eigenvalues = std::move(diagonal);
    blocks_.push_back(std::move(b));
    first = last + 1;
  }
}

BandedRows LayeredPropagator::at(double t_min, double drop_below) const {
  check_line(1.0, 0.0, t_min);
  BandedRows rows;
  std::vector<double> scaled, dense;
  for (const Block& b : blocks_) {
    const auto m = static_cast<std::size_t>(b.size);
    // scaled = Q exp(t Lambda); symmetric kernel K = scaled Q^T; E_kj = sqrt(w_k) K_kj / sqrt(w_j).
    scaled.assign(m * m, 0.0);
    for (std::size_t e = 0; e < m; ++e) {
      const double f = std::exp(t_min * b.eigenvalues[e]);
      for (std::size_t r = 0; r < m; ++r) scaled[e * m + r] = b.eigenvectors[e * m + r] * f;
    }
    const auto entry = [&](std::size_t r, std::size_t col) {
      double sum = 0.0;
      for (std::size_t e = 0; e < m; ++e) sum += scaled[e * m + r] * b.eigenvectors[e * m + col];
      return sqrt_weight_[b.first + r] * sum / sqrt_weight_[b.first + col];
    };
    dense.assign(m, 0.0);
    for (std::size_t r = 0; r < m; ++r) {
      // Outwards from the diagonal until the entries fall below the drop level of the largest so
      // far (the kernel decays away from the diagonal): the band, not the whole block.
      std::fill(dense.begin(), dense.end(), 0.0);
      double largest = dense[r] = entry(r, r);
      for (std::size_t col = r; col-- > 0;) {
        dense[col] = entry(r, col);
        largest = std::max(largest, dense[col]);
        if (dense[col] < drop_below * largest) break;
      }
      for (std::size_t col = r + 1; col < m; ++col) {
        dense[col] = entry(r, col);
        largest = std::max(largest, dense[col]);
        if (dense[col] < drop_below * largest) break;
      }
      add_trimmed_row(rows, dense.data(), weight_.data() + b.first, b.size, static_cast<int>(r), b.first, drop_below);
    }
  }
  return rows;
}

}  // namespace skintwin::solver::detail
