#pragma once
// Diffusion relative to a reference profile w(z) (see docs/solver.md, "Weighted diffusion"):
//
//   du/dt = -div J,   J = -D w(z) grad(u / w(z))
//
// Inside a region of constant w this is ordinary diffusion; across a change of w it relaxes u
// towards a multiple of w instead of flattening it, and u = c w is held exactly still (u / w is
// the same in every cell, so every face flux is exactly 0 in floating point too). Faces between
// z rows take a caller-supplied weight (harmonic_face_weights: the harmonic mean, with chosen
// faces blocked, 0 = no flux). Lateral sides periodic or no flux; top and bottom no flux.
//
// Explicit (forward Euler), conservative (each face flux is added to one cell and taken from
// the other), sub-stepped so that every cell's outflow per sub-step stays below
// `stability_fraction` (default 0.5) of its content, which keeps u non-negative. First order in
// time, second order in space.
#include <cstddef>
#include <string>
#include <vector>

#include "skintwin/grid/field_set.hpp"
#include "skintwin/solver/stepper.hpp"

namespace skintwin::solver {

struct WeightedDiffusionSpec {
  std::size_t field = 0;                // index of the field in the FieldSet
  double D_um2_per_min = 0.0;
  std::vector<double> weight_by_z;      // w per z row (>= 0; a row with w = 0 does not move)
  std::vector<double> face_weight_z;    // weight of the face between rows k and k+1 (nz - 1 values)
};

// Face weights between consecutive rows: the harmonic mean of the two rows' weights, or 0 where
// blocked[k] (the face between rows k and k+1) is true. blocked may be empty (nothing blocked).
std::vector<double> harmonic_face_weights(const std::vector<double>& weight_by_z, const std::vector<bool>& blocked);

enum class LateralBoundary { NoFlux, Periodic };

class WeightedDiffusionOperator final : public SplitOperator {
public:
  // Throws std::invalid_argument on weights of the wrong size, negative or non-finite values, or
  // a stability fraction outside (0, 0.5].
  WeightedDiffusionOperator(const grid::Grid& grid, std::vector<WeightedDiffusionSpec> specs, LateralBoundary sides,
                            std::string name = "weighted_diffusion", double stability_fraction = 0.5);
  void advance(grid::FieldSet& fields, double t_min, double dt_min) override;
  std::string name() const override { return name_; }
  // Sub-steps the last advance took for each spec.
  const std::vector<int>& last_substeps() const noexcept { return last_substeps_; }

private:
  void substep(grid::FieldSet& fields, const WeightedDiffusionSpec& s, double dt_min,
               std::vector<double>& ratio_scratch) const;
  double max_outflow_rate(const WeightedDiffusionSpec& s) const;

  grid::Grid grid_;
  std::vector<WeightedDiffusionSpec> specs_;
  bool periodic_;
  std::string name_;
  double stability_fraction_;
  // u / w of the current sub-step: one per spec on small grids (species move side by side), else one.
  std::vector<std::vector<double>> ratio_;
  std::vector<int> last_substeps_;
};

}  // namespace skintwin::solver
