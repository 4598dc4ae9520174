#pragma once
// Random motility of cells whose healthy density differs between layers (inflammatory cells,
// fibroblasts). Plain diffusion would flatten the layered healthy profile; here the flux is
//   J = -D w(z) grad(u / w(z)),   w = the species' healthy density of the layer,
// which is ordinary diffusion inside a layer and holds the healthy profile exactly still.
// Faces between the epidermis and the dermis carry no flux (basement membrane). The numerics
// (explicit, conservative, sub-stepped) are solver::WeightedDiffusionOperator; this file
// chooses the weights (the baselines) and the blocked faces (the membrane).
#include <memory>
#include <vector>

#include "skintwin/model/healing_rhs.hpp"
#include "skintwin/solver/weighted_diffusion.hpp"

namespace skintwin::model::detail {

// One motile species: weights from its baseline in each z row, the membrane faces blocked.
solver::WeightedDiffusionSpec motile(Species species, double D_um2_per_min, const std::vector<LayerRow>& rows,
                                     double LayerRow::*baseline);

// Lateral sides periodic in 3D, no flux in 2D (as the rest of the model).
std::unique_ptr<solver::WeightedDiffusionOperator> make_cell_motility(const grid::Grid& grid,
                                                                      std::vector<solver::WeightedDiffusionSpec> species);

}  // namespace skintwin::model::detail
