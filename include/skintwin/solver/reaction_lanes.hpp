#pragma once
// The reaction integrator of reaction.hpp (detail::integrate_lanes_of, the one body integrate_voxel
// also runs) on the voxels of one grid row, a lane vector's width (LaneDouble: 8, LaneDouble4: 4)
// at once. Each lane keeps its own sub-step size, time and accept/reject decisions, so every lane
// ends bitwise where integrate_voxel puts its voxel, whatever its neighbours do; a batch costs as
// many iterations as its busiest lane. Lanes that are done (or failed) ride along on their last
// accepted state.
//
// The right-hand side must provide, next to the scalar call of reaction.hpp,
//   void evaluate(const V* u, V* du, std::size_t n, int k, V t_min) const;
// for voxels of grid z index k (any type with a templated evaluate, e.g. model::HealingRhs).
#include <cstddef>

#include "skintwin/solver/lanes.hpp"
#include "skintwin/solver/reaction.hpp"

namespace skintwin::solver {

#if defined(SKINTWIN_HAVE_LANES)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"  // inline helpers only, see lanes.hpp

// A vector's width of consecutive field values as doubles, and back (each value converted as one
// scalar would be).
template <LaneVector V>
inline V lanes_of(const grid::Real* values) {
  V v;
  for (int l = 0; l < lane_width<V>; ++l) v[l] = static_cast<double>(values[l]);
  return v;
}
template <LaneVector V>
inline void store_lanes(grid::Real* values, V v) {
  for (int l = 0; l < lane_width<V>; ++l) values[l] = static_cast<grid::Real>(v[l]);
}

// Integrates the reactions of one row run, V's width of voxels at a time (the last batch padded
// with copies of the run's last voxel). Each voxel's result is bitwise integrate_voxel's when no
// multiply-add is fused, whatever the width.
template <LaneVector V = LaneDouble, class Rhs>
inline ReactionRowOutcome integrate_row_lanes(const Rhs& rhs, const ReactionRow& row, double t_min, double dt_min,
                                              const ReactionOptions& opt) {
  ReactionRowOutcome out;
  using Mask = LaneMaskOf<V>;
  constexpr int width = lane_width<V>;
  const std::size_t n = row.n_species;
  for (int first = 0; first < row.count; first += width) {
    const int used = row.count - first < width ? row.count - first : width;
    const std::size_t base = row.first_voxel + static_cast<std::size_t>(first);
    V u[kMaxReactionSpecies];
    if (used == width) {  // a full batch: contiguous loads that convert as vectors
      for (std::size_t s = 0; s < n; ++s) u[s] = lanes_of<V>(row.data[s] + base);
    } else {
      for (std::size_t s = 0; s < n; ++s)
        for (int l = 0; l < width; ++l) u[s][l] = static_cast<double>(row.data[s][base + static_cast<std::size_t>(l < used ? l : used - 1)]);
    }
    Mask accepted = {}, rejected = {};
    V done;
    const auto f = [&](const V* y, V* dy, V t) { rhs.evaluate(y, dy, n, row.k, t); };
    Mask failed;
    if (dt_min >= opt.stiff_from_dt_min) {
      const auto decay = [&](const V* y, V* d, V t) {
        if constexpr (requires { rhs.decay_rates(y, d, n, row.k, t); }) {
          rhs.decay_rates(y, d, n, row.k, t);
        } else {
          for (std::size_t s = 0; s < n; ++s) d[s] = lane_splat<V>(0.0);
        }
      };
      failed = detail::integrate_w_lanes_of(f, decay, u, n, t_min, dt_min, opt, accepted, rejected, done);
    } else {
      failed = detail::integrate_lanes_of(f, u, n, t_min, dt_min, opt, accepted, rejected, done);
    }
    for (int l = 0; l < used; ++l) {
      out.accepted += accepted[l];
      out.rejected += rejected[l];
      const int substeps = static_cast<int>(accepted[l] + rejected[l]);
      out.worst = substeps > out.worst ? substeps : out.worst;
      const std::size_t voxel = base + static_cast<std::size_t>(l);
      if (failed[l] && voxel < out.first_failed_voxel) out.first_failed_voxel = voxel;
    }
    if (used == width && !lane_any(failed)) {  // contiguous stores that convert as vectors
      for (std::size_t s = 0; s < n; ++s) store_lanes(row.data[s] + base, u[s]);
      continue;
    }
    for (int l = 0; l < used; ++l) {
      if (failed[l]) continue;  // a failed voxel is left as it was
      for (std::size_t s = 0; s < n; ++s) row.data[s][base + static_cast<std::size_t>(l)] = static_cast<grid::Real>(u[s][l]);
    }
  }
  return out;
}
#pragma GCC diagnostic pop
#endif

}  // namespace skintwin::solver
