#include "skintwin/plan/morris.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "skintwin/core/rng.hpp"

namespace skintwin::plan {
namespace {

// CounterRng purposes (the other stages use 0xC000x and 0xD000x).
constexpr std::uint32_t kBaseLevelStream = 0xE0001;
constexpr std::uint32_t kDirectionStream = 0xE0002;
constexpr std::uint32_t kOrderStream = 0xE0003;

std::uint32_t counter(int trajectory, std::size_t factor) {
  return static_cast<std::uint32_t>(trajectory) * 65536u + static_cast<std::uint32_t>(factor);
}

}  // namespace

double morris_delta(int levels) { return static_cast<double>(levels) / (2.0 * (levels - 1)); }

std::vector<Trajectory> morris_trajectories(std::size_t factors, int trajectories, int levels, std::uint64_t seed) {
  if (factors < 1 || trajectories < 1 || levels < 2 || levels % 2 != 0)
    throw std::invalid_argument("morris_trajectories: at least one factor and trajectory, and an even number of levels");
  const double delta = morris_delta(levels);
  const double level_step = 1.0 / (levels - 1);
  // The lower end of a move lies on the levels 0 .. 1 - delta: the first half of the grid.
  const int lower_levels = levels / 2;
  std::vector<Trajectory> out;
  for (int t = 0; t < trajectories; ++t) {
    Trajectory tr;
    std::vector<double> x(factors);
    std::vector<bool> up(factors);
    for (std::size_t i = 0; i < factors; ++i) {
      CounterRng level_rng(seed, kBaseLevelStream, counter(t, i));
      const int lower = std::min(lower_levels - 1, static_cast<int>(level_rng.uniform() * lower_levels));
      CounterRng direction_rng(seed, kDirectionStream, counter(t, i));
      up[i] = direction_rng.uniform() < 0.5;
      // Moving up starts at the lower end, moving down at the upper.
      x[i] = lower * level_step + (up[i] ? 0.0 : delta);
    }
    std::vector<std::size_t> order(factors);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t k = factors - 1; k > 0; --k) {
      CounterRng rng(seed, kOrderStream, counter(t, k));
      const auto j = std::min(k, static_cast<std::size_t>(rng.uniform() * static_cast<double>(k + 1)));
      std::swap(order[k], order[j]);
    }
    tr.points.push_back(x);
    for (const std::size_t i : order) {
      x[i] += up[i] ? delta : -delta;
      tr.points.push_back(x);
      tr.moved.push_back(i);
    }
    out.push_back(std::move(tr));
  }
  return out;
}

std::vector<FactorEffects> elementary_effects(std::span<const Trajectory> trajectories,
                                              std::span<const std::vector<double>> outputs) {
  if (trajectories.empty() || outputs.size() != trajectories.size())
    throw std::invalid_argument("elementary_effects: one output series per trajectory");
  const std::size_t factors = trajectories.front().moved.size();
  std::vector<std::vector<double>> effects(factors);
  for (std::size_t t = 0; t < trajectories.size(); ++t) {
    const Trajectory& tr = trajectories[t];
    if (tr.moved.size() != factors || outputs[t].size() != tr.points.size())
      throw std::invalid_argument("elementary_effects: outputs do not match the trajectory's points");
    for (std::size_t j = 0; j < tr.moved.size(); ++j) {
      const std::size_t i = tr.moved[j];
      const double step = tr.points[j + 1][i] - tr.points[j][i];
      const double effect = (outputs[t][j + 1] - outputs[t][j]) / step;
      if (std::isfinite(effect)) effects[i].push_back(effect);  // a failed run leaves its neighbours' EEs out
    }
  }
  std::vector<FactorEffects> out;
  for (const auto& ee : effects) {
    FactorEffects f{.effects = ee.size()};
    if (ee.empty()) {
      f.mu = f.mu_star = f.sigma = std::numeric_limits<double>::quiet_NaN();
      out.push_back(f);
      continue;
    }
    for (const double e : ee) {
      f.mu += e;
      f.mu_star += std::abs(e);
    }
    f.mu /= static_cast<double>(ee.size());
    f.mu_star /= static_cast<double>(ee.size());
    if (ee.size() > 1) {
      double squares = 0.0;
      for (const double e : ee) squares += (e - f.mu) * (e - f.mu);
      f.sigma = std::sqrt(squares / static_cast<double>(ee.size() - 1));
    }
    out.push_back(f);
  }
  return out;
}

std::vector<std::size_t> ranked_by_mu_star(std::span<const FactorEffects> effects) {
  std::vector<std::size_t> order(effects.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // NaN compares false both ways, which would break the sort's ordering: map it below every value.
  const auto key = [&](std::size_t i) {
    return std::isnan(effects[i].mu_star) ? -std::numeric_limits<double>::infinity() : effects[i].mu_star;
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
  return order;
}

}  // namespace skintwin::plan
