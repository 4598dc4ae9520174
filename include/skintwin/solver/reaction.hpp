#pragma once
// Pointwise reactions: every voxel integrates du/dt = f(u, x, t) over one time step,
// independently of its neighbours.
//
// Integrator: Bogacki-Shampine 3(2) explicit Runge-Kutta with its embedded second-order error
// estimate, adaptive sub-steps per voxel. A sub-step is accepted only if the error estimate is
// within tolerance AND no stage value or result is negative; otherwise it is retried with a
// smaller sub-step. So densities never go negative and the right-hand side is only ever
// evaluated at non-negative states, whatever the stiffness (stiff voxels just take more
// sub-steps). Runge-Kutta methods keep linear invariants, so a closed reaction (A -> B)
// conserves A + B to round-off. Stiff *linear* losses are cheaper in the implicit decay of the
// diffusion solver (DiffusionSpec::decay_per_min). See docs/solver.md.
//
// The per-voxel integrator is a header-only SKINTWIN_HOST_DEVICE function over fixed-size local
// arrays, so the same right-hand side and integrator can run inside a CUDA kernel.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "skintwin/core/host_device.hpp"
#include "skintwin/grid/field_set.hpp"
#include "skintwin/grid/grid.hpp"
#include "skintwin/solver/contract.hpp"
#include "skintwin/solver/lanes.hpp"
#include "skintwin/solver/parallel.hpp"

namespace skintwin::solver {

inline constexpr std::size_t kMaxReactionSpecies = 32;

// What a right-hand side may know about the voxel it is evaluated at.
struct VoxelContext {
  std::size_t voxel = 0;  // index in grid order, to look up per-voxel data the Rhs holds
  int i = 0, j = 0, k = 0;
  double x_um = 0.0, y_um = 0.0, z_um = 0.0;  // cell centre; z = depth below the surface
  double t_min = 0.0;                         // time of this stage of the integration
};

// A right-hand side is any copyable type with
//   SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du_dt_per_min,
//                                        std::size_t n_species, const VoxelContext&) const;
// that writes du/dt for all n species (0 for species it does not touch). It must be
// quasi-positive (u_i = 0 implies du_i/dt >= 0) for the non-negative solution to exist: a loss
// must vanish with its species (-k u, -k u v, -V u / (K + u)), never a fixed rate (-k). The
// integrator never clamps. A right-hand side that is not quasi-positive is refused when it
// matters: once a species it drives below zero reaches zero, sub-steps can only shrink, and
// integrate_reactions throws std::invalid_argument naming the species, its rate at zero, the voxel
// and the time (instead of a bare "step size underflowed"). Before that point, and in voxels
// where it never happens, the results are those of the right-hand side as given.

struct ReactionOptions {
  double rel_tol = 1e-3;   // relative local error per sub-step
  double abs_tol = 1e-6;   // absolute local error, in density units (baseline 1)
  int max_substeps = 200000;  // per voxel and step; exceeding it throws std::runtime_error
  // > 0: no error control, sub-steps of dt / fixed_substeps (halved only to stay non-negative).
  // For convergence studies of the integrator itself.
  int fixed_substeps = 0;
  // > 0: integrate only the first `species` fields; the rest are held as they are (for a caller
  // whose last species are inert in a run: their rates would be exactly 0). 0: all of them.
  std::size_t species = 0;
  // Steps at least this long (min) take the linearly implicit two-stage Rosenbrock W-method ROS2
  // instead of Bogacki-Shampine, with the right-hand side's decay rates as the diagonal of W (see
  // integrate_w_lanes_of). Infinity (the default): never.
  double stiff_from_dt_min = std::numeric_limits<double>::infinity();
};

struct VoxelOutcome {
  int accepted = 0;   // accepted sub-steps
  int rejected = 0;   // retried sub-steps (error or positivity)
  bool ok = true;     // false: max_substeps or step-size underflow before reaching dt
  // Only when !ok: the first species s whose rate is negative with u_s set to 0 and the other
  // species as they were when the integration stopped (the right-hand side is not
  // quasi-positive there), or -1 when every species passes (a genuinely stiff voxel).
  int species_negative_at_zero = -1;
  double rate_at_zero_per_min = 0.0;
  double t_stopped_min = 0.0;  // the time the integration stopped at
};

struct ReactionStats {
  long long accepted_substeps = 0;
  long long rejected_substeps = 0;
  int max_substeps_in_a_voxel = 0;
};

namespace detail {

// Cube root of x > 0 to about 1e-12 relative: a bit-level first guess and three Newton steps. Only
// the step-size controller uses it (its factor has no need of more digits), and std::cbrt cost
// a fifth of the integrator. Deterministic: the same x gives the same result on every thread.
SKINTWIN_HOST_DEVICE inline double cube_root_first_guess(double x) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  bits = bits / 3 + 0x2A9F7893782DA1CEull;
  double y = 0.0;
  std::memcpy(&y, &bits, sizeof y);
  return y;
}
SKINTWIN_HOST_DEVICE inline double cube_root_for_control(double x) {
  double y = cube_root_first_guess(x);
  y = (2.0 * y + x / (y * y)) * (1.0 / 3.0);
  y = (2.0 * y + x / (y * y)) * (1.0 / 3.0);
  y = (2.0 * y + x / (y * y)) * (1.0 / 3.0);
  return y;
}

#if defined(SKINTWIN_HAVE_LANES)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"  // inline helpers only, see lanes.hpp
// cube_root_for_control per lane: the bit-level first guess lane by lane (64-bit integer division
// has no vector form), the Newton steps on all lanes at once, in the scalar order.
template <LaneVector V>
inline V cube_root_for_control(V x) {
  V y;
  for (int l = 0; l < lane_width<V>; ++l) y[l] = cube_root_first_guess(x[l]);
  y = (2.0 * y + x / (y * y)) * (1.0 / 3.0);
  y = (2.0 * y + x / (y * y)) * (1.0 / 3.0);
  y = (2.0 * y + x / (y * y)) * (1.0 / 3.0);
  return y;
}
#pragma GCC diagnostic pop
#endif

// Whether any species of y is negative (per lane).
template <class T>
SKINTWIN_HOST_DEVICE inline auto lanes_negative(const T* y, std::size_t n) {
  auto m = lane_splat<T>(0.0) < 0.0;
  for (std::size_t s = 0; s < n; ++s) m = lane_or(m, y[s] < 0.0);
  return m;
}

// out = y + h * (c1 a1 + c2 a2 + c3 a3): one Runge-Kutta stage, per lane.
template <class T>
SKINTWIN_HOST_DEVICE inline void lanes_stage(T* out, const T* y, T h, double c1, const T* a1, double c2, const T* a2,
                                             double c3, const T* a3, std::size_t n) {
  for (std::size_t s = 0; s < n; ++s) out[s] = y[s] + h * (c1 * a1[s] + c2 * a2[s] + c3 * a3[s]);
}

// The sub-step control both integrators share, per lane: how far each lane got (`done`), its next
// sub-step size, which lanes are still going and which failed (max_substeps or step underflow). A
// sub-step is rejected when its error estimate exceeds 1 or a stage went negative (then halved);
// the next size is h clamp(0.9 factor, 0.2, 5), factor = err^(-1/(q+1)) for an embedded estimate
// of order q, computed by the caller. Without error control (fixed_substeps > 0) every sub-step is
// dt / fixed_substeps, halved only to stay non-negative.
template <class T, class Counter>
struct SubstepControl {
  using Mask = decltype(lane_splat<T>(0.0) < 0.0);
  SKINTWIN_HOST_DEVICE SubstepControl(T& done_lanes, double t0_min, double dt_min_, const ReactionOptions& opt)
      : done(done_lanes),
        dt_min(dt_min_),
        controlled(opt.fixed_substeps <= 0),
        h_nominal(controlled ? dt_min_ : dt_min_ / opt.fixed_substeps),
        max_substeps(opt.max_substeps),
        dt(lane_splat<T>(dt_min_)),
        t0(lane_splat<T>(t0_min)),
        h(lane_splat<T>(h_nominal)) {
    done = lane_splat<T>(0.0);
    failed = done < done;
    live = done < dt;
  }
  // Stops the lanes over their budget or with an underflowed step; false when no lane is left.
  // Otherwise the sub-step each lane tries now and its start time (a last sub-step within a hair
  // of the end takes the end exactly: no sliver steps).
  SKINTWIN_HOST_DEVICE bool next(const Counter& accepted, const Counter& rejected, T& h_try, T& t) {
    const Mask stop = lane_and(live, lane_or(accepted + rejected >= max_substeps, h <= dt_min * 1e-14));
    failed = lane_or(failed, stop);
    live = lane_and_not(live, stop);
    if (!lane_any(live)) return false;
    const T remaining = dt - done;
    h_try = lane_select(h >= remaining * (1.0 - 1e-12), remaining, h);
    t = t0 + done;
    return true;
  }
  // Accepts or rejects the sub-step h_try of every live lane; returns the lanes that accepted it.
  SKINTWIN_HOST_DEVICE Mask finish(T h_try, T err, Mask negative, T factor, Counter& accepted, Counter& rejected) {
    const Mask too_large = err > 1.0;
    const Mask rejected_now = lane_and(live, lane_or(negative, too_large));
    const Mask accepted_now = lane_and_not(lane_and_not(live, negative), too_large);
    const T h_error = h_try * lane_max(lane_splat<T>(0.2), 0.9 * factor);
    const T h_grown = controlled ? h_try * lane_select(err > 0.0, lane_min(lane_splat<T>(5.0), 0.9 * factor),
                                                      lane_splat<T>(5.0))
                                 : lane_splat<T>(h_nominal);
    h = lane_select(lane_and(live, negative), 0.5 * h_try,
                    lane_select(rejected_now, h_error, lane_select(accepted_now, h_grown, h)));
    const T remaining = dt - done;
    done = lane_select(accepted_now, lane_select(h_try == remaining, dt, done + h_try), done);
    accepted = lane_count(accepted, accepted_now);
    rejected = lane_count(rejected, rejected_now);
    live = lane_and(live, done < dt);
    return accepted_now;
  }

  T& done;
  double dt_min;
  bool controlled;
  double h_nominal;
  int max_substeps;
  T dt, t0, h;
  Mask failed, live;
};

// Round-off negatives left by another operator would block every sub-step: lifted to 0.
template <class T>
SKINTWIN_HOST_DEVICE inline void lift_negatives(T* u, std::size_t n) {
  for (std::size_t s = 0; s < n; ++s) u[s] = lane_select(u[s] < 0.0, lane_splat<T>(0.0), u[s]);
}

// max_s |e_s| / (abs_tol + rel_tol max(|u_s|, |y_s|)): the error norm of both integrators.
template <class T>
SKINTWIN_HOST_DEVICE inline T error_norm(const T* e, const T* u, const T* y, std::size_t n, const ReactionOptions& opt) {
  T err = lane_splat<T>(0.0);
  for (std::size_t s = 0; s < n; ++s) {
    const T scale = opt.abs_tol + opt.rel_tol * lane_max(lane_abs(u[s]), lane_abs(y[s]));
    err = lane_max(err, lane_abs(e[s]) / scale);
  }
  return err;
}

// The integrator itself, written once over the number type: T = double integrates one voxel
// (integrate_voxel; Mask = bool, Counter = int), T = LaneDouble or LaneDouble4 a vector's width
// of voxels side by side (reaction_lanes.hpp; Mask = Counter = its mask type). Each lane keeps its
// own sub-step size, time and accept/reject decisions (masks instead of branches) and stops when
// its voxel is done, so a lane ends bitwise where one voxel alone would. A stage that went
// negative is rejected; its lane evaluates f at its current, non-negative state instead, so f
// never sees a negative density. f(y, dy_dt, t_min) evaluates the right-hand side. Returns the
// lanes that failed (max_substeps or step underflow); `done` is how far each lane got.
template <class T, class Counter, class Evaluate>
SKINTWIN_HOST_DEVICE inline auto integrate_lanes_of(const Evaluate& f, T* u, std::size_t n, double t0_min, double dt_min,
                                                    const ReactionOptions& opt, Counter& accepted, Counter& rejected,
                                                    T& done) {
  using Mask = decltype(lane_splat<T>(0.0) < 0.0);
  T k1[kMaxReactionSpecies], k2[kMaxReactionSpecies], k3[kMaxReactionSpecies], k4[kMaxReactionSpecies];
  T stage[kMaxReactionSpecies], y3[kMaxReactionSpecies];
  const T zero = lane_splat<T>(0.0);
  // Not zeroed: every entry in use is written before it is read (the right-hand side writes all n
  // rates, by its contract), and zeroing six arrays per batch was 1.4 % of a course.
  SubstepControl<T, Counter> control(done, t0_min, dt_min, opt);
  lift_negatives(u, n);
  f(u, k1, control.t0);
  T h_try = zero, t = zero;
  while (control.next(accepted, rejected, h_try, t)) {
    lanes_stage(stage, u, h_try, 0.5, k1, 0.0, k1, 0.0, k1, n);
    Mask negative = lanes_negative(stage, n);
    for (std::size_t s = 0; s < n; ++s) stage[s] = lane_select(negative, u[s], stage[s]);
    f(stage, k2, t + 0.5 * h_try);
    lanes_stage(stage, u, h_try, 0.0, k1, 0.75, k2, 0.0, k1, n);
    negative = lane_or(negative, lanes_negative(stage, n));
    for (std::size_t s = 0; s < n; ++s) stage[s] = lane_select(negative, u[s], stage[s]);
    f(stage, k3, t + 0.75 * h_try);
    lanes_stage(y3, u, h_try, 2.0 / 9.0, k1, 1.0 / 3.0, k2, 4.0 / 9.0, k3, n);
    negative = lane_or(negative, lanes_negative(y3, n));
    for (std::size_t s = 0; s < n; ++s) stage[s] = lane_select(negative, u[s], y3[s]);
    f(stage, k4, t + h_try);
    T err = zero;
    if (control.controlled) {
      for (std::size_t s = 0; s < n; ++s)  // the embedded second-order solution's difference (stage as scratch)
        stage[s] = h_try * (-5.0 / 72.0 * k1[s] + 1.0 / 12.0 * k2[s] + 1.0 / 9.0 * k3[s] - 1.0 / 8.0 * k4[s]);
      err = error_norm(stage, u, y3, n, opt);
    }
    const Mask accepted_now =
        control.finish(h_try, err, negative, cube_root_for_control(1.0 / err), accepted, rejected);
    for (std::size_t s = 0; s < n; ++s) {
      u[s] = lane_select(accepted_now, y3[s], u[s]);
      k1[s] = lane_select(accepted_now, k4[s], k1[s]);  // first-same-as-last
    }
  }
  return control.failed;
}

// The same contract (lanes, masks, positivity, failure) with the two-stage Rosenbrock W-method
// ROS2 (Verwer, Spee, Blom & Hundsdorfer 1999, SIAM J Sci Comput 20:1456), for long steps through
// stiff but slowly moving kinetics, where an explicit method is held to its stability limit:
//   W = I + γ h diag(d(y_n)),  γ = 1 + 1/√2
//   k1 = W⁻¹ f(t_n, y_n)
//   k2 = W⁻¹ (f(t_n + h, y_n + h k1) − 2 k1)
//   y_n+1 = y_n + h (3/2 k1 + 1/2 k2)
// d_s ≥ 0 approximates −∂f_s/∂y_s (decay(y, d, t_min); all 0 gives Heun's method). ROS2 is of
// second order whatever W is (a W-method), so a rough diagonal costs accuracy nothing; it buys
// stability where the stiffness sits on the diagonal (linear decays: L-stable there). The error
// estimate is the difference to the embedded linearly implicit Euler step y_n + h k1, so the step
// control uses the exponent 1/2. It is not filtered by W⁻¹ (Shampine 1982): filtered, a fast
// transient passed unresolved (a 5000 /min decay over a 1 min step kept 1.7e-4 of its start, 166
// times abs_tol), and the healing model ran no faster. f is evaluated twice per sub-step (and
// again at the new state after an acceptance), decay once per accepted state.
template <class T, class Counter, class Evaluate, class Decay>
SKINTWIN_HOST_DEVICE inline auto integrate_w_lanes_of(const Evaluate& f, const Decay& decay, T* u, std::size_t n,
                                                      double t0_min, double dt_min, const ReactionOptions& opt,
                                                      Counter& accepted, Counter& rejected, T& done) {
  using Mask = decltype(lane_splat<T>(0.0) < 0.0);
  constexpr double gamma = 1.7071067811865475;  // 1 + 1/sqrt(2)
  T f0[kMaxReactionSpecies], d[kMaxReactionSpecies], k1[kMaxReactionSpecies], k2[kMaxReactionSpecies];
  T stage[kMaxReactionSpecies], y2[kMaxReactionSpecies];
  const T zero = lane_splat<T>(0.0);  // the arrays are written before they are read, as above
  SubstepControl<T, Counter> control(done, t0_min, dt_min, opt);
  lift_negatives(u, n);
  f(u, f0, control.t0);
  decay(u, d, control.t0);
  T h_try = zero, t = zero;
  while (control.next(accepted, rejected, h_try, t)) {
    for (std::size_t s = 0; s < n; ++s) {
      k1[s] = f0[s] / (1.0 + gamma * h_try * d[s]);
      stage[s] = u[s] + h_try * k1[s];
    }
    Mask negative = lanes_negative(stage, n);
    for (std::size_t s = 0; s < n; ++s) stage[s] = lane_select(negative, u[s], stage[s]);
    f(stage, k2, t + h_try);
    for (std::size_t s = 0; s < n; ++s) {
      k2[s] = (k2[s] - 2.0 * k1[s]) / (1.0 + gamma * h_try * d[s]);
      y2[s] = u[s] + h_try * (1.5 * k1[s] + 0.5 * k2[s]);
    }
    negative = lane_or(negative, lanes_negative(y2, n));
    T err = zero;
    if (control.controlled) {
      for (std::size_t s = 0; s < n; ++s) stage[s] = 0.5 * h_try * (k1[s] + k2[s]);  // y_n+1 - (y_n + h k1)
      err = error_norm(stage, u, y2, n, opt);
    }
    const Mask accepted_now = control.finish(h_try, err, negative, lane_sqrt(1.0 / err), accepted, rejected);
    for (std::size_t s = 0; s < n; ++s) u[s] = lane_select(accepted_now, y2[s], u[s]);
    if (lane_any(lane_and(accepted_now, control.live))) {
      // Rates and decay at the new states (lanes that did not move keep theirs).
      f(u, stage, control.t0 + done);
      decay(u, y2, control.t0 + done);
      for (std::size_t s = 0; s < n; ++s) {
        f0[s] = lane_select(accepted_now, stage[s], f0[s]);
        d[s] = lane_select(accepted_now, y2[s], d[s]);
      }
    }
  }
  return control.failed;
}

// On a failed voxel: looks for a species the right-hand side drives negative at zero (f_s < 0 with
// u_s = 0, the others at u). Uses `scratch` and `rates` (n values each) as work space.
template <class Rhs>
SKINTWIN_HOST_DEVICE inline void diagnose_non_quasi_positive(const Rhs& rhs, const double* u, std::size_t n,
                                                             const VoxelContext& ctx, double* scratch, double* rates,
                                                             VoxelOutcome& out) {
  for (std::size_t s = 0; s < n; ++s) {
    for (std::size_t r = 0; r < n; ++r) scratch[r] = u[r];
    scratch[s] = 0.0;
    rhs(scratch, rates, n, ctx);
    if (rates[s] < 0.0) {
      out.species_negative_at_zero = static_cast<int>(s);
      out.rate_at_zero_per_min = rates[s];
      return;
    }
  }
}

// A number for a message: six significant digits, so small rates do not print as 0.000000.
inline std::string message_number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

}  // namespace detail

// Advances u[0..n) (n <= kMaxReactionSpecies) by dt_min from ctx.t_min. Negative inputs count as 0.
template <class Rhs>
SKINTWIN_HOST_DEVICE inline VoxelOutcome integrate_voxel(const Rhs& rhs, double* u, std::size_t n, VoxelContext ctx,
                                                         double dt_min, const ReactionOptions& opt) {
  VoxelOutcome out;
  const double t0 = ctx.t_min;
  const auto f = [&](const double* y, double* dy, double t_min) {
    ctx.t_min = t_min;
    rhs(y, dy, n, ctx);
  };
  double done = 0.0;
  bool failed = false;
  if (dt_min >= opt.stiff_from_dt_min) {
    const auto decay = [&](const double* y, double* d, double t_min) {
      ctx.t_min = t_min;
      if constexpr (requires { rhs.decay_rates(y, d, n, ctx); }) {
        rhs.decay_rates(y, d, n, ctx);
      } else {
        for (std::size_t s = 0; s < n; ++s) d[s] = 0.0;
      }
    };
    failed = detail::integrate_w_lanes_of(f, decay, u, n, t0, dt_min, opt, out.accepted, out.rejected, done);
  } else {
    failed = detail::integrate_lanes_of(f, u, n, t0, dt_min, opt, out.accepted, out.rejected, done);
  }
  if (failed) {
    out.ok = false;
    ctx.t_min = t0 + done;
    out.t_stopped_min = ctx.t_min;
    double scratch[kMaxReactionSpecies], rates[kMaxReactionSpecies];
    detail::diagnose_non_quasi_positive(rhs, u, n, ctx, scratch, rates, out);
  }
  return out;
}

// Throws std::invalid_argument unless both tolerances are > 0, max_substeps >= 1 and fixed_substeps >= 0.
inline void validate(const ReactionOptions& opt) {
  if (!(opt.rel_tol > 0.0) || !std::isfinite(opt.rel_tol))
    throw contract_error("reactions: rel_tol", std::to_string(opt.rel_tol), "a finite number > 0");
  if (!(opt.abs_tol > 0.0) || !std::isfinite(opt.abs_tol))
    throw contract_error("reactions: abs_tol", std::to_string(opt.abs_tol), "a finite number > 0");
  if (opt.max_substeps < 1)
    throw contract_error("reactions: max_substeps", std::to_string(opt.max_substeps), "an integer >= 1");
  if (opt.fixed_substeps < 0)
    throw contract_error("reactions: fixed_substeps", std::to_string(opt.fixed_substeps), "an integer >= 0");
  if (!(opt.stiff_from_dt_min >= 0.0))
    throw contract_error("reactions: stiff_from_dt_min", std::to_string(opt.stiff_from_dt_min), "a number >= 0 (infinity: never)");
}

// One run of consecutive voxels of a grid row (same j and k), as pointers into the fields.
struct ReactionRow {
  grid::Real* const* data = nullptr;  // data[s] = field s
  std::size_t n_species = 0;
  std::size_t first_voxel = 0;
  int count = 0;  // voxels in the run
  int k = 0;      // grid z index (depth row) of every voxel of the run
};

// What integrating one row did. A failed voxel (max_substeps or step-size underflow) is left as it
// was and reported, so the caller can rerun it with integrate_voxel to say why.
struct ReactionRowOutcome {
  long long accepted = 0;
  long long rejected = 0;
  int worst = 0;  // most sub-steps (accepted + rejected) of one voxel
  std::size_t first_failed_voxel = static_cast<std::size_t>(-1);  // none failed: -1
};

namespace detail {

inline VoxelContext voxel_context(const grid::Grid& g, std::size_t voxel, double t_min) {
  const std::size_t nx = static_cast<std::size_t>(g.nx()), ny = static_cast<std::size_t>(g.ny());
  VoxelContext ctx;
  ctx.voxel = voxel;
  ctx.i = static_cast<int>(voxel % nx);
  ctx.j = static_cast<int>((voxel / nx) % ny);
  ctx.k = static_cast<int>(voxel / (nx * ny));
  ctx.x_um = g.center_um(grid::Axis::X, ctx.i);
  ctx.y_um = g.center_um(grid::Axis::Y, ctx.j);
  ctx.z_um = g.center_um(grid::Axis::Z, ctx.k);
  ctx.t_min = t_min;
  return ctx;
}

}  // namespace detail

// Integrates one row run voxel by voxel with integrate_voxel.
template <class Rhs>
ReactionRowOutcome integrate_row(const Rhs& rhs, const grid::Grid& g, const ReactionRow& row, double t_min,
                                 double dt_min, const ReactionOptions& opt) {
  ReactionRowOutcome out;
  double u[kMaxReactionSpecies];
  for (int i = 0; i < row.count; ++i) {
    const std::size_t voxel = row.first_voxel + static_cast<std::size_t>(i);
    for (std::size_t s = 0; s < row.n_species; ++s) u[s] = static_cast<double>(row.data[s][voxel]);
    const VoxelOutcome o = integrate_voxel(rhs, u, row.n_species, detail::voxel_context(g, voxel, t_min), dt_min, opt);
    out.accepted += o.accepted;
    out.rejected += o.rejected;
    out.worst = std::max(out.worst, o.accepted + o.rejected);
    if (!o.ok) {
      out.first_failed_voxel = std::min(out.first_failed_voxel, voxel);
      continue;
    }
    for (std::size_t s = 0; s < row.n_species; ++s) row.data[s][voxel] = static_cast<grid::Real>(u[s]);
  }
  return out;
}

// Integrates the reactions in every voxel of `fields` from t_min to t_min + dt_min, one grid row
// (fixed j and k) at a time with row_integrator(const ReactionRow&) -> ReactionRowOutcome, which
// must give each voxel integrate_voxel's result (the default; reaction_lanes.hpp has a batched one).
// Deterministic for any number of threads (voxels are independent).
// Throws std::invalid_argument when a voxel stops because the right-hand side is not
// quasi-positive (see VoxelOutcome; the lowest failed voxel is rerun and named),
// std::runtime_error when a voxel needs more than max_substeps or its step size underflows for
// another reason.
template <class Rhs, class RowIntegrator>
ReactionStats integrate_reactions(grid::FieldSet& fields, const Rhs& rhs, double t_min, double dt_min,
                                  const ReactionOptions& opt, const RowIntegrator& row_integrator) {
  const std::size_t n = opt.species > 0 && opt.species < fields.count() ? opt.species : fields.count();
  if (n > kMaxReactionSpecies)
    throw std::invalid_argument("reactions: " + std::to_string(n) + " species, at most " +
                                std::to_string(kMaxReactionSpecies) + " supported");
  if (!(dt_min >= 0.0) || !std::isfinite(dt_min))
    throw std::invalid_argument("reactions: dt_min must be finite and >= 0");
  validate(opt);
  const grid::Grid& g = fields.grid();
  grid::Real* data[kMaxReactionSpecies];
  for (std::size_t s = 0; s < n; ++s) data[s] = fields.field(s).data();
  long long accepted = 0, rejected = 0;
  int worst = 0;
  std::size_t first_failed = static_cast<std::size_t>(-1);
  if (dt_min == 0.0) return {};
  const int nz = g.nz(), ny = g.ny(), nx = g.nx();
#pragma omp parallel for collapse(2) schedule(static) reduction(+ : accepted, rejected) reduction(max : worst) \
    reduction(min : first_failed) if (g.voxels() >= kParallelMinReactionVoxels)
  for (int k = 0; k < nz; ++k) {
    for (int j = 0; j < ny; ++j) {
      const ReactionRow row{data, n, g.index(0, j, k), nx, k};
      const ReactionRowOutcome o = row_integrator(row);
      accepted += o.accepted;
      rejected += o.rejected;
      worst = std::max(worst, o.worst);
      first_failed = std::min(first_failed, o.first_failed_voxel);
    }
  }
  if (first_failed != static_cast<std::size_t>(-1)) {
    // The failed voxel was left as it was: integrate it again, alone, to say why it failed.
    double u[kMaxReactionSpecies];
    for (std::size_t s = 0; s < n; ++s) u[s] = static_cast<double>(data[s][first_failed]);
    const VoxelContext ctx = detail::voxel_context(g, first_failed, t_min);
    const VoxelOutcome o = integrate_voxel(rhs, u, n, ctx, dt_min, opt);
    if (!o.ok && o.species_negative_at_zero >= 0) {
      const std::string s = std::to_string(o.species_negative_at_zero);
      throw std::invalid_argument(
          "reactions: the right-hand side is not quasi-positive: species " + s + " has du/dt = " +
          detail::message_number(o.rate_at_zero_per_min) + " per min at u[" + s + "] = 0 (voxel (" +
          std::to_string(ctx.i) + ", " + std::to_string(ctx.j) + ", " + std::to_string(ctx.k) +
          "), t = " + detail::message_number(o.t_stopped_min) +
          " min), so it cannot stay non-negative; a loss must vanish with its species (-k*u, not a fixed rate -k)");
    }
    throw std::runtime_error("reactions: a voxel needed more than max_substeps (" + std::to_string(opt.max_substeps) +
                             ") sub-steps or its step size underflowed in a step of " + std::to_string(dt_min) +
                             " min");
  }
  return {accepted, rejected, worst};
}

template <class Rhs>
ReactionStats integrate_reactions(grid::FieldSet& fields, const Rhs& rhs, double t_min, double dt_min,
                                  const ReactionOptions& opt = {}) {
  const grid::Grid& g = fields.grid();
  return integrate_reactions(fields, rhs, t_min, dt_min, opt, [&](const ReactionRow& row) {
    return integrate_row(rhs, g, row, t_min, dt_min, opt);
  });
}

}  // namespace skintwin::solver
