#include "cell_motility.hpp"

#include <algorithm>
#include <cmath>

namespace skintwin::model::detail {

CellMotilityOperator::CellMotilityOperator(const grid::Grid& grid, std::vector<MotileSpecies> species)
    : grid_(grid), species_(std::move(species)), ratio_(grid.voxels(), 0.0), change_(grid.voxels(), 0.0) {}

double CellMotilityOperator::max_outflow_rate(const MotileSpecies& s) const {
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

void CellMotilityOperator::advance(grid::FieldSet& fields, double /*t_min*/, double dt_min) {
  for (const MotileSpecies& s : species_) {
    if (!(s.D_um2_per_min > 0.0)) continue;
    const int substeps = std::max(1, static_cast<int>(std::ceil(dt_min * max_outflow_rate(s) / 0.5)));
    for (int n = 0; n < substeps; ++n) substep(fields, s, dt_min / substeps);
  }
}

void CellMotilityOperator::substep(grid::FieldSet& fields, const MotileSpecies& s, double dt_min) {
  auto u = fields.field(s.species);
  const int nx = grid_.nx(), ny = grid_.ny(), nz = grid_.nz();
  const std::size_t plane = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
  for (std::size_t idx = 0; idx < u.size(); ++idx) {
    const double w = s.weight_by_z[idx / plane];
    ratio_[idx] = w > 0.0 ? static_cast<double>(u[idx]) / w : 0.0;
  }
  std::fill(change_.begin(), change_.end(), 0.0);
  const double D = s.D_um2_per_min;
  const double hx2 = grid_.spacing_um(grid::Axis::X) * grid_.spacing_um(grid::Axis::X);
  const double hy2 = grid_.spacing_um(grid::Axis::Y) * grid_.spacing_um(grid::Axis::Y);
  const double hz2 = grid_.spacing_um(grid::Axis::Z) * grid_.spacing_um(grid::Axis::Z);
  const bool periodic = !grid_.is_2d();
  // Each face once: flux from the lower-index cell a to b, added to b and taken from a.
  auto exchange = [&](std::size_t a, std::size_t b, double coefficient) {
    const double flow = coefficient * (ratio_[a] - ratio_[b]);
    change_[a] -= flow;
    change_[b] += flow;
  };
  for (int k = 0; k < nz; ++k) {
    const double w = s.weight_by_z[static_cast<std::size_t>(k)];
    const double lateral_x = dt_min * D * w / hx2, lateral_y = dt_min * D * w / hy2;
    const double vertical = k + 1 < nz ? dt_min * D * s.face_weight_z[static_cast<std::size_t>(k)] / hz2 : 0.0;
    for (int j = 0; j < ny; ++j) {
      for (int i = 0; i < nx; ++i) {
        const std::size_t idx = grid_.index(i, j, k);
        if (w > 0.0 && nx > 1 && (i + 1 < nx || (periodic && nx > 2))) exchange(idx, grid_.index(i + 1 < nx ? i + 1 : 0, j, k), lateral_x);
        if (w > 0.0 && ny > 1 && (j + 1 < ny || ny > 2)) exchange(idx, grid_.index(i, j + 1 < ny ? j + 1 : 0, k), lateral_y);
        if (vertical > 0.0) exchange(idx, grid_.index(i, j, k + 1), vertical);
      }
    }
  }
  for (std::size_t idx = 0; idx < u.size(); ++idx) {
    if (change_[idx] != 0.0) u[idx] = static_cast<grid::Real>(std::max(0.0, static_cast<double>(u[idx]) + change_[idx]));
  }
}

}  // namespace skintwin::model::detail
