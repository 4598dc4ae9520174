#include "skintwin/solver/diffusion.hpp"
#include "skintwin/solver/parallel.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "diffusion_line.hpp"
#include "skintwin/core/error.hpp"

namespace skintwin::solver {
namespace {

using grid::Axis;
using grid::BoundaryKind;
using grid::Face;
using grid::Real;

constexpr std::array<Axis, 3> kAxes{Axis::X, Axis::Y, Axis::Z};
// x lines are solved this many at a time through a small transposed buffer, so that the
// Thomas recurrences run across contiguous lanes (SIMD) instead of along one row.
constexpr std::size_t kRowBatch = 32;
// z sweeps take x-rows in chunks of at most this many lanes, so that a chunk's column stays
// in cache between the forward and the back sweep and 2D grids still split across threads.
constexpr std::size_t kLaneChunk = 256;

std::size_t axis_index(Axis a) { return static_cast<std::size_t>(a); }
Face low_face(Axis a) { return static_cast<Face>(2 * axis_index(a)); }
Face high_face(Axis a) { return static_cast<Face>(2 * axis_index(a) + 1); }

detail::LineBoundary line_boundary(const grid::BoundaryCondition& bc) { return {bc.kind, bc.value}; }

// Harmonic mean of two cell multipliers: the face conductance of two cells in series.
double harmonic(double a, double b) { return a + b > 0.0 ? 2.0 * a * b / (a + b) : 0.0; }

std::string species_key(std::size_t s, const char* member) {
  return "diffusion.species[" + std::to_string(s) + "]." + member;
}

void check_rate(double v, std::size_t s, const char* member) {
  if (!(v >= 0.0) || !std::isfinite(v)) throw InputError(species_key(s, member), std::to_string(v), "a finite number >= 0");
}

struct SpeciesPlan {
  bool active = false;
  bool variable_D = false;
  std::array<bool, 3> axis_active{};
  int first_axis = -1;  // the sweep that also applies the implicit decay factor; -1: pointwise
  std::array<detail::LineFactors, 3> factors;  // uniform D only, for the cached dt
};

struct ThreadScratch {
  std::vector<Real> batch;
  std::vector<double> work;
  std::vector<double> face_w;
  detail::LineFactors line;
};

template <class V>
void ensure_size(V& v, std::size_t n) {
  if (v.size() < n) v.resize(n);
}

}  // namespace

struct DiffusionSolver::Impl {
  grid::Grid grid;
  std::vector<DiffusionSpec> species;
  grid::BoundarySet boundaries;
  std::vector<SpeciesPlan> plans;
  double factor_dt_min = std::numeric_limits<double>::quiet_NaN();
  std::vector<ThreadScratch> scratch;

  Impl(const grid::Grid& g, std::vector<DiffusionSpec> s, grid::BoundarySet b)
      : grid(g), species(std::move(s)), boundaries(std::move(b)) {
    validate();
    plan();
  }

  void validate() const {
    if (boundaries.species_count() != species.size())
      throw InputError("diffusion.boundaries", std::to_string(boundaries.species_count()) + " species",
                       "one boundary set per diffusing species (" + std::to_string(species.size()) + ")");
    boundaries.validate();
    for (std::size_t s = 0; s < species.size(); ++s) {
      check_rate(species[s].D_um2_per_min, s, "D_um2_per_min");
      check_rate(species[s].decay_per_min, s, "decay_per_min");
      const auto& scale = species[s].D_scale;
      if (!scale.empty() && scale.size() != grid.voxels())
        throw InputError(species_key(s, "D_scale"), std::to_string(scale.size()) + " values",
                         "empty or one value per voxel (" + std::to_string(grid.voxels()) + ")");
      for (const Real v : scale)
        if (!(v >= 0) || !std::isfinite(v))
          throw InputError(species_key(s, "D_scale"), std::to_string(v), "finite multipliers >= 0");
    }
  }

  bool axis_moves(std::size_t s, Axis a) const {
    if (species[s].D_um2_per_min == 0.0) return false;
    if (grid.is_2d() && a == Axis::Y) return false;
    if (grid.n(a) > 1) return true;
    // A single cell still exchanges with a fixed-value face.
    return boundaries.get(s, low_face(a)).kind == BoundaryKind::FixedValue ||
           boundaries.get(s, high_face(a)).kind == BoundaryKind::FixedValue;
  }

  void plan() {
    plans.resize(species.size());
    for (std::size_t s = 0; s < species.size(); ++s) {
      auto& p = plans[s];
      p.active = species[s].D_um2_per_min > 0.0 || species[s].decay_per_min > 0.0;
      p.variable_D = !species[s].D_scale.empty();
      for (const Axis a : kAxes) {
        p.axis_active[axis_index(a)] = axis_moves(s, a);
        if (p.first_axis < 0 && p.axis_active[axis_index(a)]) p.first_axis = static_cast<int>(axis_index(a));
      }
    }
  }

  // Fills face weights (dt D_face / h^2) for one line; `scale` gives the per-voxel multiplier
  // of cell i (nullptr: uniform).
  void line_weights(std::size_t s, Axis a, double dt_min, const Real* scale, std::size_t stride,
                    std::vector<double>& w) const {
    const auto n = static_cast<std::size_t>(grid.n(a));
    const double h = grid.spacing_um(a);
    const double c = dt_min * species[s].D_um2_per_min / (h * h);
    w.resize(n + 1);
    auto cell = [&](std::size_t i) { return scale != nullptr ? static_cast<double>(scale[i * stride]) : 1.0; };
    for (std::size_t i = 1; i < n; ++i) w[i] = c * harmonic(cell(i - 1), cell(i));
    const auto lo = boundaries.get(s, low_face(a)).kind;
    const auto hi = boundaries.get(s, high_face(a)).kind;
    if (lo == BoundaryKind::Periodic) {
      w[0] = w[n] = c * harmonic(cell(n - 1), cell(0));
    } else {
      // The face value sits half a cell from the first centre: twice the interior weight.
      w[0] = lo == BoundaryKind::FixedValue ? 2.0 * c * cell(0) : 0.0;
      w[n] = hi == BoundaryKind::FixedValue ? 2.0 * c * cell(n - 1) : 0.0;
    }
  }

  void factorise_line(std::size_t s, Axis a, const std::vector<double>& w, detail::LineFactors& out) const {
    detail::factorise(w, line_boundary(boundaries.get(s, low_face(a))), line_boundary(boundaries.get(s, high_face(a))),
                      out);
  }

  void refactorise(double dt_min) {
    std::vector<double> w;
    for (std::size_t s = 0; s < species.size(); ++s) {
      auto& p = plans[s];
      if (!p.active || p.variable_D) continue;
      for (const Axis a : kAxes) {
        if (!p.axis_active[axis_index(a)]) continue;
        line_weights(s, a, dt_min, nullptr, 0, w);
        factorise_line(s, a, w, p.factors[axis_index(a)]);
      }
    }
    factor_dt_min = dt_min;
  }

  void prepare_scratch() {
    const auto threads = static_cast<std::size_t>(std::max(1, omp_get_max_threads()));
    if (scratch.size() < threads) scratch.resize(threads);
  }

  ThreadScratch& my_scratch() { return scratch[static_cast<std::size_t>(omp_get_thread_num())]; }

  // x sweep of `rows` consecutive x-rows starting at `first`.
  void sweep_x_rows(const detail::LineFactors& f, Real* first, std::size_t rows, double rhs_scale, ThreadScratch& t) const {
    const auto nx = static_cast<std::size_t>(grid.nx());
    ensure_size(t.batch, kRowBatch * nx);
    ensure_size(t.work, detail::work_size(f.n, kRowBatch));
    for (std::size_t r0 = 0; r0 < rows; r0 += kRowBatch) {
      const std::size_t b = std::min(kRowBatch, rows - r0);
      Real* rows_base = first + r0 * nx;
      for (std::size_t l = 0; l < b; ++l)
        for (std::size_t i = 0; i < nx; ++i) t.batch[i * b + l] = rows_base[l * nx + i];
      detail::solve_lines(f, t.batch.data(), b, b, rhs_scale, t.work.data());
      for (std::size_t l = 0; l < b; ++l)
        for (std::size_t i = 0; i < nx; ++i) rows_base[l * nx + i] = t.batch[i * b + l];
    }
  }

  double axis_scale(const SpeciesPlan& p, Axis a, double decay_scale) const {
    return p.first_axis == static_cast<int>(axis_index(a)) ? decay_scale : 1.0;
  }

  // Uniform D: precomputed factors; x and y sweeps plane by plane (the plane stays in cache),
  // then z sweeps over x-row chunks. Must be called inside a parallel region.
  void step_uniform(const SpeciesPlan& p, Real* u, double decay_scale) {
    const auto nx = static_cast<std::size_t>(grid.nx());
    const auto ny = static_cast<std::size_t>(grid.ny());
    const auto nz = static_cast<std::size_t>(grid.nz());
    const bool x_on = p.axis_active[0], y_on = p.axis_active[1], z_on = p.axis_active[2];
    if (x_on || y_on) {
      // In 3D a block is one z-plane; in 2D (ny = 1) a block is kRowBatch rows.
      const std::size_t rows_per_block = grid.is_2d() ? kRowBatch : ny;
      const std::size_t rows = ny * nz;
      const std::size_t blocks = (rows + rows_per_block - 1) / rows_per_block;
#pragma omp for schedule(static)
      for (std::size_t blk = 0; blk < blocks; ++blk) {
        ThreadScratch& t = my_scratch();
        const std::size_t r0 = blk * rows_per_block;
        const std::size_t nrows = std::min(rows_per_block, rows - r0);
        Real* block = u + r0 * nx;
        if (x_on) sweep_x_rows(p.factors[0], block, nrows, axis_scale(p, Axis::X, decay_scale), t);
        if (y_on) {
          ensure_size(t.work, detail::work_size(p.factors[1].n, nx));
          detail::solve_lines(p.factors[1], block, nx, nx, axis_scale(p, Axis::Y, decay_scale), t.work.data());
        }
      }
    }
    if (z_on) {
      const std::size_t chunks = (nx + kLaneChunk - 1) / kLaneChunk;
      const std::size_t chunk = (nx + chunks - 1) / chunks;
#pragma omp for schedule(static)
      for (std::size_t item = 0; item < ny * chunks; ++item) {
        ThreadScratch& t = my_scratch();
        const std::size_t j = item / chunks;
        const std::size_t x0 = (item % chunks) * chunk;
        const std::size_t lanes = std::min(chunk, nx - x0);
        ensure_size(t.work, detail::work_size(p.factors[2].n, lanes));
        detail::solve_lines(p.factors[2], u + j * nx + x0, lanes, nx * ny, axis_scale(p, Axis::Z, decay_scale),
                            t.work.data());
      }
    }
  }

  // Per-voxel D: every line has its own coefficients, factorised on the fly, one line at a time.
  void step_variable(std::size_t s, const SpeciesPlan& p, Real* u, double dt_min, double decay_scale) {
    const auto nx = static_cast<std::size_t>(grid.nx());
    const auto ny = static_cast<std::size_t>(grid.ny());
    const Real* scale = species[s].D_scale.data();
    for (const Axis a : kAxes) {
      if (!p.axis_active[axis_index(a)]) continue;
      const std::size_t stride = grid.stride(a);
      const std::size_t lines = grid.voxels() / static_cast<std::size_t>(grid.n(a));
      const double rhs_scale = axis_scale(p, a, decay_scale);
#pragma omp for schedule(static)
      for (std::size_t line = 0; line < lines; ++line) {
        ThreadScratch& t = my_scratch();
        std::size_t start = line;
        if (a == Axis::X) start = line * nx;
        if (a == Axis::Y) start = (line / nx) * nx * ny + line % nx;
        line_weights(s, a, dt_min, scale + start, stride, t.face_w);
        factorise_line(s, a, t.face_w, t.line);
        ensure_size(t.work, detail::work_size(t.line.n, 1));
        detail::solve_lines(t.line, u + start, 1, stride, rhs_scale, t.work.data());
      }
    }
  }

  void step_pointwise(Real* u, double decay_scale) const {
    const std::size_t n = grid.voxels();
#pragma omp for simd schedule(static)
    for (std::size_t v = 0; v < n; ++v) u[v] = static_cast<Real>(static_cast<double>(u[v]) * decay_scale);
  }

  void step(grid::FieldSet& fields, double dt_min) {
    if (fields.count() != species.size())
      throw InputError("diffusion.fields", std::to_string(fields.count()) + " species",
                       std::to_string(species.size()) + " species, as given to the solver");
    const grid::Grid& g = fields.grid();
    if (g.nx() != grid.nx() || g.ny() != grid.ny() || g.nz() != grid.nz())
      throw InputError("diffusion.fields", "a field set on another grid", "fields on the solver's grid");
    if (!(dt_min > 0.0) || !std::isfinite(dt_min))
      throw InputError("dt_min", std::to_string(dt_min), "a finite time step > 0 minutes");
    if (dt_min != factor_dt_min) refactorise(dt_min);
    prepare_scratch();
    // Small grids stay on one thread: on a busy machine a thread team costs more than the sweep.
#pragma omp parallel if (g.voxels() >= kParallelMinVoxels)
    {
      for (std::size_t s = 0; s < species.size(); ++s) {
        const auto& p = plans[s];
        if (!p.active) continue;
        Real* u = fields.field(s).data();
        // Backward Euler for decay alone: u / (1 + k dt), folded into the first sweep's right-hand side.
        const double decay_scale = 1.0 / (1.0 + species[s].decay_per_min * dt_min);
        if (p.first_axis < 0)
          step_pointwise(u, decay_scale);
        else if (p.variable_D)
          step_variable(s, p, u, dt_min, decay_scale);
        else
          step_uniform(p, u, decay_scale);
      }
    }
  }
};

DiffusionSolver::DiffusionSolver(const grid::Grid& grid, std::vector<DiffusionSpec> species,
                                 grid::BoundarySet boundaries)
    : impl_(std::make_unique<Impl>(grid, std::move(species), std::move(boundaries))) {}

DiffusionSolver::~DiffusionSolver() = default;
DiffusionSolver::DiffusionSolver(DiffusionSolver&&) noexcept = default;
DiffusionSolver& DiffusionSolver::operator=(DiffusionSolver&&) noexcept = default;

void DiffusionSolver::step(grid::FieldSet& fields, double dt_min) { impl_->step(fields, dt_min); }

bool DiffusionSolver::is_active(std::size_t species) const { return impl_->plans.at(species).active; }

const grid::BoundarySet& DiffusionSolver::boundaries() const noexcept { return impl_->boundaries; }

}  // namespace skintwin::solver
