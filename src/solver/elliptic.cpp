#include "skintwin/solver/elliptic.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "skintwin/solver/harmonic_mean.hpp"
#include "skintwin/solver/lanes.hpp"
#include "skintwin/solver/parallel.hpp"
#include "skintwin/solver/tridiagonal.hpp"

namespace skintwin::solver {
namespace {

constexpr std::size_t kSumBlockCells = 8192;
constexpr std::size_t kSumLanes = 8;

// The K sums of term(T{}, i) over the cells [begin, end). term is written once over its number type:
// with T = double it does cell i and returns its K shares, with a lane vector it does cells i to
// i + width - 1 at once (lane_load, lane_store) and returns their shares lane by lane. Cell i adds
// into partial sum (i - begin) mod 8 either way, and the eight partials are added in one fixed
// tree at the end: eight independent chains instead of one, so the loop runs as vectors, and the
// same bits with or without them, on every instruction set and for any number of threads.
template <std::size_t K, class Term>
std::array<double, K> block_sums(std::size_t begin, std::size_t end, Term term) {
  static_assert(kSumLanes == 8);
  std::array<std::array<double, kSumLanes>, K> partial{};
  std::size_t i = begin;
#if defined(SKINTWIN_HAVE_LANES)
  // The eight partials in one register (AVX-512) or two (AVX2 and older): the same cells into the
  // same partials either way.
  using V = RegisterLaneDouble;
  constexpr std::size_t width = lane_width<V>;
  constexpr std::size_t vectors = kSumLanes / width;
  static_assert(vectors * width == kSumLanes);
  std::array<std::array<V, vectors>, K> lanes;
  for (auto& per_sum : lanes)
    for (auto& lane : per_sum) lane = lane_splat<V>(0.0);
  for (; i + kSumLanes <= end; i += kSumLanes)
    for (std::size_t v = 0; v < vectors; ++v) {
      const std::array<V, K> share = term(V{}, i + v * width);
      for (std::size_t c = 0; c < K; ++c) lanes[c][v] += share[c];
    }
  for (std::size_t c = 0; c < K; ++c)
    for (std::size_t v = 0; v < vectors; ++v)
      for (std::size_t l = 0; l < width; ++l) partial[c][v * width + l] = lanes[c][v][static_cast<int>(l)];
#endif
  for (std::size_t l = (i - begin) % kSumLanes; i < end; ++i, l = (l + 1) % kSumLanes) {
    const std::array<double, K> share = term(0.0, i);
    for (std::size_t c = 0; c < K; ++c) partial[c][l] += share[c];
  }
  std::array<double, K> total{};
  for (std::size_t c = 0; c < K; ++c) {
    const auto& q = partial[c];
    total[c] = ((q[0] + q[1]) + (q[2] + q[3])) + ((q[4] + q[5]) + (q[6] + q[7]));
  }
  return total;
}

// block_sums over all n cells. Below kParallelMinVoxels cells: one block. Above: fixed blocks of
// kSumBlockCells summed on the threads and added in block order, so the result depends on the grid
// only, never on the number of threads.
template <std::size_t K, class Term>
std::array<double, K> cell_sums(std::size_t n, Term term) {
  if (n < kParallelMinVoxels) return block_sums<K>(0, n, term);
  const std::size_t blocks = (n + kSumBlockCells - 1) / kSumBlockCells;
  std::vector<std::array<double, K>> partial(blocks);
  const auto block_count = static_cast<std::ptrdiff_t>(blocks);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t b = 0; b < block_count; ++b) {
    const std::size_t begin = static_cast<std::size_t>(b) * kSumBlockCells;
    partial[static_cast<std::size_t>(b)] = block_sums<K>(begin, std::min(n, begin + kSumBlockCells), term);
  }
  std::array<double, K> total{};
  for (const auto& sums : partial)
    for (std::size_t c = 0; c < K; ++c) total[c] += sums[c];
  return total;
}

// One cell's share of the Jacobi-scaled residual norm (see scaled_norm): its squared correction
// c = r / diag, and its squared level.
template <class T>
std::array<T, 2> scaled_norm_terms(T c, T x) {
  return {c * c, x * x};
}
double scaled_norm_of(const std::array<double, 2>& sums) { return std::sqrt(sums[0] / std::max(sums[1], 1e-300)); }

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  return cell_sums<1>(a.size(), [&](auto one, std::size_t i) {
    using T = decltype(one);
    return std::array<T, 1>{lane_load<T>(&a[i]) * lane_load<T>(&b[i])};
  })[0];
}

}  // namespace

SteadyReactionDiffusion::SteadyReactionDiffusion(const grid::Grid& grid, std::vector<double> D_by_z,
                                                 LateralSides sides, std::shared_ptr<ScratchPool> scratch)
    : grid_(grid),
      periodic_(sides == LateralSides::Periodic),
      D_z_(std::move(D_by_z)),
      pool_(scratch ? std::move(scratch) : std::make_shared<ScratchPool>()) {
  const std::size_t nz = static_cast<std::size_t>(grid_.nz());
  if (D_z_.size() != nz)
    throw std::invalid_argument("SteadyReactionDiffusion: D_by_z has " + std::to_string(D_z_.size()) +
                                " values, the grid " + std::to_string(nz) + " z rows");
  D_face_z_.assign(nz > 0 ? nz - 1 : 0, 0.0);
  for (std::size_t k = 0; k + 1 < nz; ++k) D_face_z_[k] = harmonic_mean(D_z_[k], D_z_[k + 1]);
  coefficients_.surface_transfer.assign(static_cast<std::size_t>(grid_.nx()) * static_cast<std::size_t>(grid_.ny()),
                                        0.0);
}

// Every work array is written in full before it is read (assemble: rhs, diag, its reciprocal;
// residual: r; CG: p, q), so borrowed arrays need no clearing.
void SteadyReactionDiffusion::allocate_workspace() {
  const std::size_t n = grid_.voxels();
  for (auto* v : {&rhs_, &diag_, &inverse_diag_, &r_, &p_, &q_}) *v = pool_->take(n);
}

void SteadyReactionDiffusion::release_workspace() {
  for (auto* v : {&rhs_, &diag_, &inverse_diag_, &r_, &p_, &q_}) pool_->give(std::exchange(*v, {}));
}

void SteadyReactionDiffusion::assemble(const std::vector<double>& u, const Uptake& uptake) {
  const SteadyCoefficients& c = coefficients_;
  const double hx = grid_.spacing_um(grid::Axis::X), hy = grid_.spacing_um(grid::Axis::Y);
  const double hz = grid_.spacing_um(grid::Axis::Z);
  const bool has_y = !grid_.is_2d();
  const std::size_t plane = static_cast<std::size_t>(grid_.nx()) * static_cast<std::size_t>(grid_.ny());
  plane_terms_.assign(plane, LocalTerms{});
  for (std::size_t k = 0; k < static_cast<std::size_t>(grid_.nz()); ++k) {
    if (c.local) c.local(k * plane, plane, plane_terms_.data());
    const double Dk = D_z_[k];
    for (std::size_t i = 0; i < plane; ++i) {
      const std::size_t idx = k * plane + i;
      // Newton linearisation of the uptake about the current u: quadratic convergence even where
      // uptake dominates, and the diagonal stays positive for a non-decreasing uptake.
      const LocalTerms& local = plane_terms_[i];
      const UptakeTangent t = uptake ? uptake(local.uptake_scale, u[idx]) : UptakeTangent{};
      double sink = local.sink + t.slope;
      double b = local.source - t.intercept;
      if (k == 0) {
        // Robin flux through the top face.
        const double h = c.surface_transfer[idx];
        sink += h / hz;
        b += h * c.surface_value / hz;
      }
      rhs_[idx] = b;
      double d = sink + 2.0 * Dk / (hx * hx) * (grid_.nx() > 1 ? 1.0 : 0.0);
      if (has_y) d += 2.0 * Dk / (hy * hy) * (grid_.ny() > 1 ? 1.0 : 0.0);
      if (k > 0) d += D_face_z_[k - 1] / (hz * hz);
      if (k + 1 < static_cast<std::size_t>(grid_.nz())) d += D_face_z_[k] / (hz * hz);
      diag_[idx] = d;
    }
  }
  if (!periodic_) drop_missing_lateral_neighbours();
  // The preconditioner multiplies by 1 / diag at every CG iteration: one division per cell per
  // assembly instead.
  for (std::size_t idx = 0; idx < grid_.voxels(); ++idx) inverse_diag_[idx] = 1.0 / diag_[idx];
}

void SteadyReactionDiffusion::drop_missing_lateral_neighbours() {
  const double hx = grid_.spacing_um(grid::Axis::X), hy = grid_.spacing_um(grid::Axis::Y);
  const bool has_y = !grid_.is_2d();
  // No-flux sides: the edge cells lose one lateral neighbour each.
  for (int k = 0; k < grid_.nz(); ++k) {
    const double Dk = D_z_[static_cast<std::size_t>(k)];
    if (grid_.nx() > 1) {
      const double off = Dk / (hx * hx);
      for (int j = 0; j < grid_.ny(); ++j) {
        diag_[grid_.index(0, j, k)] -= off;
        diag_[grid_.index(grid_.nx() - 1, j, k)] -= off;
      }
    }
    if (has_y && grid_.ny() > 1) {
      const double off = Dk / (hy * hy);
      for (int i = 0; i < grid_.nx(); ++i) {
        diag_[grid_.index(i, 0, k)] -= off;
        diag_[grid_.index(i, grid_.ny() - 1, k)] -= off;
      }
    }
  }
}

// out = A x, one row of cells at a time, the row's two ends apart so the interior needs no index
// wrap-around. Each cell sums its neighbours in one fixed order (left, right, front, back, above,
// below), so its value does not depend on the loop shape.
void SteadyReactionDiffusion::apply(const std::vector<double>& x, std::vector<double>& out) const {
  const int nx = grid_.nx(), ny = grid_.ny(), nz = grid_.nz();
  const double hx2 = grid_.spacing_um(grid::Axis::X) * grid_.spacing_um(grid::Axis::X);
  const double hy2 = grid_.spacing_um(grid::Axis::Y) * grid_.spacing_um(grid::Axis::Y);
  const double hz2 = grid_.spacing_um(grid::Axis::Z) * grid_.spacing_um(grid::Axis::Z);
  const bool periodic = periodic_;
  const std::size_t sy = static_cast<std::size_t>(nx), plane = sy * static_cast<std::size_t>(ny);
  const double* in = x.data();
  const double* diag = diag_.data();
  double* result = out.data();
#pragma omp parallel for schedule(static) if (grid_.voxels() >= kParallelMinVoxels)
  for (int k = 0; k < nz; ++k) {
    const double cx = D_z_[static_cast<std::size_t>(k)] / hx2;
    const double cy = D_z_[static_cast<std::size_t>(k)] / hy2;
    const bool has_up = k > 0, has_down = k + 1 < nz;
    const double up = has_up ? D_face_z_[static_cast<std::size_t>(k - 1)] / hz2 : 0.0;
    const double down = has_down ? D_face_z_[static_cast<std::size_t>(k)] / hz2 : 0.0;
    for (int j = 0; j < ny; ++j) {
      const std::size_t row = static_cast<std::size_t>(k) * plane + static_cast<std::size_t>(j) * sy;
      const bool has_front = ny > 1 && (periodic || j > 0), has_back = ny > 1 && (periodic || j + 1 < ny);
      const std::size_t front = j > 0 ? row - sy : row + (static_cast<std::size_t>(ny) - 1) * sy;
      const std::size_t back = j + 1 < ny ? row + sy : row - (static_cast<std::size_t>(ny) - 1) * sy;
      // Cell i of the row with its x neighbours at il and ir, written once over the number type:
      // one cell (double), or cells i onwards a register at a time (the same operations in the
      // same order, so the same bits; GCC left the per-cell loop scalar, a tenth of a run).
      const auto cell = [&](auto one, int i, std::size_t il, std::size_t ir, bool has_left, bool has_right) {
        using T = decltype(one);
        const std::size_t idx = row + static_cast<std::size_t>(i);
        T neighbours = lane_splat<T>(0.0);
        if (has_left) neighbours += cx * lane_load<T>(in + il);
        if (has_right) neighbours += cx * lane_load<T>(in + ir);
        if (has_front) neighbours += cy * lane_load<T>(in + front + static_cast<std::size_t>(i));
        if (has_back) neighbours += cy * lane_load<T>(in + back + static_cast<std::size_t>(i));
        if (has_up) neighbours += up * lane_load<T>(in + idx - plane);
        if (has_down) neighbours += down * lane_load<T>(in + idx + plane);
        lane_store(result + idx, lane_load<T>(diag + idx) * lane_load<T>(in + idx) - neighbours);
      };
      if (nx == 1) {
        cell(0.0, 0, row, row, false, false);
        continue;
      }
      cell(0.0, 0, row + static_cast<std::size_t>(nx - 1), row + 1, periodic, true);
      int i = 1;
#if defined(SKINTWIN_HAVE_LANES)
      using V = RegisterLaneDouble;
      for (; i + lane_width<V> < nx; i += lane_width<V>) {
        const std::size_t idx = row + static_cast<std::size_t>(i);
        cell(V{}, i, idx - 1, idx + 1, true, true);
      }
#endif
      for (; i + 1 < nx; ++i) {
        const std::size_t idx = row + static_cast<std::size_t>(i);
        cell(0.0, i, idx - 1, idx + 1, true, true);
      }
      cell(0.0, nx - 1, row + static_cast<std::size_t>(nx - 2), row, true, periodic);
    }
  }
}

double SteadyReactionDiffusion::residual(const std::vector<double>& x, std::vector<double>& r) const {
  apply(x, r);
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = rhs_[i] - r[i];
  return scaled_norm(r, x);
}

// The Jacobi-scaled residual is the size of the correction each voxel still needs (units of u),
// relative to RMS u: independent of the grid spacing, unlike the raw residual, whose floor from
// storing u in float grows as 1/h^2.
double SteadyReactionDiffusion::scaled_norm(const std::vector<double>& r, const std::vector<double>& x) const {
  return scaled_norm_of(
      cell_sums<2>(r.size(), [&](auto one, std::size_t i) {
        using T = decltype(one);
        return scaled_norm_terms(lane_load<T>(&r[i]) * lane_load<T>(&inverse_diag_[i]), lane_load<T>(&x[i]));
      }));
}

// Jacobi-preconditioned CG. The vector updates that read the same data share one loop: the update
// of x and r computes the norm, the preconditioned residual z = r / diag and r.z together (z is
// also the norm's correction), so an iteration makes four passes over the cells (A p, p.q, the
// update, the new direction). z is not stored: the new direction forms it again from r (the same
// product, so the same bits), which saves a vector of the grid's size.
int SteadyReactionDiffusion::conjugate_gradients(std::vector<double>& x, double tolerance, int max_iterations) {
  if (residual(x, r_) <= tolerance) return 0;
  const std::size_t n = x.size();
  double* xs = x.data();
  double* r = r_.data();
  double* p = p_.data();
  double* q = q_.data();
  const double* inverse_diag = inverse_diag_.data();
  double rz = cell_sums<1>(n, [&](auto one, std::size_t i) {
    using T = decltype(one);
    const T ri = lane_load<T>(r + i);
    const T zi = ri * lane_load<T>(inverse_diag + i);
    lane_store(p + i, zi);
    return std::array<T, 1>{ri * zi};
  })[0];
  const auto cells = static_cast<std::ptrdiff_t>(n);
  int it = 0;
  for (; it < max_iterations; ++it) {
    apply(p_, q_);
    const double alpha = rz / dot(p_, q_);
    const auto sums = cell_sums<3>(n, [&](auto one, std::size_t i) {
      using T = decltype(one);
      const T xi = lane_load<T>(xs + i) + alpha * lane_load<T>(p + i);
      const T ri = lane_load<T>(r + i) - alpha * lane_load<T>(q + i);
      const T zi = ri * lane_load<T>(inverse_diag + i);
      lane_store(xs + i, xi);
      lane_store(r + i, ri);
      const std::array<T, 2> norm = scaled_norm_terms(zi, xi);
      return std::array<T, 3>{norm[0], norm[1], ri * zi};
    });
    if (scaled_norm_of({sums[0], sums[1]}) <= tolerance) return it + 1;
    const double beta = sums[2] / rz;
    rz = sums[2];
#pragma omp parallel for simd schedule(static) if (n >= kParallelMinVoxels)
    for (std::ptrdiff_t i = 0; i < cells; ++i) p[i] = r[i] * inverse_diag[i] + beta * p[i];
  }
  return it;
}

void SteadyReactionDiffusion::solve_column(std::vector<double>& x) {
  // One column is tridiagonal: the Thomas algorithm solves it exactly.
  const std::size_t n = x.size();
  const double hz2 = grid_.spacing_um(grid::Axis::Z) * grid_.spacing_um(grid::Axis::Z);
  lower_.assign(n, 0.0);
  upper_.assign(n, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    lower_[k] = k > 0 ? -D_face_z_[k - 1] / hz2 : 0.0;
    upper_[k] = k + 1 < n ? -D_face_z_[k] / hz2 : 0.0;
  }
  solve_tridiagonal(lower_, diag_, upper_, rhs_, x, scratch_);
}

SteadySolveStats SteadyReactionDiffusion::solve(std::vector<double>& u, const Uptake& uptake,
                                                const SteadySolveOptions& options) {
  if (u.size() != grid_.voxels())
    throw std::invalid_argument("SteadyReactionDiffusion::solve: u has " + std::to_string(u.size()) +
                                " values, the grid " + std::to_string(grid_.voxels()) + " voxels");
  allocate_workspace();
  // Released on every way out, exceptions included.
  struct Release {
    SteadyReactionDiffusion* solver;
    ~Release() { solver->release_workspace(); }
  } release{this};
  SteadySolveStats stats;
  for (int pass = 0; pass < options.max_newton; ++pass) {
    assemble(u, uptake);
    stats.relative_residual = residual(u, r_);
    if (stats.relative_residual <= (pass == 0 ? options.skip_tolerance : options.tolerance)) break;
    ++stats.newton_passes;
    if (grid_.nx() * grid_.ny() == 1) {
      solve_column(u);
    } else {
      stats.cg_iterations += conjugate_gradients(u, options.tolerance, options.max_cg);
    }
    if (options.non_negative)
      for (double& value : u) value = std::max(0.0, value);
  }
  return stats;
}

}  // namespace skintwin::solver
