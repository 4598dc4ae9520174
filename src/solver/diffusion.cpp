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
#include "diffusion_transpose.hpp"
#include "skintwin/solver/contract.hpp"
#include "skintwin/solver/harmonic_mean.hpp"

namespace skintwin::solver {
namespace {

using grid::Axis;
using grid::BoundaryKind;
using grid::Face;
using grid::Real;

constexpr std::array<Axis, 3> kAxes{Axis::X, Axis::Y, Axis::Z};
// x lines are solved this many at a time through a small transposed buffer, so that the
// Thomas recurrences run across contiguous lanes (SIMD) instead of along one row.
constexpr std::size_t kRowBatch = detail::kBatchLanes;
// z sweeps treat a whole x-y plane as one contiguous row of lanes, cut into chunks: wide
// enough for the hardware prefetcher to follow each z step, small enough that a chunk's column
// (field plus double work) stays in L2 between the forward and the back sweep, and at least
// kMinChunks per plane so that 2D grids split across threads. The cut depends on the grid
// only, never on the thread count (bit-identical results).
constexpr std::size_t kMaxLaneChunk = 1024;
constexpr std::size_t kMinLaneChunk = 64;
constexpr std::size_t kMinChunks = 8;

// z chunks start on cache-line boundaries so that two threads never write the same line.
constexpr std::size_t kLanesPerCacheLine = 64 / sizeof(Real);

std::size_t round_up(std::size_t n, std::size_t multiple) { return (n + multiple - 1) / multiple * multiple; }

std::size_t z_lane_chunk(std::size_t plane_lanes) {
  return std::clamp((plane_lanes + kMinChunks - 1) / kMinChunks, kMinLaneChunk, kMaxLaneChunk);
}

std::size_t axis_index(Axis a) { return static_cast<std::size_t>(a); }
Face low_face(Axis a) { return static_cast<Face>(2 * axis_index(a)); }
Face high_face(Axis a) { return static_cast<Face>(2 * axis_index(a) + 1); }

detail::LineBoundary line_boundary(const grid::BoundaryCondition& bc) { return {bc.kind, bc.value}; }

std::string species_key(std::size_t s, const char* member) {
  return "diffusion: species[" + std::to_string(s) + "]." + member;
}

void check_rate(double v, std::size_t s, const char* member) {
  if (!(v >= 0.0) || !std::isfinite(v)) throw contract_error(species_key(s, member), std::to_string(v), "a finite number >= 0");
}

// How D varies in space, which decides how many distinct line systems there are.
enum class Coefficients {
  Uniform,   // one system per axis
  Layered,   // multiplier constant within each z-plane (skin layers): x and y systems per plane,
             // one z system shared by all z lines
  PerVoxel,  // every line its own system, assembled during elimination, nothing cached
};

struct SpeciesPlan {
  bool active = false;
  Coefficients coefficients = Coefficients::Uniform;
  std::vector<double> layer_scale;  // Layered: the multiplier of each z-plane
  // Layered: the planes' distinct multipliers (a skin layer spans many planes with one value), and
  // which of them each plane has: planes with equal multipliers share their x and y systems.
  std::vector<double> distinct_scale;
  std::vector<std::size_t> plane_system;
  std::array<bool, 3> axis_active{};
  int first_axis = -1;  // the sweep that also applies the implicit decay factor; -1: pointwise
  // Cached for the current dt. Uniform: factors[a]. Layered: layer_factors[0/1][plane_system[k]]
  // for x/y in plane k, factors[2] for z.
  std::array<detail::LineFactors, 3> factors;
  std::array<std::vector<detail::LineFactors>, 2> layer_factors;

  const detail::LineFactors& x_or_y(Axis a, std::size_t plane) const {
    return coefficients == Coefficients::Layered ? layer_factors[static_cast<std::size_t>(a)][plane_system[plane]]
                                                 : factors[static_cast<std::size_t>(a)];
  }
};

// Each plane's index among the distinct values of `scale`, in order of first appearance.
void share_systems(const std::vector<double>& scale, std::vector<double>& distinct, std::vector<std::size_t>& system) {
  distinct.clear();
  system.clear();
  for (const double v : scale) {
    const auto found = std::find(distinct.begin(), distinct.end(), v);
    system.push_back(static_cast<std::size_t>(found - distinct.begin()));
    if (found == distinct.end()) distinct.push_back(v);
  }
}

// The multiplier of each z-plane if D_scale is constant within every plane; empty otherwise.
std::vector<double> plane_scales(const grid::Grid& g, const grid::AlignedVector& scale) {
  const std::size_t plane = static_cast<std::size_t>(g.nx()) * static_cast<std::size_t>(g.ny());
  std::vector<double> layers(static_cast<std::size_t>(g.nz()));
  for (std::size_t k = 0; k < layers.size(); ++k) {
    const Real* first = scale.data() + k * plane;
    if (std::any_of(first, first + plane, [&](Real v) { return v != *first; })) return {};
    layers[k] = static_cast<double>(*first);
  }
  return layers;
}

// Grown on the first step, then reused: steps allocate nothing.
struct ThreadScratch {
  std::vector<Real> batch;        // kRowBatch x-rows, transposed
  std::vector<Real> scale_batch;  // their D multipliers (per-voxel D only)
  std::vector<double> work;       // eliminated right-hand sides (and per-voxel coefficients)
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
  std::vector<std::size_t> active_species;  // the species with plans[s].active, in order
  double factor_dt_min = std::numeric_limits<double>::quiet_NaN();
  std::vector<ThreadScratch> scratch;

  Impl(const grid::Grid& g, std::vector<DiffusionSpec> s, grid::BoundarySet b)
      : grid(g), species(std::move(s)), boundaries(std::move(b)) {
    validate();
    plan();
  }

  void validate() const {
    if (boundaries.species_count() != species.size())
      throw contract_error("diffusion: boundaries", std::to_string(boundaries.species_count()) + " species",
                       "one boundary set per diffusing species (" + std::to_string(species.size()) + ")");
    boundaries.validate();
    for (std::size_t s = 0; s < species.size(); ++s) {
      check_rate(species[s].D_um2_per_min, s, "D_um2_per_min");
      check_rate(species[s].decay_per_min, s, "decay_per_min");
      const auto& scale = species[s].D_scale;
      if (!scale.empty() && scale.size() != grid.voxels())
        throw contract_error(species_key(s, "D_scale"), std::to_string(scale.size()) + " values",
                         "empty or one value per voxel (" + std::to_string(grid.voxels()) + ")");
      for (const Real v : scale)
        if (!(v >= 0) || !std::isfinite(v))
          throw contract_error(species_key(s, "D_scale"), std::to_string(v), "finite multipliers >= 0");
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
      if (p.active) active_species.push_back(s);
      if (!species[s].D_scale.empty()) {
        p.layer_scale = plane_scales(grid, species[s].D_scale);
        p.coefficients = p.layer_scale.empty() ? Coefficients::PerVoxel : Coefficients::Layered;
        share_systems(p.layer_scale, p.distinct_scale, p.plane_system);
        // Layered systems read the multiplier per plane only: the per-voxel copy would hold a
        // float per voxel for nothing (only the per-voxel sweeps read it).
        if (p.coefficients == Coefficients::Layered) grid::AlignedVector().swap(species[s].D_scale);
      }
      for (const Axis a : kAxes) {
        p.axis_active[axis_index(a)] = axis_moves(s, a);
        if (p.first_axis < 0 && p.axis_active[axis_index(a)]) p.first_axis = static_cast<int>(axis_index(a));
      }
    }
  }

  // Fills face weights (dt D_face / h^2) for one line; cell(i) is the D multiplier of cell i.
  template <class CellScale>
  void line_weights(std::size_t s, Axis a, double dt_min, CellScale cell, std::vector<double>& w) const {
    const auto n = static_cast<std::size_t>(grid.n(a));
    const double h = grid.spacing_um(a);
    const double c = dt_min * species[s].D_um2_per_min / (h * h);
    w.resize(n + 1);
    for (std::size_t i = 1; i < n; ++i) w[i] = c * harmonic_mean(cell(i - 1), cell(i));
    const auto lo = boundaries.get(s, low_face(a)).kind;
    const auto hi = boundaries.get(s, high_face(a)).kind;
    if (lo == BoundaryKind::Periodic) {
      w[0] = w[n] = c * harmonic_mean(cell(n - 1), cell(0));
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
    const auto unit = [](std::size_t) { return 1.0; };
    for (std::size_t s = 0; s < species.size(); ++s) {
      auto& p = plans[s];
      if (!p.active || p.coefficients == Coefficients::PerVoxel) continue;
      for (const Axis a : kAxes) {
        if (!p.axis_active[axis_index(a)]) continue;
        if (p.coefficients == Coefficients::Uniform) {
          line_weights(s, a, dt_min, unit, w);
          factorise_line(s, a, w, p.factors[axis_index(a)]);
        } else if (a == Axis::Z) {
          line_weights(s, a, dt_min, [&](std::size_t k) { return p.layer_scale[k]; }, w);
          factorise_line(s, a, w, p.factors[2]);
        } else {
          auto& systems = p.layer_factors[axis_index(a)];
          systems.resize(p.distinct_scale.size());
          for (std::size_t m = 0; m < systems.size(); ++m) {
            line_weights(s, a, dt_min, [&](std::size_t) { return p.distinct_scale[m]; }, w);
            factorise_line(s, a, w, systems[m]);
          }
        }
      }
    }
    factor_dt_min = dt_min;
  }

  void prepare_scratch() {
    const auto threads = static_cast<std::size_t>(std::max(1, omp_get_max_threads()));
    if (scratch.size() < threads) scratch.resize(threads);
  }

  // The scratch of this thread, or of `slot` when the caller runs species side by side (then every
  // species runs in a team of one, where each thread is number 0).
  ThreadScratch& my_scratch(int slot) {
    return scratch[static_cast<std::size_t>(slot >= 0 ? slot : omp_get_thread_num())];
  }

  // Solves `lanes` lines along axis a at once (lane-contiguous layout, see solve_lines); plane
  // picks the layered x/y factors; scale is the D multiplier in the same layout (per-voxel only).
  void solve_block(std::size_t s, const SpeciesPlan& p, Axis a, std::size_t plane, Real* base, const Real* scale,
                   std::size_t lanes, std::size_t stride, double rhs_scale, ThreadScratch& t) const {
    if (p.coefficients == Coefficients::PerVoxel) {
      const double h = grid.spacing_um(a);
      const detail::PerVoxelLines lines{grid.n(a), factor_dt_min * species[s].D_um2_per_min / (h * h),
                                        line_boundary(boundaries.get(s, low_face(a))),
                                        line_boundary(boundaries.get(s, high_face(a)))};
      ensure_size(t.work, detail::per_voxel_work_size(lines.n, lanes));
      detail::solve_lines_per_voxel(lines, scale, base, lanes, stride, rhs_scale, t.work.data());
      return;
    }
    const detail::LineFactors& f = a == Axis::Z ? p.factors[2] : p.x_or_y(a, plane);
    ensure_size(t.work, detail::work_size(f.n, lanes));
    detail::solve_lines(f, base, lanes, stride, rhs_scale, t.work.data());
  }

  // x sweep of `rows` consecutive x-rows starting at voxel `first`, kRowBatch rows at a time
  // through a transposed buffer (the multipliers too, if per-voxel).
  void sweep_x_rows(std::size_t s, const SpeciesPlan& p, std::size_t plane, Real* u, std::size_t first,
                    std::size_t rows, double rhs_scale, ThreadScratch& t) const {
    const auto nx = static_cast<std::size_t>(grid.nx());
    const bool per_voxel = p.coefficients == Coefficients::PerVoxel;
    ensure_size(t.batch, kRowBatch * nx);
    if (per_voxel) ensure_size(t.scale_batch, kRowBatch * nx);
    for (std::size_t r0 = 0; r0 < rows; r0 += kRowBatch) {
      const std::size_t b = std::min(kRowBatch, rows - r0);
      const std::size_t offset = first + r0 * nx;
      detail::transpose(u + offset, nx, t.batch.data(), b, b, nx);
      if (per_voxel) detail::transpose(species[s].D_scale.data() + offset, nx, t.scale_batch.data(), b, b, nx);
      solve_block(s, p, Axis::X, plane, t.batch.data(), t.scale_batch.data(), b, b, rhs_scale, t);
      detail::transpose(t.batch.data(), b, u + offset, nx, nx, b);
    }
  }

  // x sweep of one block of step_lines: a z-plane in 3D, kRowBatch rows in 2D. Layered 2D rows
  // each lie in their own plane; consecutive rows that share their factors (one layer's
  // multiplier, see plane_system) are solved together (one row at a time is a serial chain of
  // dependent operations: it took a sixth of a 2D course).
  void sweep_x_block(std::size_t s, const SpeciesPlan& p, std::size_t blk, Real* u, std::size_t first,
                     std::size_t rows, double rhs_scale, ThreadScratch& t) const {
    if (!grid.is_2d() || p.coefficients != Coefficients::Layered) {
      sweep_x_rows(s, p, grid.is_2d() ? 0 : blk, u, first, rows, rhs_scale, t);
      return;
    }
    const auto nx = static_cast<std::size_t>(grid.nx());
    const std::size_t k0 = blk * kRowBatch;
    for (std::size_t r = 0; r < rows;) {
      std::size_t run = 1;
      while (r + run < rows && p.plane_system[k0 + r + run] == p.plane_system[k0 + r]) ++run;
      sweep_x_rows(s, p, k0 + r, u, first + r * nx, run, rhs_scale, t);
      r += run;
    }
  }

  double axis_scale(const SpeciesPlan& p, Axis a, double decay_scale) const {
    return p.first_axis == static_cast<int>(axis_index(a)) ? decay_scale : 1.0;
  }

  // All sweeps of one species: x and y sweeps plane by plane (the plane stays in cache), then
  // z sweeps over plane chunks. Must be called inside a parallel region.
  void step_lines(std::size_t s, const SpeciesPlan& p, Real* u, double decay_scale, int slot) {
    const auto nx = static_cast<std::size_t>(grid.nx());
    const auto ny = static_cast<std::size_t>(grid.ny());
    const auto nz = static_cast<std::size_t>(grid.nz());
    const Real* scale = species[s].D_scale.empty() ? nullptr : species[s].D_scale.data();
    auto scale_at = [&](std::size_t offset) { return scale != nullptr ? scale + offset : nullptr; };
    const bool x_on = p.axis_active[0], y_on = p.axis_active[1], z_on = p.axis_active[2];
    if (x_on || y_on) {
      // In 3D a block is one z-plane; in 2D (ny = 1) a block is kRowBatch rows.
      const std::size_t rows_per_block = grid.is_2d() ? kRowBatch : ny;
      const std::size_t rows = ny * nz;
      const std::size_t blocks = (rows + rows_per_block - 1) / rows_per_block;
#pragma omp for schedule(static)
      for (std::size_t blk = 0; blk < blocks; ++blk) {
        ThreadScratch& t = my_scratch(slot);
        const std::size_t r0 = blk * rows_per_block;
        const std::size_t nrows = std::min(rows_per_block, rows - r0);
        const std::size_t first = r0 * nx;
        if (x_on) sweep_x_block(s, p, blk, u, first, nrows, axis_scale(p, Axis::X, decay_scale), t);
        if (y_on)
          solve_block(s, p, Axis::Y, blk, u + first, scale_at(first), nx, nx, axis_scale(p, Axis::Y, decay_scale), t);
      }
    }
    if (z_on) {
      const std::size_t plane = nx * ny;
      const std::size_t max_chunk = z_lane_chunk(plane);
      const std::size_t chunks = (plane + max_chunk - 1) / max_chunk;
      // Chunk starts on 64-byte boundaries: two threads never write the same cache line.
      const std::size_t chunk = round_up((plane + chunks - 1) / chunks, kLanesPerCacheLine);
#pragma omp for schedule(static)
      for (std::size_t item = 0; item < chunks; ++item) {
        if (item * chunk >= plane) continue;
        ThreadScratch& t = my_scratch(slot);
        const std::size_t first = item * chunk;
        const std::size_t lanes = std::min(chunk, plane - first);
        solve_block(s, p, Axis::Z, 0, u + first, scale_at(first), lanes, plane, axis_scale(p, Axis::Z, decay_scale), t);
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
      throw contract_error("diffusion: fields", std::to_string(fields.count()) + " species",
                       std::to_string(species.size()) + " species, as given to the solver");
    const grid::Grid& g = fields.grid();
    if (g.nx() != grid.nx() || g.ny() != grid.ny() || g.nz() != grid.nz())
      throw contract_error("diffusion: fields", "a field set on another grid", "fields on the solver's grid");
    if (!(dt_min > 0.0) || !std::isfinite(dt_min))
      throw contract_error("diffusion: dt_min", std::to_string(dt_min), "a finite time step > 0 minutes");
    if (dt_min != factor_dt_min) refactorise(dt_min);
    prepare_scratch();
    // Large grids: every species with all threads. Small grids: a thread team costs more than one
    // species' sweep, so species run side by side, one per thread, each in a team of one (its own
    // scratch); the sweeps of a species are the same either way, so are the numbers.
    const std::vector<std::size_t>& active = active_species;
    const auto one_species = [&](std::size_t s, int slot) {
      Real* u = fields.field(s).data();
      // Backward Euler for decay alone: u / (1 + k dt), folded into the first sweep's right-hand side.
      const double decay_scale = 1.0 / (1.0 + species[s].decay_per_min * dt_min);
      if (plans[s].first_axis < 0)
        step_pointwise(u, decay_scale);
      else
        step_lines(s, plans[s], u, decay_scale, slot);
    };
    if (g.voxels() >= kParallelMinVoxels || active.size() < 2) {
#pragma omp parallel if (g.voxels() >= kParallelMinVoxels)
      for (const std::size_t s : active) one_species(s, -1);
      return;
    }
    const auto count = static_cast<std::ptrdiff_t>(active.size());
#pragma omp parallel for schedule(dynamic)
    for (std::ptrdiff_t i = 0; i < count; ++i) {
      const int slot = omp_get_thread_num();
#pragma omp parallel num_threads(1)
      one_species(active[static_cast<std::size_t>(i)], slot);
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
