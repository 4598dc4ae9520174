#pragma once
// The one harmonic mean of the solver: the conductance of two half-cells in series.
namespace skintwin::solver {

// 2ab / (a + b); 0 when a + b <= 0, so a face next to a sealed cell (coefficient 0) carries no
// flux. Meant for non-negative coefficients (diffusivities, weights, multipliers): for those it
// is also 0 as soon as either of a, b is 0. Inline so that SIMD loops can use it.
inline double harmonic_mean(double a, double b) { return (a + b) > 0.0 ? 2.0 * a * b / (a + b) : 0.0; }

}  // namespace skintwin::solver
