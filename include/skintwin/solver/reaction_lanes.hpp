#pragma once
// The per-voxel reaction integrator of reaction.hpp run on kLanes voxels of one grid row at once.
// Each lane keeps its own sub-step size, time and accept/reject decisions (masks instead of
// branches), so every lane follows exactly the path integrate_voxel would take for its voxel and
// ends with bitwise the same state, whatever its neighbours do; a batch costs as many iterations as
// its busiest lane. Lanes that are done (or failed) ride along on their last accepted state.
//
// The right-hand side must provide, next to the scalar call of reaction.hpp,
//   void evaluate(const LaneDouble* u, LaneDouble* du, std::size_t n, int k, LaneDouble t_min) const;
// for voxels of grid z index k (any type with a templated evaluate, e.g. model::HealingRhs).
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "skintwin/solver/lanes.hpp"
#include "skintwin/solver/reaction.hpp"

namespace skintwin::solver {

#if defined(SKINTWIN_HAVE_LANES)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"  // inline helpers only, see lanes.hpp
namespace detail {

// cube_root_for_control per lane: the bit-level first guess lane by lane (64-bit integer division
// has no vector form), the Newton steps on all lanes at once, in the scalar order.
inline LaneDouble lane_cube_root_for_control(LaneDouble x) {
  LaneDouble y;
  for (int l = 0; l < kLanes; ++l) y[l] = cube_root_first_guess(x[l]);
  y = (2.0 * y + x / (y * y)) * (1.0 / 3.0);
  y = (2.0 * y + x / (y * y)) * (1.0 / 3.0);
  y = (2.0 * y + x / (y * y)) * (1.0 / 3.0);
  return y;
}

inline LaneMask lane_any_negative(const LaneDouble* y, std::size_t n) {
  LaneMask m = {};
  for (std::size_t s = 0; s < n; ++s) m |= y[s] < 0.0;
  return m;
}

// out = y + h * (c1 a1 + c2 a2 + c3 a3), the operation order of detail::stage_state.
inline void lane_stage_state(LaneDouble* out, const LaneDouble* y, LaneDouble h, double c1, const LaneDouble* a1,
                             double c2, const LaneDouble* a2, double c3, const LaneDouble* a3, std::size_t n) {
  for (std::size_t s = 0; s < n; ++s) out[s] = y[s] + h * (c1 * a1[s] + c2 * a2[s] + c3 * a3[s]);
}

// Advances kLanes voxels (u[s] holds species s of each) by dt_min from t0_min: integrate_voxel per
// lane. Returns the lanes that failed (all bits set) and adds every lane's sub-step counts.
template <class Rhs>
inline LaneMask integrate_lanes(const Rhs& rhs, LaneDouble* u, std::size_t n, int k, double t0_min, double dt_min,
                                const ReactionOptions& opt, LaneMask& accepted, LaneMask& rejected) {
  LaneDouble k1[kMaxReactionSpecies], k2[kMaxReactionSpecies], k3[kMaxReactionSpecies], k4[kMaxReactionSpecies];
  LaneDouble stage[kMaxReactionSpecies], y3[kMaxReactionSpecies];
  const LaneDouble zero = lane_splat<LaneDouble>(0.0);
  for (std::size_t s = 0; s < n; ++s) k1[s] = k2[s] = k3[s] = k4[s] = stage[s] = y3[s] = zero;
  const bool controlled = opt.fixed_substeps <= 0;
  const double h_nominal = controlled ? dt_min : dt_min / opt.fixed_substeps;
  const LaneDouble dt = lane_splat<LaneDouble>(dt_min);
  const LaneDouble t0 = lane_splat<LaneDouble>(t0_min);
  LaneDouble done = zero;
  LaneDouble h = lane_splat<LaneDouble>(h_nominal);
  LaneMask failed = {};
  LaneMask live = done < dt;
  for (std::size_t s = 0; s < n; ++s) u[s] = lane_select(u[s] < 0.0, zero, u[s]);
  rhs.evaluate(u, k1, n, k, t0);
  while (lane_any(live)) {
    const LaneMask stop = live & ((accepted + rejected >= opt.max_substeps) | (h <= dt_min * 1e-14));
    failed |= stop;
    live &= ~stop;
    if (!lane_any(live)) break;
    const LaneDouble remaining = dt - done;
    const LaneDouble h_try = lane_select(h >= remaining * (1.0 - 1e-12), remaining, h);
    const LaneDouble t = t0 + done;
    // A lane whose stage went negative is rejected; it evaluates the right-hand side at its
    // current (non-negative) state instead, so the right-hand side never sees a negative density.
    lane_stage_state(stage, u, h_try, 0.5, k1, 0.0, k1, 0.0, k1, n);
    LaneMask negative = lane_any_negative(stage, n);
    for (std::size_t s = 0; s < n; ++s) stage[s] = lane_select(negative, u[s], stage[s]);
    rhs.evaluate(stage, k2, n, k, t + 0.5 * h_try);
    lane_stage_state(stage, u, h_try, 0.0, k1, 0.75, k2, 0.0, k1, n);
    negative |= lane_any_negative(stage, n);
    for (std::size_t s = 0; s < n; ++s) stage[s] = lane_select(negative, u[s], stage[s]);
    rhs.evaluate(stage, k3, n, k, t + 0.75 * h_try);
    lane_stage_state(y3, u, h_try, 2.0 / 9.0, k1, 1.0 / 3.0, k2, 4.0 / 9.0, k3, n);
    negative |= lane_any_negative(y3, n);
    for (std::size_t s = 0; s < n; ++s) stage[s] = lane_select(negative, u[s], y3[s]);
    rhs.evaluate(stage, k4, n, k, t + h_try);
    LaneDouble err = zero;
    if (controlled) {
      for (std::size_t s = 0; s < n; ++s) {
        const LaneDouble e =
            h_try * (-5.0 / 72.0 * k1[s] + 1.0 / 12.0 * k2[s] + 1.0 / 9.0 * k3[s] - 1.0 / 8.0 * k4[s]);
        const LaneDouble scale = opt.abs_tol + opt.rel_tol * lane_max(lane_abs(u[s]), lane_abs(y3[s]));
        err = lane_max(err, lane_abs(e) / scale);
      }
    }
    const LaneMask too_large = err > 1.0;
    const LaneMask rejected_now = live & (negative | too_large);
    const LaneMask accepted_now = live & ~negative & ~too_large;
    const LaneDouble factor = lane_cube_root_for_control(1.0 / err);
    const LaneDouble h_negative = 0.5 * h_try;
    const LaneDouble h_error = h_try * lane_max(lane_splat<LaneDouble>(0.2), 0.9 * factor);
    const LaneDouble h_grown =
        controlled ? h_try * lane_select(err > 0.0, lane_min(lane_splat<LaneDouble>(5.0), 0.9 * factor),
                                         lane_splat<LaneDouble>(5.0))
                   : lane_splat<LaneDouble>(h_nominal);
    h = lane_select(live & negative, h_negative, lane_select(rejected_now, h_error, lane_select(accepted_now, h_grown, h)));
    for (std::size_t s = 0; s < n; ++s) {
      u[s] = lane_select(accepted_now, y3[s], u[s]);
      k1[s] = lane_select(accepted_now, k4[s], k1[s]);  // first-same-as-last
    }
    done = lane_select(accepted_now, lane_select(h_try == remaining, dt, done + h_try), done);
    accepted -= accepted_now;  // masks are -1 where true
    rejected -= rejected_now;
    live &= done < dt;
  }
  return failed;
}

}  // namespace detail

// Integrates the reactions of one row run, kLanes voxels at a time (the last batch padded with
// copies of the run's last voxel). Each voxel's result is bitwise integrate_voxel's when no
// multiply-add is fused.
template <class Rhs>
inline ReactionRowOutcome integrate_row_lanes(const Rhs& rhs, const ReactionRow& row, double t_min, double dt_min,
                                              const ReactionOptions& opt) {
  ReactionRowOutcome out;
  const std::size_t n = row.n_species;
  for (int first = 0; first < row.count; first += kLanes) {
    const int used = row.count - first < kLanes ? row.count - first : kLanes;
    const std::size_t base = row.first_voxel + static_cast<std::size_t>(first);
    LaneDouble u[kMaxReactionSpecies];
    for (std::size_t s = 0; s < n; ++s)
      for (int l = 0; l < kLanes; ++l) u[s][l] = static_cast<double>(row.data[s][base + static_cast<std::size_t>(l < used ? l : used - 1)]);
    LaneMask accepted = {}, rejected = {};
    const LaneMask failed = detail::integrate_lanes(rhs, u, n, row.k, t_min, dt_min, opt, accepted, rejected);
    for (int l = 0; l < used; ++l) {
      out.accepted += accepted[l];
      out.rejected += rejected[l];
      const int substeps = static_cast<int>(accepted[l] + rejected[l]);
      out.worst = substeps > out.worst ? substeps : out.worst;
      const std::size_t voxel = base + static_cast<std::size_t>(l);
      if (failed[l]) {
        ++out.failed;
        if (voxel < out.first_failed_voxel) out.first_failed_voxel = voxel;
        continue;
      }
      for (std::size_t s = 0; s < n; ++s) row.data[s][voxel] = static_cast<grid::Real>(u[s][l]);
    }
  }
  return out;
}
#pragma GCC diagnostic pop
#endif

}  // namespace skintwin::solver
