#include "skintwin/solver/taxis.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "skintwin/solver/contract.hpp"
#include "skintwin/solver/harmonic_mean.hpp"
#include "skintwin/solver/parallel.hpp"

namespace skintwin::solver {
namespace {

using grid::Axis;
using grid::BoundaryKind;
using grid::Face;

constexpr std::array<Axis, 3> kAxes{Axis::X, Axis::Y, Axis::Z};

Face low_face(Axis a) { return static_cast<Face>(2 * static_cast<int>(a)); }
Face high_face(Axis a) { return static_cast<Face>(2 * static_cast<int>(a) + 1); }

std::size_t line_count(const grid::Grid& g, Axis a) { return g.voxels() / static_cast<std::size_t>(g.n(a)); }

// First voxel of line `line` along axis a (lines enumerated in grid order of the other axes).
std::size_t line_start(const grid::Grid& g, Axis a, std::size_t line) {
  const auto nx = static_cast<std::size_t>(g.nx());
  const auto ny = static_cast<std::size_t>(g.ny());
  switch (a) {
    case Axis::X: return line * nx;
    case Axis::Y: return (line / nx) * nx * ny + line % nx;
    case Axis::Z: return line;
  }
  return 0;
}

double limited_slope(TaxisLimiter limiter, double left_diff, double right_diff) {
  if (limiter == TaxisLimiter::Upwind || left_diff * right_diff <= 0.0) return 0.0;
  if (limiter == TaxisLimiter::Minmod)
    return left_diff > 0.0 ? std::min(left_diff, right_diff) : std::max(left_diff, right_diff);
  return 2.0 * left_diff * right_diff / (left_diff + right_diff);
}

// All terms of one mover, and the face velocities (um/min) they add up to, per axis:
// line-major, n + 1 faces per line, face f between cells f - 1 and f.
struct MoverPlan {
  std::size_t mover = 0;
  std::vector<std::size_t> terms;
  std::array<std::vector<double>, 3> face_velocity;
};

}  // namespace

struct TaxisSolver::Impl {
  grid::Grid grid;
  std::vector<TaxisTerm> terms;
  grid::BoundarySet boundaries;
  TaxisOptions options;
  std::vector<MoverPlan> plans;

  Impl(const grid::Grid& g, std::vector<TaxisTerm> t, grid::BoundarySet b, TaxisOptions o)
      : grid(g), terms(std::move(t)), boundaries(std::move(b)), options(o) {
    validate();
    for (std::size_t t_index = 0; t_index < terms.size(); ++t_index) {
      const std::size_t m = terms[t_index].mover;
      auto it = std::find_if(plans.begin(), plans.end(), [m](const MoverPlan& p) { return p.mover == m; });
      if (it == plans.end()) {
        plans.push_back(MoverPlan{m, {}, {}});
        it = plans.end() - 1;
      }
      it->terms.push_back(t_index);
    }
  }

  bool active(Axis a) const { return grid.n(a) > 1; }

  void validate() const {
    if (!(options.courant > 0.0 && options.courant <= 0.5))
      throw contract_error("taxis: courant", fmt::format("{}", options.courant), "0 < courant <= 0.5");
    if (options.max_substeps < 1)
      throw contract_error("taxis: max_substeps", std::to_string(options.max_substeps), "an integer >= 1");
    boundaries.validate();
    const std::size_t species = boundaries.species_count();
    for (std::size_t t = 0; t < terms.size(); ++t) validate_term(t, species);
  }

  void validate_term(std::size_t t, std::size_t species) const {
    const TaxisTerm& term = terms[t];
    const std::string key = "taxis: terms[" + std::to_string(t) + "]";
    if (term.mover >= species || term.attractant >= species || term.mover == term.attractant)
      throw contract_error(key + ".mover/attractant", fmt::format("{}/{}", term.mover, term.attractant),
                       fmt::format("two different species indices below {}", species));
    if (!std::isfinite(term.chi_um2_per_min_per_unit))
      throw contract_error(key + ".chi_um2_per_min_per_unit", fmt::format("{}", term.chi_um2_per_min_per_unit),
                       "a finite number");
    if (!(term.half_saturation >= 0.0))
      throw contract_error(key + ".half_saturation", fmt::format("{}", term.half_saturation), ">= 0");
    if (!term.chi_scale.empty() && term.chi_scale.size() != grid.voxels())
      throw contract_error(key + ".chi_scale", std::to_string(term.chi_scale.size()) + " values",
                       std::to_string(grid.voxels()) + " values (one per voxel) or none");
    if (std::any_of(term.chi_scale.begin(), term.chi_scale.end(), [](grid::Real s) { return !(s >= 0) || !std::isfinite(s); }))
      throw contract_error(key + ".chi_scale", "a negative, infinite or NaN entry", "finite values >= 0");
    for (Axis a : kAxes) {
      const bool pm = boundaries.get(term.mover, low_face(a)).kind == BoundaryKind::Periodic;
      const bool pc = boundaries.get(term.attractant, low_face(a)).kind == BoundaryKind::Periodic;
      if (pm != pc)
        throw contract_error(key + ".boundaries", "periodic for only one of mover and attractant on an axis",
                         "periodic for both or for neither");
    }
  }

  double chi(const TaxisTerm& term, double c_face) const {
    if (term.half_saturation <= 0.0) return term.chi_um2_per_min_per_unit;
    return term.chi_um2_per_min_per_unit * term.half_saturation / (term.half_saturation + std::max(c_face, 0.0));
  }

  double scale(const TaxisTerm& term, std::size_t voxel) const {
    return term.chi_scale.empty() ? 1.0 : static_cast<double>(term.chi_scale[voxel]);
  }

  // Adds the velocity of one term on the n + 1 faces of one line.
  void add_term_velocity(const TaxisTerm& term, std::span<const grid::Real> c, Axis a, std::size_t start,
                         double* v) const {
    const int n = grid.n(a);
    const std::size_t stride = grid.stride(a);
    const double h = grid.spacing_um(a);
    const auto at = [&](int cell) { return start + static_cast<std::size_t>(cell) * stride; };
    const auto cv = [&](int cell) { return static_cast<double>(c[at(cell)]); };
    for (int f = 1; f < n; ++f) {
      const double s = harmonic_mean(scale(term, at(f - 1)), scale(term, at(f)));
      v[f] += chi(term, 0.5 * (cv(f - 1) + cv(f))) * s * (cv(f) - cv(f - 1)) / h;
    }
    const grid::BoundaryCondition& lo = boundaries.get(term.attractant, low_face(a));
    const grid::BoundaryCondition& hi = boundaries.get(term.attractant, high_face(a));
    if (lo.kind == BoundaryKind::Periodic) {
      const double s = harmonic_mean(scale(term, at(n - 1)), scale(term, at(0)));
      const double wrap = chi(term, 0.5 * (cv(n - 1) + cv(0))) * s * (cv(0) - cv(n - 1)) / h;
      v[0] += wrap;
      v[n] += wrap;
      return;
    }
    // Fixed value: the attractant equals the value on the face, half a cell from the centre.
    if (lo.kind == BoundaryKind::FixedValue) v[0] += chi(term, lo.value) * scale(term, at(0)) * (cv(0) - lo.value) / (0.5 * h);
    if (hi.kind == BoundaryKind::FixedValue)
      v[n] += chi(term, hi.value) * scale(term, at(n - 1)) * (hi.value - cv(n - 1)) / (0.5 * h);
  }

  void compute_velocities(const grid::FieldSet& fields) {
    for (MoverPlan& plan : plans) {
      for (Axis a : kAxes) {
        auto& vel = plan.face_velocity[static_cast<std::size_t>(a)];
        if (!active(a)) {
          vel.clear();
          continue;
        }
        const auto faces = static_cast<std::size_t>(grid.n(a) + 1);
        const std::size_t lines = line_count(grid, a);
        vel.assign(lines * faces, 0.0);
        const bool lo_closed = boundaries.get(plan.mover, low_face(a)).kind == BoundaryKind::NoFlux;
        const bool hi_closed = boundaries.get(plan.mover, high_face(a)).kind == BoundaryKind::NoFlux;
        const auto line_total = static_cast<std::ptrdiff_t>(lines);
        const bool threads = grid.voxels() >= kParallelMinVoxels;
#pragma omp parallel for schedule(static) if (threads)
        for (std::ptrdiff_t line = 0; line < line_total; ++line) {
          double* v = vel.data() + static_cast<std::size_t>(line) * faces;
          const std::size_t start = line_start(grid, a, static_cast<std::size_t>(line));
          for (std::size_t t : plan.terms) add_term_velocity(terms[t], fields.field(terms[t].attractant), a, start, v);
          if (lo_closed) v[0] = 0.0;
          if (hi_closed) v[faces - 1] = 0.0;
        }
      }
    }
  }

  // Largest sum of outward face speeds over h of any cell: axis by axis (x, y, z) per cell, read
  // straight from each axis's line-major velocities (no per-cell scratch array).
  double max_outflow_rate() const {
    const int nx = grid.nx(), ny = grid.ny(), nz = grid.nz();
    const double hx = grid.spacing_um(Axis::X), hy = grid.spacing_um(Axis::Y), hz = grid.spacing_um(Axis::Z);
    const auto ux = static_cast<std::size_t>(nx), uy = static_cast<std::size_t>(ny), uz = static_cast<std::size_t>(nz);
    const auto outflow = [](const double* v, std::size_t cell, double h) {
      return (std::max(v[cell + 1], 0.0) + std::max(-v[cell], 0.0)) / h;
    };
    double worst = 0.0;
    for (const MoverPlan& plan : plans) {
      const double* vx = active(Axis::X) ? plan.face_velocity[0].data() : nullptr;
      const double* vy = active(Axis::Y) ? plan.face_velocity[1].data() : nullptr;
      const double* vz = active(Axis::Z) ? plan.face_velocity[2].data() : nullptr;
#pragma omp parallel for schedule(static) reduction(max : worst) if (grid.voxels() >= kParallelMinVoxels)
      for (int k = 0; k < nz; ++k) {
        const auto uk = static_cast<std::size_t>(k);
        for (std::size_t j = 0; j < uy; ++j) {
          for (std::size_t i = 0; i < ux; ++i) {
            double rate = 0.0;
            if (vx != nullptr) rate += outflow(vx + (uk * uy + j) * (ux + 1), i, hx);
            if (vy != nullptr) rate += outflow(vy + (uk * ux + i) * (uy + 1), j, hy);
            if (vz != nullptr) rate += outflow(vz + (j * ux + i) * (uz + 1), uk, hz);
            worst = std::max(worst, rate);
          }
        }
      }
    }
    return worst;
  }

  // du += divergence of the taxis flux of u along axis a (flux in, minus flux out, over h).
  void add_axis_rate(const MoverPlan& plan, Axis a, const std::vector<double>& u, std::vector<double>& du) const {
    const int n = grid.n(a);
    const double h = grid.spacing_um(a);
    const std::size_t stride = grid.stride(a);
    const auto faces = static_cast<std::size_t>(n + 1);
    const auto& vel = plan.face_velocity[static_cast<std::size_t>(a)];
    const grid::BoundaryCondition& lo = boundaries.get(plan.mover, low_face(a));
    const grid::BoundaryCondition& hi = boundaries.get(plan.mover, high_face(a));
    const bool periodic = lo.kind == BoundaryKind::Periodic;
    const auto line_total = static_cast<std::ptrdiff_t>(line_count(grid, a));
    const bool threads = grid.voxels() >= kParallelMinVoxels;
#pragma omp parallel if (threads)
    {
      std::vector<double> w(static_cast<std::size_t>(n)), slope(static_cast<std::size_t>(n)), flux(faces);
#pragma omp for schedule(static)
      for (std::ptrdiff_t line = 0; line < line_total; ++line) {
        const std::size_t start = line_start(grid, a, static_cast<std::size_t>(line));
        const double* v = vel.data() + static_cast<std::size_t>(line) * faces;
        for (int i = 0; i < n; ++i) w[static_cast<std::size_t>(i)] = u[start + static_cast<std::size_t>(i) * stride];
        compute_slopes(w, periodic, slope);
        line_fluxes(w, slope, v, periodic, lo, hi, flux);
        for (int i = 0; i < n; ++i) {
          const auto ui = static_cast<std::size_t>(i);
          du[start + ui * stride] += (flux[ui] - flux[ui + 1]) / h;
        }
      }
    }
  }

  // Limited slope of every cell of a line; 0 next to a wall (first order there). The interior
  // loop has no branches and no index wrap-around (the ends are done apart); the arithmetic is
  // limited_slope's, so the numbers are the same.
  void compute_slopes(const std::vector<double>& w, bool periodic, std::vector<double>& slope) const {
    const int n = static_cast<int>(w.size());
    const double* x = w.data();
    double* out = slope.data();
    switch (options.limiter) {
      case TaxisLimiter::Upwind:
        std::fill(slope.begin(), slope.end(), 0.0);
        return;
      case TaxisLimiter::Minmod:
        for (int i = 1; i + 1 < n; ++i) out[i] = limited_slope(TaxisLimiter::Minmod, x[i] - x[i - 1], x[i + 1] - x[i]);
        break;
      case TaxisLimiter::VanLeer:
        for (int i = 1; i + 1 < n; ++i) {
          const double left = x[i] - x[i - 1], right = x[i + 1] - x[i];
          const double harmonic = 2.0 * left * right / (left + right);
          out[i] = left * right <= 0.0 ? 0.0 : harmonic;
        }
        break;
    }
    if (n == 1) {
      out[0] = 0.0;  // a single cell has no difference on either side, periodic or not
    } else if (!periodic) {
      out[0] = out[n - 1] = 0.0;
    } else {
      out[0] = limited_slope(options.limiter, x[0] - x[n - 1], x[1] - x[0]);
      out[n - 1] = limited_slope(options.limiter, x[n - 1] - x[n - 2], x[0] - x[n - 1]);
    }
  }

  // Fluxes through the n + 1 faces of a line. Interior faces take the upstream cell's
  // reconstructed value (both candidates computed, one kept: no branch per face); the two end
  // faces go through face_flux for the wrap-around or the boundary value.
  void line_fluxes(const std::vector<double>& w, const std::vector<double>& slope, const double* v, bool periodic,
                   const grid::BoundaryCondition& lo, const grid::BoundaryCondition& hi, std::vector<double>& flux) const {
    const int n = static_cast<int>(w.size());
    const double* x = w.data();
    const double* s = slope.data();
    double* out = flux.data();
    for (int f = 1; f < n; ++f) {
      const double from_low = v[f] * (x[f - 1] + 0.5 * s[f - 1]);
      const double from_high = v[f] * (x[f] + -0.5 * s[f]);
      out[f] = v[f] > 0.0 ? from_low : (v[f] == 0.0 ? 0.0 : from_high);
    }
    out[0] = face_flux(w, slope, v[0], 0, periodic, lo, hi);
    out[n] = face_flux(w, slope, v[n], n, periodic, lo, hi);
  }

  // Flux (density x um/min) through face f of a line, from the upstream cell's reconstructed
  // value, or the boundary value on inflow through a fixed-value face.
  static double face_flux(const std::vector<double>& w, const std::vector<double>& slope, double v, int f, bool periodic,
                          const grid::BoundaryCondition& lo, const grid::BoundaryCondition& hi) {
    if (v == 0.0) return 0.0;
    const int n = static_cast<int>(w.size());
    int up = v > 0.0 ? f - 1 : f;
    if (up < 0 || up >= n) {
      if (!periodic) return v * (up < 0 ? lo.value : hi.value);
      up = (up + n) % n;
    }
    const auto c = static_cast<std::size_t>(up);
    return v * (w[c] + (v > 0.0 ? 0.5 : -0.5) * slope[c]);
  }

  void rate(const MoverPlan& plan, const std::vector<double>& u, std::vector<double>& du) const {
    std::fill(du.begin(), du.end(), 0.0);
    for (Axis a : kAxes)
      if (active(a)) add_axis_rate(plan, a, u, du);
  }

  void advance_mover(const MoverPlan& plan, grid::FieldSet& fields, double dt_sub, int substeps) const {
    auto field = fields.field(plan.mover);
    const auto voxels = static_cast<std::ptrdiff_t>(field.size());
    std::vector<double> u(field.begin(), field.end()), stage(field.size()), du(field.size());
    const bool threads = field.size() >= kParallelMinVoxels;
    for (int s = 0; s < substeps; ++s) {
      rate(plan, u, du);
      if (options.limiter == TaxisLimiter::Upwind) {
#pragma omp parallel for simd schedule(static) if (threads)
        for (std::ptrdiff_t v = 0; v < voxels; ++v) u[static_cast<std::size_t>(v)] += dt_sub * du[static_cast<std::size_t>(v)];
        continue;
      }
      // SSP-RK2: the average of u and two forward-Euler steps, so positivity carries over.
#pragma omp parallel for simd schedule(static) if (threads)
      for (std::ptrdiff_t v = 0; v < voxels; ++v)
        stage[static_cast<std::size_t>(v)] = u[static_cast<std::size_t>(v)] + dt_sub * du[static_cast<std::size_t>(v)];
      rate(plan, stage, du);
#pragma omp parallel for simd schedule(static) if (threads)
      for (std::ptrdiff_t v = 0; v < voxels; ++v) {
        const auto x = static_cast<std::size_t>(v);
        u[x] = 0.5 * u[x] + 0.5 * (stage[x] + dt_sub * du[x]);
      }
    }
    std::transform(u.begin(), u.end(), field.begin(), [](double x) { return static_cast<grid::Real>(x); });
  }
};

TaxisSolver::TaxisSolver(const grid::Grid& grid, std::vector<TaxisTerm> terms, grid::BoundarySet boundaries,
                         TaxisOptions options)
    : impl_(std::make_unique<Impl>(grid, std::move(terms), std::move(boundaries), options)) {}
TaxisSolver::~TaxisSolver() = default;
TaxisSolver::TaxisSolver(TaxisSolver&&) noexcept = default;
TaxisSolver& TaxisSolver::operator=(TaxisSolver&&) noexcept = default;

const TaxisOptions& TaxisSolver::options() const noexcept { return impl_->options; }

double TaxisSolver::max_outflow_rate_per_min(const grid::FieldSet& fields) const {
  // Velocities are scratch state of the solver; a const query recomputes them in a copy.
  Impl scratch = *impl_;
  scratch.compute_velocities(fields);
  return scratch.max_outflow_rate();
}

int TaxisSolver::step(grid::FieldSet& fields, double dt_min) {
  if (!(dt_min >= 0.0) || !std::isfinite(dt_min))
    throw contract_error("taxis: dt_min", fmt::format("{}", dt_min), "a finite number >= 0");
  if (fields.count() != impl_->boundaries.species_count())
    throw std::invalid_argument("taxis: the fields have " + std::to_string(fields.count()) +
                                " species, the boundary set " + std::to_string(impl_->boundaries.species_count()));
  if (dt_min == 0.0 || impl_->plans.empty()) return 0;
  impl_->compute_velocities(fields);
  // The 1e-6 slack keeps round-off in float attractants from adding a whole sub-step; the
  // positivity bound (0.5) is far above any courant target this can overshoot.
  const double needed = std::ceil(dt_min * impl_->max_outflow_rate() / impl_->options.courant * (1.0 - 1e-6));
  if (needed > impl_->options.max_substeps)
    throw std::runtime_error(fmt::format("taxis: a step of {} min needs {} sub-steps, more than max_substeps = {}",
                                         dt_min, needed, impl_->options.max_substeps));
  const int substeps = std::max(1, static_cast<int>(needed));
  // Movers are independent within a step (velocities fixed at its start): on small grids they move
  // side by side, one per thread; on large grids one after the other, each with all threads.
  const auto movers = static_cast<std::ptrdiff_t>(impl_->plans.size());
  const bool side_by_side = fields.grid().voxels() < kParallelMinVoxels && movers > 1;
#pragma omp parallel for schedule(dynamic) if (side_by_side)
  for (std::ptrdiff_t m = 0; m < movers; ++m)
    impl_->advance_mover(impl_->plans[static_cast<std::size_t>(m)], fields, dt_min / substeps, substeps);
  return substeps;
}

}  // namespace skintwin::solver
