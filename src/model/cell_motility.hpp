#pragma once
// Random motility of cells whose healthy density differs between layers (inflammatory cells,
// fibroblasts). Plain diffusion would flatten the layered healthy profile; here the flux is
//   J = -D w(z) grad(u / w(z)),   w = the species' healthy density of the layer,
// which is ordinary diffusion inside a layer and holds the healthy profile exactly still
// (u / w = 1 everywhere gives zero flux in floating point too). Faces between the epidermis
// and the dermis carry no flux (basement membrane). Explicit, conservative, sub-stepped so that
// every cell's outflow per sub-step stays below half of its content (non-negative).
#include <cstddef>
#include <vector>

#include "skintwin/grid/field_set.hpp"
#include "skintwin/solver/stepper.hpp"

namespace skintwin::model::detail {

struct MotileSpecies {
  std::size_t species = 0;
  double D_um2_per_min = 0.0;
  std::vector<double> weight_by_z;          // healthy density per z row
  std::vector<double> face_weight_z;        // weight of the face between rows k and k+1
};

class CellMotilityOperator final : public solver::SplitOperator {
public:
  CellMotilityOperator(const grid::Grid& grid, std::vector<MotileSpecies> species);
  void advance(grid::FieldSet& fields, double t_min, double dt_min) override;
  std::string name() const override { return "cell_motility"; }

private:
  void substep(grid::FieldSet& fields, const MotileSpecies& s, double dt_min);
  double max_outflow_rate(const MotileSpecies& s) const;

  grid::Grid grid_;
  std::vector<MotileSpecies> species_;
  std::vector<double> ratio_, change_;
};

}  // namespace skintwin::model::detail
