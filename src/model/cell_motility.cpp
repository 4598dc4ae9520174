#include "cell_motility.hpp"

namespace skintwin::model::detail {

solver::WeightedDiffusionSpec motile(Species species, double D_um2_per_min, const std::vector<LayerRow>& rows,
                                     double LayerRow::*baseline) {
  solver::WeightedDiffusionSpec m;
  m.field = index(species);
  m.D_um2_per_min = D_um2_per_min;
  std::vector<bool> membrane;
  for (const LayerRow& row : rows) m.weight_by_z.push_back(row.*baseline);
  for (std::size_t k = 0; k + 1 < rows.size(); ++k) membrane.push_back(rows[k].is_epidermis != rows[k + 1].is_epidermis);
  m.face_weight_z = solver::harmonic_face_weights(m.weight_by_z, membrane);
  return m;
}

std::unique_ptr<solver::WeightedDiffusionOperator> make_cell_motility(const grid::Grid& grid,
                                                                      std::vector<solver::WeightedDiffusionSpec> species) {
  return std::make_unique<solver::WeightedDiffusionOperator>(
      grid, std::move(species), grid.is_2d() ? solver::LateralBoundary::NoFlux : solver::LateralBoundary::Periodic,
      "cell_motility");
}

}  // namespace skintwin::model::detail
