#include "skintwin/solver/weighted_diffusion.hpp"

#include <algorithm>
#include <limits>
#include <cmath>
#include <stdexcept>

#include "line_propagator.hpp"
#include "skintwin/solver/harmonic_mean.hpp"
#include "skintwin/solver/parallel.hpp"

namespace skintwin::solver {

std::vector<double> harmonic_face_weights(const std::vector<double>& weight_by_z, const std::vector<bool>& blocked) {
  std::vector<double> faces;
  for (std::size_t k = 0; k + 1 < weight_by_z.size(); ++k) {
    const bool closed = k < blocked.size() && blocked[k];
    faces.push_back(closed ? 0.0 : harmonic_mean(weight_by_z[k], weight_by_z[k + 1]));
  }
  return faces;
}

namespace {

// Entries of a propagator row below this fraction of the row's largest are dropped: far below
// what a field stored as float resolves, and they keep each row's band short.
constexpr double kDropBelow = 1e-12;

}  // namespace

// The propagators of one spec for steps of t_min (NaN: none built yet).
struct WeightedDiffusionOperator::Propagators {
  detail::LayeredPropagator vertical;
  double t_min = std::numeric_limits<double>::quiet_NaN();
  detail::BandedRows z;
  std::vector<double> kernel_x, kernel_y;  // K[0 ... band] of each lateral axis
  std::vector<int> ghosts_x, ghosts_y;     // the cell each position of an extended line reads
};

WeightedDiffusionOperator::WeightedDiffusionOperator(const grid::Grid& grid, std::vector<WeightedDiffusionSpec> specs,
                                                     LateralBoundary sides, std::string name,
                                                     WeightedDiffusionOptions options)
    : grid_(grid),
      specs_(std::move(specs)),
      periodic_(sides == LateralBoundary::Periodic),
      name_(std::move(name)),
      options_(options),
      ratio_(grid.voxels() < kParallelMinVoxels ? specs_.size() : 1, std::vector<double>(grid.voxels(), 0.0)),
      last_substeps_(specs_.size(), 0) {
  if (!(options_.stability_fraction > 0.0 && options_.stability_fraction <= 0.5))
    throw std::invalid_argument("WeightedDiffusionOperator: stability_fraction = " +
                                std::to_string(options_.stability_fraction) + ": 0 < fraction <= 0.5");
  const auto nz = static_cast<std::size_t>(grid_.nz());
  auto valid = [](double v) { return v >= 0.0 && std::isfinite(v); };
  for (std::size_t n = 0; n < specs_.size(); ++n) {
    const WeightedDiffusionSpec& s = specs_[n];
    const std::string what = "WeightedDiffusionOperator: spec[" + std::to_string(n) + "].";
    if (!valid(s.D_um2_per_min))
      throw std::invalid_argument(what + "D_um2_per_min = " + std::to_string(s.D_um2_per_min) + ": a finite number >= 0");
    if (s.weight_by_z.size() != nz || s.face_weight_z.size() + 1 != std::max<std::size_t>(nz, 1))
      throw std::invalid_argument(what + "weight_by_z/face_weight_z = " + std::to_string(s.weight_by_z.size()) + "/" +
                                  std::to_string(s.face_weight_z.size()) + " values: nz and nz - 1 (" +
                                  std::to_string(nz) + ")");
    if (!std::all_of(s.weight_by_z.begin(), s.weight_by_z.end(), valid) ||
        !std::all_of(s.face_weight_z.begin(), s.face_weight_z.end(), valid))
      throw std::invalid_argument(what + "weights = a negative or non-finite value: finite weights >= 0");
    for (std::size_t k = 0; k + 1 < nz; ++k)
      if (s.face_weight_z[k] > 0.0 && !(s.weight_by_z[k] > 0.0 && s.weight_by_z[k + 1] > 0.0))
        throw std::invalid_argument(what + "face_weight_z[" + std::to_string(k) + "] = " +
                                    std::to_string(s.face_weight_z[k]) +
                                    ": 0 where a row next to the face has weight 0 (that row does not move)");
    if (options_.scheme == WeightedDiffusionScheme::Exponential)
      propagators_.push_back(std::make_unique<Propagators>(Propagators{
          .vertical = detail::LayeredPropagator(s.weight_by_z, s.face_weight_z, s.D_um2_per_min,
                                                grid_.spacing_um(grid::Axis::Z))}));
  }
}

WeightedDiffusionOperator::~WeightedDiffusionOperator() = default;

double WeightedDiffusionOperator::max_outflow_rate(const WeightedDiffusionSpec& s) const {
  const double hx2 = grid_.spacing_um(grid::Axis::X) * grid_.spacing_um(grid::Axis::X);
  const double hy2 = grid_.spacing_um(grid::Axis::Y) * grid_.spacing_um(grid::Axis::Y);
  const double hz2 = grid_.spacing_um(grid::Axis::Z) * grid_.spacing_um(grid::Axis::Z);
  double worst = 0.0;
  for (int k = 0; k < grid_.nz(); ++k) {
    const double w = s.weight_by_z[static_cast<std::size_t>(k)];
    if (!(w > 0.0)) continue;
    double rate = (grid_.nx() > 1 ? 2.0 / hx2 : 0.0) + (grid_.ny() > 1 ? 2.0 / hy2 : 0.0);
    if (k > 0) rate += s.face_weight_z[static_cast<std::size_t>(k - 1)] / (w * hz2);
    if (k + 1 < grid_.nz()) rate += s.face_weight_z[static_cast<std::size_t>(k)] / (w * hz2);
    worst = std::max(worst, s.D_um2_per_min * rate);
  }
  return worst;
}

// Small grids move their species side by side, one species per thread (each with its own scratch);
// large grids move them one after the other, each with all threads. The same numbers either way.
void WeightedDiffusionOperator::advance(grid::FieldSet& fields, double /*t_min*/, double dt_min) {
  const auto count = static_cast<std::ptrdiff_t>(specs_.size());
  const bool side_by_side = ratio_.size() == specs_.size() && count > 1;
#pragma omp parallel for schedule(dynamic) if (side_by_side)
  for (std::ptrdiff_t n = 0; n < count; ++n) {
    const WeightedDiffusionSpec& s = specs_[static_cast<std::size_t>(n)];
    std::vector<double>& ratio = ratio_[side_by_side ? static_cast<std::size_t>(n) : 0];
    last_substeps_[static_cast<std::size_t>(n)] = 0;
    if (!(s.D_um2_per_min > 0.0)) continue;
    if (options_.scheme == WeightedDiffusionScheme::Exponential) {
      if (dt_min > 0.0) exponential_step(fields, static_cast<std::size_t>(n), dt_min, ratio);
      last_substeps_[static_cast<std::size_t>(n)] = 1;
      continue;
    }
    const int substeps =
        std::max(1, static_cast<int>(std::ceil(dt_min * max_outflow_rate(s) / options_.stability_fraction)));
    for (int i = 0; i < substeps; ++i) substep(fields, s, dt_min / substeps, ratio);
    last_substeps_[static_cast<std::size_t>(n)] = substeps;
  }
}

// Each cell gathers the flows through its own faces, in the order in which a loop over faces in
// grid order (each face once, flow from the lower-index cell a to b: change[a] -= flow,
// change[b] += flow) would add them to it: from below, from the previous y row, from the left,
// then its own right, next-row and lower faces, then the periodic wrap faces. Same sums in the same
// order, so the same numbers, but every cell is written once, by one thread, with no scatter. A flow
// is c (r_a - r_b) with r = u / w, computed on either side by the same product.
void WeightedDiffusionOperator::substep(grid::FieldSet& fields, const WeightedDiffusionSpec& s, double dt_min,
                                        std::vector<double>& ratio_scratch) const {
  auto u = fields.field(s.field);
  const int nx = grid_.nx(), ny = grid_.ny(), nz = grid_.nz();
  const std::size_t sx = 1, sy = static_cast<std::size_t>(nx);
  const std::size_t plane = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
  const double D = s.D_um2_per_min;
  const double hx2 = grid_.spacing_um(grid::Axis::X) * grid_.spacing_um(grid::Axis::X);
  const double hy2 = grid_.spacing_um(grid::Axis::Y) * grid_.spacing_um(grid::Axis::Y);
  const double hz2 = grid_.spacing_um(grid::Axis::Z) * grid_.spacing_um(grid::Axis::Z);
  const bool wrap_x = periodic_ && nx > 2, wrap_y = periodic_ && ny > 2;  // two cells share one face
  const auto vertical = [&](int k) { return k + 1 < nz ? dt_min * D * s.face_weight_z[static_cast<std::size_t>(k)] / hz2 : 0.0; };
  double* ratio = ratio_scratch.data();
  const bool threads = u.size() >= kParallelMinVoxels;
#pragma omp parallel if (threads)
  {
#pragma omp for schedule(static)
    for (int k = 0; k < nz; ++k) {
      const double w = s.weight_by_z[static_cast<std::size_t>(k)];
      const std::size_t base = static_cast<std::size_t>(k) * plane;
      for (std::size_t idx = base; idx < base + plane; ++idx)
        ratio[idx] = w > 0.0 ? static_cast<double>(u[idx]) / w : 0.0;
    }
#pragma omp for schedule(static)
    for (int k = 0; k < nz; ++k) {
      const double w = s.weight_by_z[static_cast<std::size_t>(k)];
      const bool lateral = w > 0.0;
      const bool along_x = lateral && nx > 1, along_y = lateral && ny > 1;
      const double cx = dt_min * D * w / hx2, cy = dt_min * D * w / hy2;
      const double below = k > 0 ? vertical(k - 1) : 0.0, above = vertical(k);
      for (int j = 0; j < ny; ++j) {
        const std::size_t row = static_cast<std::size_t>(k) * plane + static_cast<std::size_t>(j) * sy;
        const bool from_previous_row = along_y && j > 0;
        const bool to_next_row = along_y && (j + 1 < ny || wrap_y);
        const bool from_wrap_row = along_y && wrap_y && j == 0;
        const std::size_t last_row = (static_cast<std::size_t>(ny) - 1) * sy;  // offset of row ny - 1 from row 0
        for (int i = 0; i < nx; ++i) {
          const std::size_t v = row + static_cast<std::size_t>(i);
          const double r = ratio[v];
          double change = 0.0;
          if (below > 0.0) change += below * (ratio[v - plane] - r);
          if (from_previous_row) change += cy * (ratio[v - sy] - r);
          if (along_x && i > 0) change += cx * (ratio[v - sx] - r);
          if (along_x && (i + 1 < nx || wrap_x)) change -= cx * (r - ratio[i + 1 < nx ? v + sx : row]);
          if (to_next_row) change -= cy * (r - ratio[j + 1 < ny ? v + sy : v - last_row]);
          if (above > 0.0) change -= above * (r - ratio[v + plane]);
          if (along_x && wrap_x && i == 0) change += cx * (ratio[row + static_cast<std::size_t>(nx - 1)] - r);
          if (from_wrap_row) change += cy * (ratio[v + last_row] - r);
          if (change != 0.0) u[v] = static_cast<grid::Real>(std::max(0.0, static_cast<double>(u[v]) + change));
        }
      }
    }
  }
}

namespace {

// out[i] = K[0] in[i] + sum_d K[d] (in[i - d stride] + in[i + d stride]) for i < n: the lattice
// heat kernel along a line of cells `stride` apart, `in` pointing at cell 0 of a line extended by
// K.size() - 1 ghost cells on each side. Offset by offset, so the inner loop runs along n
// contiguous values (cells of one row along x; whole rows along y).
void convolve(const std::vector<double>& K, const double* in, double* out, int n, std::size_t stride) {
  for (int i = 0; i < n; ++i) out[i] = K[0] * in[i];
  for (std::size_t d = 1; d < K.size(); ++d) {
    const double c = K[d];
    const double* before = in - d * stride;
    const double* after = in + d * stride;
    for (int i = 0; i < n; ++i) out[i] += c * (before[i] + after[i]);
  }
}

}  // namespace

// exp(dt A) = exp(dt A_z) exp(dt A_y) exp(dt A_x) (the parts commute): the vertical propagator mixes
// whole planes (each plane a weighted sum of a few others, contiguous in memory), then each moving
// plane is convolved along y (whole rows at a time) and along x with the lattice heat kernel.
// Every output is one fixed sum, so any number of threads gives the same bits.
void WeightedDiffusionOperator::exponential_step(grid::FieldSet& fields, std::size_t spec, double dt_min,
                                                 std::vector<double>& scratch) {
  const WeightedDiffusionSpec& s = specs_[spec];
  Propagators& p = *propagators_[spec];
  const int nx = grid_.nx(), ny = grid_.ny(), nz = grid_.nz();
  if (!(p.t_min == dt_min)) {
    p.z = p.vertical.at(dt_min, kDropBelow);
    p.kernel_x = detail::lattice_heat_kernel(grid_.spacing_um(grid::Axis::X), s.D_um2_per_min, dt_min, kDropBelow);
    p.kernel_y = detail::lattice_heat_kernel(grid_.spacing_um(grid::Axis::Y), s.D_um2_per_min, dt_min, kDropBelow);
    p.ghosts_x = detail::ghost_cells(nx, static_cast<int>(p.kernel_x.size()) - 1, periodic_);
    p.ghosts_y = detail::ghost_cells(ny, static_cast<int>(p.kernel_y.size()) - 1, periodic_);
    p.t_min = dt_min;
  }
  auto u = fields.field(s.field);
  const std::size_t plane = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
  const std::size_t row_length = static_cast<std::size_t>(nx);
  const int pad_x = static_cast<int>(p.kernel_x.size()) - 1, pad_y = static_cast<int>(p.kernel_y.size()) - 1;
  double* mixed = scratch.data();
  const bool threads = u.size() >= kParallelMinVoxels;
#pragma omp parallel if (threads)
  {
#pragma omp for schedule(static)
    for (int k = 0; k < nz; ++k) {
      double* out = mixed + static_cast<std::size_t>(k) * plane;
      std::fill(out, out + plane, 0.0);
      const double* v = p.z.values.data() + p.z.offset[static_cast<std::size_t>(k)];
      for (int q = 0; q < p.z.count[static_cast<std::size_t>(k)]; ++q) {
        const grid::Real* in = u.data() + static_cast<std::size_t>(p.z.first[static_cast<std::size_t>(k)] + q) * plane;
        const double c = v[q];
        for (std::size_t idx = 0; idx < plane; ++idx) out[idx] += c * static_cast<double>(in[idx]);
      }
    }
    std::vector<double> rows_in, line(p.ghosts_x.size()), line_out(row_length);
#pragma omp for schedule(static)
    for (int k = 0; k < nz; ++k) {
      double* layer = mixed + static_cast<std::size_t>(k) * plane;
      grid::Real* result = u.data() + static_cast<std::size_t>(k) * plane;
      if (!(s.weight_by_z[static_cast<std::size_t>(k)] > 0.0)) {  // a row that does not move
        for (std::size_t idx = 0; idx < plane; ++idx) result[idx] = static_cast<grid::Real>(std::max(0.0, layer[idx]));
        continue;
      }
      if (ny > 1) {  // along y: whole rows at a time, from a copy of the plane with ghost rows
        rows_in.resize(p.ghosts_y.size() * row_length);
        for (std::size_t r = 0; r < p.ghosts_y.size(); ++r)
          std::copy_n(layer + static_cast<std::size_t>(p.ghosts_y[r]) * row_length, nx,
                      rows_in.begin() + static_cast<std::ptrdiff_t>(r * row_length));
        const double* centre = rows_in.data() + static_cast<std::size_t>(pad_y) * row_length;
        for (int j = 0; j < ny; ++j)
          convolve(p.kernel_y, centre + static_cast<std::size_t>(j) * row_length,
                   layer + static_cast<std::size_t>(j) * row_length, nx, row_length);
      }
      for (int j = 0; j < ny; ++j) {  // along x, written back to the field
        const double* row = layer + static_cast<std::size_t>(j) * row_length;
        for (std::size_t q = 0; q < line.size(); ++q) line[q] = row[p.ghosts_x[q]];
        convolve(p.kernel_x, line.data() + pad_x, line_out.data(), nx, 1);
        grid::Real* target = result + static_cast<std::size_t>(j) * row_length;
        for (int i = 0; i < nx; ++i) target[i] = static_cast<grid::Real>(std::max(0.0, line_out[static_cast<std::size_t>(i)]));
      }
    }
  }
}

}  // namespace skintwin::solver
