#pragma once
// Morris elementary-effects screening (Morris 1991, Technometrics 33:161; the mu* of Campolongo,
// Cariboni & Saltelli 2007, Environ Model Softw 22:1509): which of many uncertain parameters an
// outcome hangs on, from r (k + 1) runs. Pure numbers: the caller maps the unit coordinates to
// parameter values and runs the model.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace skintwin::plan {

// One trajectory through [0, 1]^k on a grid of p levels: k + 1 points, each after the first
// moving one factor by +-delta, every factor once.
struct Trajectory {
  std::vector<std::vector<double>> points;  // k + 1 points of k unit coordinates
  std::vector<std::size_t> moved;           // moved[j]: the factor changed from point j to j + 1
};

// The step between levels that Morris recommends, p / (2 (p - 1)) (2/3 for 4 levels).
double morris_delta(int levels);

// `trajectories` trajectories for `factors` factors on `levels` levels (an even number >= 2),
// drawn from `seed` (a draw of its own). std::invalid_argument for factors < 1, trajectories < 1
// or levels odd or < 2.
std::vector<Trajectory> morris_trajectories(std::size_t factors, int trajectories, int levels, std::uint64_t seed);

// Elementary effects of one factor on one outcome: EE = (y(x + step e_i) - y(x)) / step, in outcome
// units per unit coordinate (the factor's whole range).
struct FactorEffects {
  double mu = 0.0;       // mean of the EEs (signed)
  double mu_star = 0.0;  // mean of |EE|: the ranking measure
  double sigma = 0.0;    // sample sd of the EEs (interactions or non-linearity); 0 for one EE
  std::size_t effects = 0;
};

// outputs[t][j]: the outcome at point j of trajectory t; NaN for a run that failed, whose two
// elementary effects are then left out (`effects` counts those kept; none kept: mu, mu*, sigma
// NaN). Returns one entry per factor. std::invalid_argument when the outputs do not match the
// trajectories.
std::vector<FactorEffects> elementary_effects(std::span<const Trajectory> trajectories,
                                              std::span<const std::vector<double>> outputs);

// Factor indices by mu*, largest first, ties in factor order; factors without effects (NaN) last.
std::vector<std::size_t> ranked_by_mu_star(std::span<const FactorEffects> effects);

}  // namespace skintwin::plan
