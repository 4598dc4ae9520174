#include "skintwin/solver/taxis.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "skintwin/solver/contract.hpp"
#include "skintwin/solver/harmonic_mean.hpp"
#include "skintwin/solver/lanes.hpp"
#include "skintwin/solver/parallel.hpp"

namespace skintwin::solver {
namespace {

using grid::Axis;
using grid::BoundaryKind;
using grid::Face;

constexpr std::array<Axis, 3> kAxes{Axis::X, Axis::Y, Axis::Z};

Face low_face(Axis a) { return static_cast<Face>(2 * static_cast<int>(a)); }
Face high_face(Axis a) { return static_cast<Face>(2 * static_cast<int>(a) + 1); }

// One axis of the grid seen as `outer` blocks of `n` cells along the axis, each cell one of `inner`
// side by side (the cells at stride `inner`): X = (ny nz, nx, 1), Y = (nz, ny, nx), Z = (1, nz, nx ny).
// Cell (o, f, t) is voxel o n inner + f inner + t; the faces of a block are numbered 0 ... n (face f
// below cell f) and stored the same way with n + 1 in place of n. For Y and Z the t loop runs along
// contiguous memory, so every axis is swept with unit-stride inner loops.
struct AxisBlocks {
  std::size_t outer = 1, n = 1, inner = 1;
  std::size_t cell(std::size_t o, std::size_t f) const { return (o * n + f) * inner; }
  std::size_t face(std::size_t o, std::size_t f) const { return (o * (n + 1) + f) * inner; }
  std::size_t faces() const { return outer * (n + 1) * inner; }
};

AxisBlocks blocks_of(const grid::Grid& g, Axis a) {
  const auto nx = static_cast<std::size_t>(g.nx()), ny = static_cast<std::size_t>(g.ny()),
             nz = static_cast<std::size_t>(g.nz());
  switch (a) {
    case Axis::X: return {ny * nz, nx, 1};
    case Axis::Y: return {nz, ny, nx};
    case Axis::Z: return {1, nz, nx * ny};
  }
  return {};
}

// Work items of an axis sweep: every block, its inner cells cut into pieces of at most one grid row
// (so that Z, a single block, still spreads over threads). Item -> (block, first t, count).
struct SweepItem {
  std::size_t o = 0, t0 = 0, count = 0;
};
std::size_t sweep_items(const AxisBlocks& b, std::size_t row) { return b.outer * ((b.inner + row - 1) / row); }
SweepItem sweep_item(const AxisBlocks& b, std::size_t row, std::size_t item) {
  const std::size_t pieces = (b.inner + row - 1) / row;
  const std::size_t t0 = (item % pieces) * row;
  return {item / pieces, t0, std::min(row, b.inner - t0)};
}

// The van Leer slope, 2ab / (a + b) where the one-sided differences agree in sign, else 0: the
// harmonic mean computed either way and one value kept, so the sweeps' loops vectorise.
inline double van_leer_slope(double left_diff, double right_diff) {
  const double harmonic = 2.0 * left_diff * right_diff / (left_diff + right_diff);
  return left_diff * right_diff <= 0.0 ? 0.0 : harmonic;
}

double limited_slope(TaxisLimiter limiter, double left_diff, double right_diff) {
  if (limiter == TaxisLimiter::VanLeer) return van_leer_slope(left_diff, right_diff);
  if (limiter == TaxisLimiter::Upwind || left_diff * right_diff <= 0.0) return 0.0;
  return left_diff > 0.0 ? std::min(left_diff, right_diff) : std::max(left_diff, right_diff);
}

// Flux through an interior face with velocity v from the upstream cell's reconstructed value: the
// cell below (u + slope / 2) when v > 0, the cell above (u - slope / 2) when v < 0. Both candidates
// computed and one kept, so the sweeps' loops vectorise.
inline double upstream_flux(double v, double below, double below_slope, double above, double above_slope) {
  const double from_low = v * (below + 0.5 * below_slope);
  const double from_high = v * (above + -0.5 * above_slope);
  return v > 0.0 ? from_low : (v == 0.0 ? 0.0 : from_high);
}

// All terms of one mover, and the face velocities (um/min) they add up to, per axis, in the face
// layout of AxisBlocks (face f between cells f - 1 and f of a block).
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
  // Whether some mover is also an attractant: then every velocity must be taken before any mover
  // moves. Otherwise, on large grids, one mover's velocities at a time (in `velocities_in_use`,
  // lent to the mover that moves): a third of the memory for three movers.
  bool mover_attracts = false;
  std::array<std::vector<double>, 3> velocities_in_use;
  std::shared_ptr<ScratchPool> scratch;

  Impl(const grid::Grid& g, std::vector<TaxisTerm> t, grid::BoundarySet b, TaxisOptions o, std::shared_ptr<ScratchPool> pool)
      : grid(g), terms(std::move(t)), boundaries(std::move(b)), options(o), scratch(std::move(pool)) {
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
    for (const TaxisTerm& term : terms)
      mover_attracts = mover_attracts || std::any_of(terms.begin(), terms.end(), [&](const TaxisTerm& other) {
                         return other.attractant == term.mover;
                       });
  }

  // Velocities are taken anew at every step: between steps their arrays (three per mover, each
  // the size of the grid) go back to the scratch pool for the other operators.
  void release_velocities() {
    for (auto& v : velocities_in_use) scratch->give(std::exchange(v, {}));
    for (MoverPlan& plan : plans)
      for (auto& v : plan.face_velocity) scratch->give(std::exchange(v, {}));
  }

  // Sub-steps one mover needs for a step of dt_min with its current velocities.
  int substeps_for(const MoverPlan& plan, double dt_min) const {
    // The 1e-6 slack keeps round-off in float attractants from adding a whole sub-step; the
    // positivity bound (0.5) is far above any courant target this can overshoot.
    const double needed = std::ceil(dt_min * max_outflow_rate(plan) / options.courant * (1.0 - 1e-6));
    if (needed > options.max_substeps)
      throw std::runtime_error(fmt::format("taxis: a step of {} min needs {} sub-steps, more than max_substeps = {}",
                                           dt_min, needed, options.max_substeps));
    return std::max(1, static_cast<int>(needed));
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
    if (term.chi_scale && term.chi_scale->size() != grid.voxels())
      throw contract_error(key + ".chi_scale", std::to_string(term.chi_scale->size()) + " values",
                       std::to_string(grid.voxels()) + " values (one per voxel) or none");
    if (term.chi_scale && std::any_of(term.chi_scale->begin(), term.chi_scale->end(),
                                      [](grid::Real s) { return !(s >= 0) || !std::isfinite(s); }))
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
    return term.chi_scale ? static_cast<double>((*term.chi_scale)[voxel]) : 1.0;
  }

  // Adds the velocity of one term to the faces f of one sweep item (every block face, the two end
  // faces by the attractant's boundary condition).
  void add_term_velocity(const TaxisTerm& term, std::span<const grid::Real> c, Axis a, const AxisBlocks& b,
                         const SweepItem& item, double* vel) const {
    const double h = grid.spacing_um(a);
    const std::size_t n = b.n;
    const auto cv = [&](std::size_t voxel) { return static_cast<double>(c[voxel]); };
    const grid::BoundaryCondition& lo = boundaries.get(term.attractant, low_face(a));
    const grid::BoundaryCondition& hi = boundaries.get(term.attractant, high_face(a));
    const std::size_t first = b.cell(item.o, 0) + item.t0, last = b.cell(item.o, n - 1) + item.t0;
    double* v0 = vel + b.face(item.o, 0) + item.t0;
    double* vn = vel + b.face(item.o, n) + item.t0;
    // Interior faces, one expression: along the faces of the line when cells are contiguous (x),
    // across the cells of a grid row otherwise (y, z).
    const auto interior = [&](std::size_t face, std::size_t below, std::size_t above) {
      const double s = harmonic_mean(scale(term, below), scale(term, above));
      vel[face] += chi(term, 0.5 * (cv(below) + cv(above))) * s * (cv(above) - cv(below)) / h;
    };
    if (b.inner == 1) {
      for (std::size_t f = 1; f < n; ++f) interior(b.face(item.o, f), first + f - 1, first + f);
    } else {
      for (std::size_t f = 1; f < n; ++f) {
        const std::size_t below = b.cell(item.o, f - 1) + item.t0, face = b.face(item.o, f) + item.t0;
        for (std::size_t t = 0; t < item.count; ++t) interior(face + t, below + t, below + b.inner + t);
      }
    }
    if (lo.kind == BoundaryKind::Periodic) {
      for (std::size_t t = 0; t < item.count; ++t) {
        const double s = harmonic_mean(scale(term, last + t), scale(term, first + t));
        const double wrap = chi(term, 0.5 * (cv(last + t) + cv(first + t))) * s * (cv(first + t) - cv(last + t)) / h;
        v0[t] += wrap;
        vn[t] += wrap;
      }
      return;
    }
    // Fixed value: the attractant equals the value on the face, half a cell from the centre.
    for (std::size_t t = 0; t < item.count; ++t) {
      if (lo.kind == BoundaryKind::FixedValue)
        v0[t] += chi(term, lo.value) * scale(term, first + t) * (cv(first + t) - lo.value) / (0.5 * h);
      if (hi.kind == BoundaryKind::FixedValue)
        vn[t] += chi(term, hi.value) * scale(term, last + t) * (hi.value - cv(last + t)) / (0.5 * h);
    }
  }

  void compute_velocities(MoverPlan& plan, const grid::FieldSet& fields) const {
    const std::size_t row = static_cast<std::size_t>(grid.nx());
    for (Axis a : kAxes) {
      auto& vel = plan.face_velocity[static_cast<std::size_t>(a)];
      if (!active(a)) {
        vel.clear();
        continue;
      }
      const AxisBlocks b = blocks_of(grid, a);
      if (vel.empty()) vel = scratch->take(b.faces());
      vel.assign(b.faces(), 0.0);
      const bool lo_closed = boundaries.get(plan.mover, low_face(a)).kind == BoundaryKind::NoFlux;
      const bool hi_closed = boundaries.get(plan.mover, high_face(a)).kind == BoundaryKind::NoFlux;
      const auto items = static_cast<std::ptrdiff_t>(sweep_items(b, row));
#pragma omp parallel for schedule(static) if (grid.voxels() >= kParallelMinVoxels)
      for (std::ptrdiff_t i = 0; i < items; ++i) {
        const SweepItem item = sweep_item(b, row, static_cast<std::size_t>(i));
        for (std::size_t t : plan.terms) add_term_velocity(terms[t], fields.field(terms[t].attractant), a, b, item, vel.data());
        for (std::size_t t = 0; t < item.count; ++t) {
          if (lo_closed) vel[b.face(item.o, 0) + item.t0 + t] = 0.0;
          if (hi_closed) vel[b.face(item.o, b.n) + item.t0 + t] = 0.0;
        }
      }
    }
  }

  // Largest sum of outward face speeds over h of any cell: axis by axis (x, y, z) per cell. Cell
  // (i, j, k) has its lower faces at voxel + (j + ny k) along x, voxel + nx k along y and voxel along
  // z (AxisBlocks), its upper ones 1, nx and nx ny further.
  double max_outflow_rate(const MoverPlan& plan) const {
    const int nx = grid.nx(), ny = grid.ny(), nz = grid.nz();
    const auto ux = static_cast<std::size_t>(nx), uy = static_cast<std::size_t>(ny);
    const double hx = grid.spacing_um(Axis::X), hy = grid.spacing_um(Axis::Y), hz = grid.spacing_um(Axis::Z);
    const double* vx = active(Axis::X) ? plan.face_velocity[0].data() : nullptr;
    const double* vy = active(Axis::Y) ? plan.face_velocity[1].data() : nullptr;
    const double* vz = active(Axis::Z) ? plan.face_velocity[2].data() : nullptr;
    // Written once over the number type: one cell (double) or a register's width side by side.
    const auto outflow = [](auto one, const double* v, std::size_t below, std::size_t step, double h) {
      using T = decltype(one);
      const T zero = lane_splat<T>(0.0);
      return (lane_max(lane_load<T>(v + below + step), zero) + lane_max(-lane_load<T>(v + below), zero)) / h;
    };
    const auto rate = [&](auto one, std::size_t voxel, std::size_t j, std::size_t uk) {
      using T = decltype(one);
      T sum = lane_splat<T>(0.0);
      if (vx != nullptr) sum += outflow(one, vx, voxel + j + uy * uk, 1, hx);
      if (vy != nullptr) sum += outflow(one, vy, voxel + ux * uk, ux, hy);
      if (vz != nullptr) sum += outflow(one, vz, voxel, ux * uy, hz);
      return sum;
    };
    double worst = 0.0;
#pragma omp parallel for schedule(static) reduction(max : worst) if (grid.voxels() >= kParallelMinVoxels)
    for (int k = 0; k < nz; ++k) {
      const auto uk = static_cast<std::size_t>(k);
      for (std::size_t j = 0; j < uy; ++j) {
        const std::size_t row = (uk * uy + j) * ux;
        std::size_t i = 0;
        // A maximum is exact, so taking it lane by lane changes nothing but the speed.
#if defined(SKINTWIN_HAVE_LANES)
        using V = RegisterLaneDouble;
        constexpr int width = lane_width<V>;
        V lanes = lane_splat<V>(0.0);
        for (; i + width <= ux; i += width) lanes = lane_max(lanes, rate(V{}, row + i, j, uk));
        for (int l = 0; l < width; ++l) worst = std::max(worst, lanes[l]);
#endif
        for (; i < ux; ++i) worst = std::max(worst, rate(0.0, row + i, j, uk));
      }
    }
    return worst;
  }

  // Limited slope of every cell along axis a (y or z, swept across whole grid rows); 0 next to a
  // wall (first order there), wrapped on a periodic axis. The arithmetic is limited_slope's.
  void compute_slopes(const AxisBlocks& b, bool periodic, const std::vector<double>& u, std::vector<double>& slope) const {
    const std::size_t row = static_cast<std::size_t>(grid.nx());
    const auto items = static_cast<std::ptrdiff_t>(sweep_items(b, row));
    const std::size_t n = b.n, s = b.inner;
#pragma omp parallel for schedule(static) if (grid.voxels() >= kParallelMinVoxels)
    for (std::ptrdiff_t i = 0; i < items; ++i) {
      const SweepItem item = sweep_item(b, row, static_cast<std::size_t>(i));
      for (std::size_t f = 0; f < n; ++f) {
        const std::size_t c0 = b.cell(item.o, f) + item.t0;
        const double* __restrict x = u.data() + c0;
        double* __restrict out = slope.data() + c0;
        const bool end = f == 0 || f + 1 == n;
        if (!end && options.limiter == TaxisLimiter::VanLeer) {
          for (std::size_t t = 0; t < item.count; ++t) out[t] = van_leer_slope(x[t] - x[t - s], x[t + s] - x[t]);
        } else if (!end) {
          for (std::size_t t = 0; t < item.count; ++t) out[t] = limited_slope(options.limiter, x[t] - x[t - s], x[t + s] - x[t]);
        } else if (n == 1 || !periodic) {
          std::fill(out, out + item.count, 0.0);  // a wall, or a single cell with no difference either side
        } else {
          const std::ptrdiff_t wrap = static_cast<std::ptrdiff_t>((n - 1) * s);
          for (std::size_t t = 0; t < item.count; ++t)
            out[t] = f == 0 ? limited_slope(options.limiter, x[t] - x[static_cast<std::ptrdiff_t>(t) + wrap], x[t + s] - x[t])
                            : limited_slope(options.limiter, x[t] - x[t - s], x[static_cast<std::ptrdiff_t>(t) - wrap] - x[t]);
        }
      }
    }
  }

  // Flux (density x um/min) through face f of a line of n cells `stride` apart (x and slope point at
  // its cell 0) from the upstream cell's reconstructed value; at the two end faces the wrapped cell or
  // the boundary value on inflow.
  static double face_flux(const double* x, const double* slope, std::size_t n, std::size_t stride, std::size_t f,
                          double v, bool periodic, const grid::BoundaryCondition& lo, const grid::BoundaryCondition& hi) {
    if (v == 0.0) return 0.0;
    const auto cells = static_cast<std::ptrdiff_t>(n);
    std::ptrdiff_t up = v > 0.0 ? static_cast<std::ptrdiff_t>(f) - 1 : static_cast<std::ptrdiff_t>(f);
    if (up < 0 || up >= cells) {
      if (!periodic) return v * (up < 0 ? lo.value : hi.value);
      up = (up + cells) % cells;
    }
    const std::size_t c = static_cast<std::size_t>(up) * stride;
    return v * (x[c] + (v > 0.0 ? 0.5 : -0.5) * slope[c]);
  }

  // Limited slopes of one contiguous line of n cells (the x axis).
  void line_slopes(const double* __restrict x, double* __restrict out, std::size_t n, bool periodic) const {
    if (options.limiter == TaxisLimiter::VanLeer) {
      for (std::size_t i = 1; i + 1 < n; ++i) out[i] = van_leer_slope(x[i] - x[i - 1], x[i + 1] - x[i]);
    } else {
      for (std::size_t i = 1; i + 1 < n; ++i) out[i] = limited_slope(options.limiter, x[i] - x[i - 1], x[i + 1] - x[i]);
    }
    if (n == 1 || !periodic) {
      out[0] = out[n - 1] = 0.0;  // a wall, or a single cell with no difference either side
    } else {
      out[0] = limited_slope(options.limiter, x[0] - x[n - 1], x[1] - x[0]);
      out[n - 1] = limited_slope(options.limiter, x[n - 1] - x[n - 2], x[0] - x[n - 1]);
    }
  }

  // du += the x divergence of one row: slopes and the n + 1 face fluxes of the contiguous row.
  void add_row_rate(const double* __restrict x, const double* __restrict v, double* __restrict du, std::size_t n, double h,
                    bool periodic, const grid::BoundaryCondition& lo, const grid::BoundaryCondition& hi,
                    double* __restrict slope, double* __restrict flux) const {
    line_slopes(x, slope, n, periodic);
    for (std::size_t f = 1; f < n; ++f) flux[f] = upstream_flux(v[f], x[f - 1], slope[f - 1], x[f], slope[f]);
    flux[0] = face_flux(x, slope, n, 1, 0, v[0], periodic, lo, hi);
    flux[n] = face_flux(x, slope, n, 1, n, v[n], periodic, lo, hi);
    for (std::size_t i = 0; i < n; ++i) du[i] += (flux[i] - flux[i + 1]) / h;
  }

  // du += divergence of the taxis flux of u along axis a (flux in, minus flux out, over h). Along x
  // row by row; along y and z face row by face row across whole grid rows (unit stride), each cell
  // getting (flux below - flux above) / h once both are known.
  void add_axis_rate(const MoverPlan& plan, Axis a, const std::vector<double>& u, std::vector<double>& du,
                     std::vector<double>& slope) const {
    const AxisBlocks b = blocks_of(grid, a);
    const double h = grid.spacing_um(a);
    const auto& vel = plan.face_velocity[static_cast<std::size_t>(a)];
    const grid::BoundaryCondition& lo = boundaries.get(plan.mover, low_face(a));
    const grid::BoundaryCondition& hi = boundaries.get(plan.mover, high_face(a));
    const bool periodic = lo.kind == BoundaryKind::Periodic;
    if (b.inner == 1) {  // x: rows are contiguous lines
      const auto rows = static_cast<std::ptrdiff_t>(b.outer);
      const std::size_t n = b.n;
#pragma omp parallel if (grid.voxels() >= kParallelMinVoxels)
      {
        std::vector<double> line_slope(n), flux(n + 1);
#pragma omp for schedule(static)
        for (std::ptrdiff_t o = 0; o < rows; ++o) {
          const auto r = static_cast<std::size_t>(o);
          add_row_rate(u.data() + r * n, vel.data() + r * (n + 1), du.data() + r * n, n, h, periodic, lo, hi,
                       line_slope.data(), flux.data());
        }
      }
      return;
    }
    compute_slopes(b, periodic, u, slope);
    const std::size_t row = static_cast<std::size_t>(grid.nx());
    const auto items = static_cast<std::ptrdiff_t>(sweep_items(b, row));
    const std::size_t n = b.n, s = b.inner;
#pragma omp parallel if (grid.voxels() >= kParallelMinVoxels)
    {
      std::vector<double> below(row), above(row);  // fluxes through the faces below and above a cell row
#pragma omp for schedule(static)
      for (std::ptrdiff_t i = 0; i < items; ++i) {
        const SweepItem item = sweep_item(b, row, static_cast<std::size_t>(i));
        const double* v0 = vel.data() + b.face(item.o, 0) + item.t0;
        const std::size_t first = b.cell(item.o, 0) + item.t0;
        for (std::size_t t = 0; t < item.count; ++t)
          below[t] = face_flux(u.data() + first + t, slope.data() + first + t, n, s, 0, v0[t], periodic, lo, hi);
        for (std::size_t f = 1; f <= n; ++f) {
          const double* v = vel.data() + b.face(item.o, f) + item.t0;
          const std::size_t low_cell = b.cell(item.o, f - 1) + item.t0;
          if (f < n) {
            const double* __restrict x = u.data() + low_cell;
            const double* __restrict sl = slope.data() + low_cell;
            for (std::size_t t = 0; t < item.count; ++t) above[t] = upstream_flux(v[t], x[t], sl[t], x[t + s], sl[t + s]);
          } else {
            for (std::size_t t = 0; t < item.count; ++t)
              above[t] = face_flux(u.data() + first + t, slope.data() + first + t, n, s, n, v[t], periodic, lo, hi);
          }
          double* __restrict target = du.data() + low_cell;
          const double* __restrict from = below.data();
          const double* __restrict to = above.data();
          for (std::size_t t = 0; t < item.count; ++t) target[t] += (from[t] - to[t]) / h;
          std::swap(below, above);
        }
      }
    }
  }

  void rate(const MoverPlan& plan, const std::vector<double>& u, std::vector<double>& du,
            std::vector<double>& slope) const {
    std::fill(du.begin(), du.end(), 0.0);
    for (Axis a : kAxes)
      if (active(a)) add_axis_rate(plan, a, u, du, slope);
  }

  void advance_mover(const MoverPlan& plan, grid::FieldSet& fields, double dt_sub, int substeps) const {
    auto field = fields.field(plan.mover);
    const auto voxels = static_cast<std::ptrdiff_t>(field.size());
    ScratchArray u_lease(*scratch, field.size()), stage_lease(*scratch, field.size()), du_lease(*scratch, field.size()),
        slope_lease(*scratch, field.size());
    std::vector<double>& u = *u_lease;
    std::vector<double>& stage = *stage_lease;
    std::vector<double>& du = *du_lease;
    std::vector<double>& slope = *slope_lease;
    std::copy(field.begin(), field.end(), u.begin());
    std::fill(stage.begin(), stage.end(), 0.0);
    std::fill(slope.begin(), slope.end(), 0.0);
    const bool threads = field.size() >= kParallelMinVoxels;
    for (int s = 0; s < substeps; ++s) {
      rate(plan, u, du, slope);
      if (options.limiter == TaxisLimiter::Upwind) {
#pragma omp parallel for simd schedule(static) if (threads)
        for (std::ptrdiff_t v = 0; v < voxels; ++v) u[static_cast<std::size_t>(v)] += dt_sub * du[static_cast<std::size_t>(v)];
        continue;
      }
      // SSP-RK2: the average of u and two forward-Euler steps, so positivity carries over.
#pragma omp parallel for simd schedule(static) if (threads)
      for (std::ptrdiff_t v = 0; v < voxels; ++v)
        stage[static_cast<std::size_t>(v)] = u[static_cast<std::size_t>(v)] + dt_sub * du[static_cast<std::size_t>(v)];
      rate(plan, stage, du, slope);
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
                         TaxisOptions options, std::shared_ptr<ScratchPool> scratch)
    : impl_(std::make_unique<Impl>(grid, std::move(terms), std::move(boundaries), options,
                                   scratch ? std::move(scratch) : std::make_shared<ScratchPool>())) {}
TaxisSolver::~TaxisSolver() = default;
TaxisSolver::TaxisSolver(TaxisSolver&&) noexcept = default;
TaxisSolver& TaxisSolver::operator=(TaxisSolver&&) noexcept = default;

const TaxisOptions& TaxisSolver::options() const noexcept { return impl_->options; }

double TaxisSolver::max_outflow_rate_per_min(const grid::FieldSet& fields) const {
  // Velocities are scratch state of the solver; a const query recomputes them in a copy.
  Impl scratch = *impl_;
  double worst = 0.0;
  for (MoverPlan& plan : scratch.plans) {
    scratch.compute_velocities(plan, fields);
    worst = std::max(worst, scratch.max_outflow_rate(plan));
  }
  return worst;
}

int TaxisSolver::step(grid::FieldSet& fields, double dt_min) {
  if (!(dt_min >= 0.0) || !std::isfinite(dt_min))
    throw contract_error("taxis: dt_min", fmt::format("{}", dt_min), "a finite number >= 0");
  if (fields.count() != impl_->boundaries.species_count())
    throw std::invalid_argument("taxis: the fields have " + std::to_string(fields.count()) +
                                " species, the boundary set " + std::to_string(impl_->boundaries.species_count()));
  if (dt_min == 0.0 || impl_->plans.empty()) return 0;
  Impl& m = *impl_;
  const auto movers = static_cast<std::ptrdiff_t>(m.plans.size());
  // Movers are independent within a step (velocities fixed at its start), and each takes the
  // sub-steps its own fastest face needs. Small grids move them side by side, one per thread; large
  // grids one after the other with all threads, and, unless a mover is also an attractant, each with
  // its velocities taken just before it moves, in one buffer lent from mover to mover.
  const bool side_by_side = fields.grid().voxels() < kParallelMinVoxels && movers > 1;
  int most = 0;
  if (!side_by_side && !m.mover_attracts) {
    for (MoverPlan& plan : m.plans) {
      std::swap(plan.face_velocity, m.velocities_in_use);
      m.compute_velocities(plan, fields);
      const int substeps = m.substeps_for(plan, dt_min);
      m.advance_mover(plan, fields, dt_min / substeps, substeps);
      std::swap(plan.face_velocity, m.velocities_in_use);  // and back
      most = std::max(most, substeps);
    }
    m.release_velocities();
    return most;
  }
  std::vector<int> substeps(m.plans.size());
  for (std::size_t i = 0; i < m.plans.size(); ++i) {
    m.compute_velocities(m.plans[i], fields);
    substeps[i] = m.substeps_for(m.plans[i], dt_min);  // may throw: before any thread starts
    most = std::max(most, substeps[i]);
  }
#pragma omp parallel for schedule(dynamic) if (side_by_side)
  for (std::ptrdiff_t i = 0; i < movers; ++i) {
    const auto p = static_cast<std::size_t>(i);
    m.advance_mover(m.plans[p], fields, dt_min / substeps[p], substeps[p]);
  }
  m.release_velocities();
  return most;
}

}  // namespace skintwin::solver
