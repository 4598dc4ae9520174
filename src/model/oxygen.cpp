#include "oxygen.hpp"

#include <algorithm>
#include <cmath>

namespace skintwin::model::detail {
namespace {

double harmonic_mean(double a, double b) { return (a + b) > 0.0 ? 2.0 * a * b / (a + b) : 0.0; }

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

}  // namespace

OxygenSolver::OxygenSolver(const grid::Grid& grid, std::vector<LayerRow> rows, std::vector<double> D_by_z_um2_per_min,
                           HealingRates rates)
    : grid_(grid), rows_(std::move(rows)), D_z_(std::move(D_by_z_um2_per_min)), rates_(rates) {
  const std::size_t nz = static_cast<std::size_t>(grid_.nz());
  D_face_z_.assign(nz > 0 ? nz - 1 : 0, 0.0);
  for (std::size_t k = 0; k + 1 < nz; ++k) D_face_z_[k] = harmonic_mean(D_z_[k], D_z_[k + 1]);
  const std::size_t n = grid_.voxels();
  for (auto* v : {&sink_, &rhs_, &diag_, &x_, &r_, &z_, &p_, &q_}) v->assign(n, 0.0);
}

void OxygenSolver::assemble(const grid::FieldSet& fields, const std::vector<double>& O) {
  const auto V = fields.field(index(Species::Vessels));
  const auto F = fields.field(index(Species::Fibroblasts));
  const auto M = fields.field(index(Species::InflammatoryCells));
  const auto Ep = fields.field(index(Species::EpidermalCoverage));
  const HealingRates& r = rates_;
  const double hx = grid_.spacing_um(grid::Axis::X), hy = grid_.spacing_um(grid::Axis::Y);
  const double hz = grid_.spacing_um(grid::Axis::Z);
  const bool has_y = !grid_.is_2d();
  const std::size_t plane = static_cast<std::size_t>(grid_.nx()) * static_cast<std::size_t>(grid_.ny());
  for (std::size_t idx = 0; idx < grid_.voxels(); ++idx) {
    const std::size_t k = idx / plane;
    const LayerRow& row = rows_[k];
    const double ep = row.is_epidermis ? static_cast<double>(Ep[idx]) : 0.0;
    const double consumption = row.q_resident_mmHg_per_min + r.q_F_mmHg_per_min * positive_part(F[idx] - row.F_b) +
                               r.q_M_mmHg_per_min * positive_part(M[idx] - row.M_b) + r.q_K_mmHg_per_min * ep;
    const double supply = r.h_V_per_min * static_cast<double>(V[idx]);
    // Newton linearisation of the Michaelis-Menten uptake q O / (K + O) about the current O:
    // quadratic convergence even where uptake dominates (the epidermis), and the sink stays > 0.
    const double O_old = std::max(0.0, O[idx]);
    const double K_plus_O = r.K_Oq_mmHg + O_old;
    double sink = supply + consumption * r.K_Oq_mmHg / (K_plus_O * K_plus_O);
    double b = supply * r.O_cap_mmHg - consumption * O_old * O_old / (K_plus_O * K_plus_O);
    if (k == 0) {
      // Robin flux through the stratum corneum; an open mouth (coverage < 1) passes much more.
      const double h = r.h_SC_um_per_min * (1.0 + (r.h_open_factor - 1.0) * (1.0 - std::min(1.0, ep)));
      sink += h / hz;
      b += h * r.O_air_mmHg / hz;
    }
    sink_[idx] = sink;
    rhs_[idx] = b;
    const double Dk = D_z_[k];
    double d = sink + 2.0 * Dk / (hx * hx) * (grid_.nx() > 1 ? 1.0 : 0.0);
    if (has_y) d += 2.0 * Dk / (hy * hy) * (grid_.ny() > 1 ? 1.0 : 0.0);
    if (k > 0) d += D_face_z_[k - 1] / (hz * hz);
    if (k + 1 < static_cast<std::size_t>(grid_.nz())) d += D_face_z_[k] / (hz * hz);
    diag_[idx] = d;
  }
  // 2D sides are no-flux: the edge columns lose one lateral neighbour each.
  if (grid_.is_2d() && grid_.nx() > 1) {
    for (int k = 0; k < grid_.nz(); ++k) {
      const double off = D_z_[static_cast<std::size_t>(k)] / (hx * hx);
      diag_[grid_.index(0, 0, k)] -= off;
      diag_[grid_.index(grid_.nx() - 1, 0, k)] -= off;
    }
  }
}

void OxygenSolver::apply(const std::vector<double>& x, std::vector<double>& out) const {
  const int nx = grid_.nx(), ny = grid_.ny(), nz = grid_.nz();
  const double hx2 = grid_.spacing_um(grid::Axis::X) * grid_.spacing_um(grid::Axis::X);
  const double hy2 = grid_.spacing_um(grid::Axis::Y) * grid_.spacing_um(grid::Axis::Y);
  const double hz2 = grid_.spacing_um(grid::Axis::Z) * grid_.spacing_um(grid::Axis::Z);
  const bool periodic = !grid_.is_2d();
  for (int k = 0; k < nz; ++k) {
    const double cx = D_z_[static_cast<std::size_t>(k)] / hx2;
    const double cy = D_z_[static_cast<std::size_t>(k)] / hy2;
    const double up = k > 0 ? D_face_z_[static_cast<std::size_t>(k - 1)] / hz2 : 0.0;
    const double down = k + 1 < nz ? D_face_z_[static_cast<std::size_t>(k)] / hz2 : 0.0;
    for (int j = 0; j < ny; ++j) {
      for (int i = 0; i < nx; ++i) {
        const std::size_t idx = grid_.index(i, j, k);
        double neighbours = 0.0;
        if (nx > 1) {
          const bool has_left = periodic || i > 0, has_right = periodic || i + 1 < nx;
          if (has_left) neighbours += cx * x[grid_.index(i > 0 ? i - 1 : nx - 1, j, k)];
          if (has_right) neighbours += cx * x[grid_.index(i + 1 < nx ? i + 1 : 0, j, k)];
        }
        if (ny > 1) {
          neighbours += cy * x[grid_.index(i, j > 0 ? j - 1 : ny - 1, k)];
          neighbours += cy * x[grid_.index(i, j + 1 < ny ? j + 1 : 0, k)];
        }
        if (k > 0) neighbours += up * x[grid_.index(i, j, k - 1)];
        if (k + 1 < nz) neighbours += down * x[grid_.index(i, j, k + 1)];
        out[idx] = diag_[idx] * x[idx] - neighbours;
      }
    }
  }
}

double OxygenSolver::residual(const std::vector<double>& x, std::vector<double>& r) const {
  apply(x, r);
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = rhs_[i] - r[i];
  return scaled_norm(r, x);
}

// The Jacobi-scaled residual is the size of the correction each voxel still needs (mmHg),
// relative to the RMS oxygen: independent of the grid spacing, unlike the raw residual, whose
// floor from storing O in float grows as 1/h^2.
double OxygenSolver::scaled_norm(const std::vector<double>& r, const std::vector<double>& x) const {
  double correction2 = 0.0, level2 = 0.0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const double c = r[i] / diag_[i];
    correction2 += c * c;
    level2 += x[i] * x[i];
  }
  return std::sqrt(correction2 / std::max(level2, 1e-300));
}

int OxygenSolver::conjugate_gradients(std::vector<double>& x, double tolerance, int max_iterations) {
  if (residual(x, r_) <= tolerance) return 0;
  for (std::size_t i = 0; i < x.size(); ++i) z_[i] = r_[i] / diag_[i];
  p_ = z_;
  double rz = dot(r_, z_);
  int it = 0;
  for (; it < max_iterations; ++it) {
    apply(p_, q_);
    const double alpha = rz / dot(p_, q_);
    for (std::size_t i = 0; i < x.size(); ++i) {
      x[i] += alpha * p_[i];
      r_[i] -= alpha * q_[i];
    }
    if (scaled_norm(r_, x) <= tolerance) return it + 1;
    for (std::size_t i = 0; i < x.size(); ++i) z_[i] = r_[i] / diag_[i];
    const double rz_new = dot(r_, z_);
    const double beta = rz_new / rz;
    rz = rz_new;
    for (std::size_t i = 0; i < x.size(); ++i) p_[i] = z_[i] + beta * p_[i];
  }
  return it;
}

void OxygenSolver::solve_column(std::vector<double>& x) const {
  // One column is tridiagonal: the Thomas algorithm solves it exactly.
  const std::size_t n = x.size();
  const double hz2 = grid_.spacing_um(grid::Axis::Z) * grid_.spacing_um(grid::Axis::Z);
  std::vector<double> c_prime(n, 0.0), d_prime(n, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    const double lower = k > 0 ? -D_face_z_[k - 1] / hz2 : 0.0;
    const double upper = k + 1 < n ? -D_face_z_[k] / hz2 : 0.0;
    const double denominator = diag_[k] - (k > 0 ? lower * c_prime[k - 1] : 0.0);
    c_prime[k] = upper / denominator;
    d_prime[k] = (rhs_[k] - (k > 0 ? lower * d_prime[k - 1] : 0.0)) / denominator;
  }
  for (std::size_t k = n; k-- > 0;) x[k] = d_prime[k] - (k + 1 < n ? c_prime[k] * x[k + 1] : 0.0);
}

OxygenSolveStats OxygenSolver::solve(grid::FieldSet& fields, double tolerance, double skip_tolerance, int max_newton,
                                     int max_cg) {
  OxygenSolveStats stats;
  auto O = fields.field(index(Species::Oxygen));
  for (std::size_t i = 0; i < x_.size(); ++i) x_[i] = static_cast<double>(O[i]);
  for (int pass = 0; pass < max_newton; ++pass) {
    assemble(fields, x_);
    stats.relative_residual = residual(x_, r_);
    if (stats.relative_residual <= (pass == 0 ? skip_tolerance : tolerance)) break;
    ++stats.newton_passes;
    if (grid_.nx() * grid_.ny() == 1) {
      solve_column(x_);
    } else {
      stats.cg_iterations += conjugate_gradients(x_, tolerance, max_cg);
    }
    // The linearised uptake can overshoot below zero in anoxic voxels; O is a tension, >= 0.
    for (double& value : x_) value = std::max(0.0, value);
  }
  // A field within the skip tolerance is left bit-identical (healthy skin stays exactly still).
  if (stats.newton_passes > 0)
    for (std::size_t i = 0; i < x_.size(); ++i) O[i] = static_cast<grid::Real>(x_[i]);
  return stats;
}

}  // namespace skintwin::model::detail
