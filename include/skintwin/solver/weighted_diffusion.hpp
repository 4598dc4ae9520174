#pragma once
// Diffusion relative to a reference profile w(z) (see docs/solver.md, "Weighted diffusion"):
//
//   du/dt = -div J,   J = -D w(z) grad(u / w(z))
//
// Inside a region of constant w this is ordinary diffusion; across a change of w it relaxes u
// towards a multiple of w instead of flattening it, and u = c w is held still (explicitly: exactly,
// u / w is the same in every cell, so every face flux is 0 in floating point too; exponentially: to
// round-off in double, which storing the field as float rounds back to the value it had). Faces between
// z rows take a caller-supplied weight (harmonic_face_weights: the harmonic mean, with chosen
// faces blocked, 0 = no flux). Lateral sides periodic or no flux; top and bottom no flux.
//
// Two schemes for the same semi-discrete equations du/dt = A u (conservative, second order in space):
// - Exponential (the default): exact in time. A is linear with constant coefficients and its
//   lateral and vertical parts commute (lateral flow is plain diffusion inside a row, and rows
//   that do not move have no vertical faces), so exp(dt A) is one propagator per axis: along x and
//   y from the cosine or Fourier modes of the line, along z from the column's symmetric form,
//   diagonalised once (LAPACK). Entries below 1e-12 of a row's largest are dropped. Non-negative
//   and conservative to round-off, any dt in one step; the propagators are rebuilt when dt changes.
// - ExplicitEuler: forward Euler sub-steps, so many that every cell's outflow per sub-step stays
//   below `stability_fraction` (<= 0.5) of its content (non-negative); first order in time. The
//   reference the exponential scheme is tested against.
#include <cstddef>
#include <memory>
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

enum class WeightedDiffusionScheme { Exponential, ExplicitEuler };

struct WeightedDiffusionOptions {
  WeightedDiffusionScheme scheme = WeightedDiffusionScheme::Exponential;
  double stability_fraction = 0.5;  // ExplicitEuler only: in (0, 0.5]
};

class WeightedDiffusionOperator final : public SplitOperator {
public:
  // Throws std::invalid_argument on weights of the wrong size, negative or non-finite values, a
  // face weight > 0 next to a row of weight 0, or a stability fraction outside (0, 0.5].
  WeightedDiffusionOperator(const grid::Grid& grid, std::vector<WeightedDiffusionSpec> specs, LateralBoundary sides,
                            std::string name = "weighted_diffusion", WeightedDiffusionOptions options = {});
  ~WeightedDiffusionOperator() override;
  void advance(grid::FieldSet& fields, double t_min, double dt_min) override;
  std::string name() const override { return name_; }
  // Sub-steps the last advance took for each spec (1 for the exponential scheme).
  const std::vector<int>& last_substeps() const noexcept { return last_substeps_; }

private:
  struct Propagators;  // per spec: the axis propagators for the last dt (line_propagator.hpp)

  void substep(grid::FieldSet& fields, const WeightedDiffusionSpec& s, double dt_min,
               std::vector<double>& ratio_scratch) const;
  void exponential_step(grid::FieldSet& fields, std::size_t spec, double dt_min, std::vector<double>& scratch);
  double max_outflow_rate(const WeightedDiffusionSpec& s) const;

  grid::Grid grid_;
  std::vector<WeightedDiffusionSpec> specs_;
  bool periodic_;
  std::string name_;
  WeightedDiffusionOptions options_;
  // Work space of one field: u / w of a sub-step, or the field between two axes of an exponential
  // step. One per spec on small grids (species move side by side), else one.
  std::vector<std::vector<double>> ratio_;
  std::vector<std::unique_ptr<Propagators>> propagators_;
  std::vector<int> last_substeps_;
};

}  // namespace skintwin::solver
