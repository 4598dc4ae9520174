#pragma once
// The pointwise reactions of the healing model (docs/model.md, "Healing model", equations 2.1-2.13)
// as a right-hand side for solver::integrate_reactions. Plain data and raw pointers only, no
// allocation, no virtual calls, so the same struct can run inside a CUDA kernel. Oxygen is not
// advanced here (its rate is 0): it is solved quasi-steady by the oxygen operator.
#include <cmath>
#include <cstddef>

#include "skintwin/core/host_device.hpp"
#include "skintwin/model/parameters.hpp"
#include "skintwin/model/species.hpp"
#include "skintwin/solver/lanes.hpp"
#include "skintwin/solver/reaction.hpp"

namespace skintwin::model {

// Everything the reactions need to know about one depth row (grid index k) of layered skin.
struct LayerRow {
  int is_epidermis = 0;
  double surface_per_um = 0.0;  // 1 / Δz in the top row (where the stratum corneum lets an agent in), else 0
  double M_b = 0.0, F_b = 0.0, C3_b = 0.0, C1_b = 0.0, El_b = 0.0, V_b = 0.0;
  double G_b = 0.0, Pr_b = 1.0, v_b = 0.0, O_b = 0.0;
  double s_C0_per_min = 0.0;  // homeostatic collagen synthesis per fibroblast (closure 2.7)
  double s_E_per_min = 0.0;   // basal elastin synthesis per fibroblast (closure 2.8)
  double C_max = 0.0, El_max = 0.0, V_max = 0.0;
  double C_b = 0.0;            // healthy total collagen C1_b + C3_b: the set point of repair
  double O_synthesis_b = 0.0;  // h(O_b; K_OC): healthy oxygen factor of matrix synthesis
  double rho3 = 0.0;  // healthy III:I ratio
  double f3_b = 0.0;  // III fraction of homeostatic synthesis
  double q_resident_mmHg_per_min = 0.0;  // resident O2 demand of the layer (q_0)
  // Baseline closure (2.14): a constant source where the healthy balance lacks production, a
  // first-order loss (rate = |imbalance| / baseline) where it has too much, so the lost amount
  // vanishes with the species and cannot push it below zero.
  double source_per_min[kSpeciesCount]{};
  double loss_per_min[kSpeciesCount]{};
};

// Written once over the number type T: double, or a lane vector (several voxels at once, see
// solver/lanes.hpp). Every expression keeps one order of operations for both, so a lane computes
// bitwise what the scalar code computes.
template <class T>
SKINTWIN_HOST_DEVICE inline T saturating(T a, double K) {
  return a / (K + a);
}
template <class T>
SKINTWIN_HOST_DEVICE inline T positive_part(T a) {
  return solver::lane_select(a > 0.0, a, solver::lane_splat<T>(0.0));
}

// Density feedback of matrix synthesis ("room"): 1 - X / X_max up to the healthy X_b, then a tail
// with the same value and slope at X_b that falls as 1 / X and never reaches 0, so dense matrix
// slows synthesis without a hard cap (repeated sessions can still add). With X_max <= X_b (a
// C_max_factor or El_max_factor of 1 or less) there is no room at all: the fibroblasts lay down
// nothing but repair, and the healthy balance is kept by the baseline closure instead.
template <class T>
SKINTWIN_HOST_DEVICE inline T density_room(T X, double X_b, double X_max) {
  const double room_b = X_max > 0.0 ? 1.0 - X_b / X_max : 0.0;
  if (!(room_b > 0.0)) return solver::lane_splat<T>(0.0);
  const T below = 1.0 - X / X_max;
  const T above = room_b / (1.0 + positive_part(X - X_b) / (room_b * X_max));
  return solver::lane_select(X <= X_b, below, above);
}

struct HealingRhs {
  const LayerRow* rows = nullptr;  // one per grid z index, owned by the model
  HealingRates rates;
  double t_session_min = 0.0;  // time of the latest session (activates the epidermal front)
  double agent_applied_min = 0.0;  // a topical agent stays on the skin this long after each session
  double agent_daily_share = 0.0;  // and from then on, at home, this share of the time (daily mean)

  // Matrix repair by the resident cells: a deficit below the healthy set point X_b is refilled at
  // k_rep per minute, in proportion to the fibroblasts present and to the oxygen synthesis needs
  // (O_synthesis = h(O; K_OC), the caller's), both relative to healthy; nothing where there is no
  // deficit.
  // X_set is the voxel's set point: the layer's healthy X_b times its matrix set point (1 outside
  // lesions, so the product is X_b exactly).
  template <class T>
  SKINTWIN_HOST_DEVICE T matrix_repair(double k_rep, T X, T X_set, const LayerRow& row, const T* u,
                                       T O_synthesis) const {
    if (!(row.F_b > 0.0) || !(row.O_synthesis_b > 0.0)) return solver::lane_splat<T>(0.0);
    return k_rep * positive_part(X_set - X) * (u[index(Species::Fibroblasts)] / row.F_b) *
           (O_synthesis / row.O_synthesis_b);
  }

  // Homeostatic synthesis in a voxel whose matrix set point is s (docs/model.md, "Lesions"): the
  // resident cells keep s X_b, so their basal synthesis is s times the healthy one with the room
  // measured against the scaled set point, room(X / s); activated synthesis keeps the room of the
  // healthy density (sparse matrix leaves activated fibroblasts more room). Returned as a factor of
  // the healthy basal synthesis at the voxel's own room(X): s room(X / s) / room(X), which is 1.0
  // exactly where s = 1 (healthy skin keeps its arithmetic bit for bit).
  template <class T>
  SKINTWIN_HOST_DEVICE static T basal_share(T set_point, T X, T room_healthy, double X_b, double X_max) {
    // The common case, outside any lesion, without the two divisions (the result is 1.0 there anyway).
    if (!solver::lane_any(set_point != 1.0)) return solver::lane_splat<T>(1.0);
    const T room_set = density_room(X / set_point, X_b, X_max);
    return solver::lane_select(room_healthy > 0.0, set_point * room_set / room_healthy, solver::lane_splat<T>(0.0));
  }

  // Collagen laid down per minute (types I + III) by the fibroblasts of a voxel: the synthesis
  // observable (its healthy value is k_C x the layer's collagen). Homeostatic, activated and repair.
  template <class T>
  SKINTWIN_HOST_DEVICE T collagen_production(const LayerRow& row, const T* u) const {
    return collagen_production(row, u, saturating(u[index(Species::Oxygen)], rates.K_OC_mmHg));
  }
  // The same, with h(O; K_OC) already at hand (the right-hand side needs it for elastin too).
  template <class T>
  SKINTWIN_HOST_DEVICE T collagen_production(const LayerRow& row, const T* u, T O_synthesis) const {
    const T G_ex = positive_part(u[index(Species::GrowthFactor)] - row.G_b);
    const T C_tot = u[index(Species::CollagenI)] + u[index(Species::CollagenIII)];
    const T set_point = u[index(Species::MatrixSetPoint)];
    const T room = density_room(C_tot, row.C_b, row.C_max);
    const T basal = row.s_C0_per_min * basal_share(set_point, C_tot, room, row.C_b, row.C_max);
    const T activation = saturating(G_ex, rates.K_CG) + rates.a_A * u[index(Species::FibroblastActivation)];
    return (basal + rates.s_CA_per_min * activation) * u[index(Species::Fibroblasts)] * O_synthesis * room +
           matrix_repair(rates.k_Crep_per_min, C_tot, set_point * row.C_b, row, u, O_synthesis);
  }

  // Damage as the rates read it: at most 1.
  template <class T>
  SKINTWIN_HOST_DEVICE static T damage_of(const T* u) {
    return solver::lane_select(u[index(Species::Damage)] < 1.0, u[index(Species::Damage)], solver::lane_splat<T>(1.0));
  }
  // Per-unit loss rate of collagen (both types and the cross-linked part): turnover with the
  // protease activity, and digestion of damaged matrix.
  template <class T>
  SKINTWIN_HOST_DEVICE T collagen_loss_rate(const LayerRow& row, const T* u, T Dm) const {
    const T Pr = u[index(Species::Proteases)];
    return rates.k_C_per_min * (Pr / row.Pr_b) + rates.k_CD_per_min * Pr * Dm;
  }
  // Activation of the epidermal front t_since_min after the latest session: 1 - exp(-t / τ_lag)
  // (a step at t = 0 with τ_lag = 0).
  template <class T>
  SKINTWIN_HOST_DEVICE T front_activation(T t_since_min) const {
    return rates.tau_lag_min > 0.0 ? 1.0 - solver::lane_exp(-positive_part(t_since_min) / rates.tau_lag_min)
                                   : solver::lane_select(t_since_min >= 0.0, solver::lane_splat<T>(1.0),
                                                         solver::lane_splat<T>(0.0));
  }

  // du/dt of every species without the closure terms: what 2.14 balances.
  template <class T>
  SKINTWIN_HOST_DEVICE void raw_rates(const LayerRow& row, const T* u, T* du, T t_since_min) const {
    using solver::lane_select;
    using solver::lane_splat;
    const HealingRates& r = rates;
    const T one = lane_splat<T>(1.0);
    const T Dm = damage_of(u);
    const T phi = u[index(Species::Fibrin)];
    const T Bp = u[index(Species::ClotGrowthFactor)];
    const T G = u[index(Species::GrowthFactor)];
    const T M = u[index(Species::InflammatoryCells)];
    const T F = u[index(Species::Fibroblasts)];
    const T C3 = u[index(Species::CollagenIII)];
    const T C1 = u[index(Species::CollagenI)];
    const T El = u[index(Species::Elastin)];
    const T Pr = u[index(Species::Proteases)];
    const T O = u[index(Species::Oxygen)];
    const T v = u[index(Species::Vegf)];
    const T n = u[index(Species::SproutTips)];
    const T V = u[index(Species::Vessels)];
    const T Ep = u[index(Species::EpidermalCoverage)];
    const T A = u[index(Species::FibroblastActivation)];
    // Responses read the surplus over the healthy level, so healthy skin needs no correction.
    const T G_ex = positive_part(G - row.G_b);
    const T M_ex = positive_part(M - row.M_b);
    const T F_ex = positive_part(F - row.F_b);
    const T protease_ratio = Pr / row.Pr_b;
    const T ep_here = row.is_epidermis ? Ep : lane_splat<T>(0.0);

    du[index(Species::Damage)] = -r.k_damage_clear_per_min * saturating(M, r.K_damage_M) * Dm;
    du[index(Species::Fibrin)] = -r.k_fibrinolysis_per_min * protease_ratio * phi;
    du[index(Species::ClotGrowthFactor)] = -r.k_release_per_min * Bp;
    du[index(Species::GrowthFactor)] = r.k_release_per_min * Bp + r.p_GM_per_min * M_ex * (1.0 + r.a_GD * Dm) +
                                       r.p_GF_per_min * F * saturating(G, r.K_GF) - r.k_growth_factor_per_min * G -
                                       r.u_GF_per_min * F * saturating(G, 1.0);
    du[index(Species::InflammatoryCells)] = r.r_M_per_min * V * (Dm + r.w_MG * saturating(G_ex, r.K_MG)) * (1.0 - M / r.M_max) -
                                            r.k_M_per_min * (M - row.M_b);
    // Per-cell birth rate of fibroblasts (the proliferation term of dF/dt over F).
    const T birth = r.r_F_per_min * saturating(G_ex, r.K_G) * saturating(O, r.K_OF_mmHg) * (1.0 - F / r.F_max);
    du[index(Species::Fibroblasts)] =
        birth * F - r.d_F_per_min * F_ex + r.k_Fb_per_min * positive_part(row.F_b - F) * (1.0 - Dm) - r.k_FD_per_min * Dm * F;

    const T O_synthesis = saturating(O, r.K_OC_mmHg);
    const T production = collagen_production(row, u, O_synthesis);
    const T f3 = row.f3_b + (r.f3_max - row.f3_b) * saturating(G_ex, r.K_3G);
    const T remodel = r.k_31_per_min * protease_ratio * positive_part(C3 - row.rho3 * C1);
    const T collagen_loss = collagen_loss_rate(row, u, Dm);
    du[index(Species::CollagenIII)] = f3 * production - remodel - collagen_loss * C3;
    du[index(Species::CollagenI)] = (1.0 - f3) * production + remodel - collagen_loss * C1;
    // New collagen I is laid down uncross-linked and matures at k_xl; losses take mature and new
    // fibres alike, so the cross-linked part never exceeds collagen I.
    const T X = u[index(Species::CollagenCrossLinked)];
    du[index(Species::CollagenCrossLinked)] = r.k_xl_per_min * positive_part(C1 - X) - collagen_loss * X;

    const T set_point = u[index(Species::MatrixSetPoint)];
    const T El_room = density_room(El, row.El_b, row.El_max);
    const T El_basal = basal_share(set_point, El, El_room, row.El_b, row.El_max);
    du[index(Species::FibroblastActivation)] =
        r.k_Aon_per_min * saturating(G_ex, r.K_G) * (1.0 - A) - r.k_Aoff_per_min * A;
    du[index(Species::Elastin)] = row.s_E_per_min * F * (El_basal + r.sig_E * (saturating(G_ex, r.K_EG) + r.a_A * A)) *
                                      O_synthesis * El_room +
                                  matrix_repair(r.k_Erep_per_min, El, set_point * row.El_b, row, u, O_synthesis) -
                                  r.k_E_per_min * protease_ratio * El - r.k_EM_per_min * M_ex * El;
    // Fibroblasts born in a wound are new cells that keep the healthy matrix: a lesion's set point
    // moves toward 1 at their per-cell birth rate (0 where s = 1, and in quiet tissue).
    du[index(Species::MatrixSetPoint)] = positive_part(birth) * (1.0 - u[index(Species::MatrixSetPoint)]);
    du[index(Species::Proteases)] = r.p_PM_per_min * M_ex * (1.0 + r.a_PD * Dm) +
                                    r.p_PF_per_min * F * saturating(G_ex, r.K_PG) - r.k_P_per_min * Pr;
    du[index(Species::Oxygen)] = lane_splat<T>(0.0);

    const T O_rel = O / r.K_hyp_mmHg;
    // pow costs as much as the rest of the right-hand side; the default Hill exponent is 3.
    const T O_rel_m = r.hypoxia_hill == 3.0 ? O_rel * O_rel * O_rel : solver::lane_pow(O_rel, r.hypoxia_hill);
    const T hypoxia = 1.0 / (1.0 + O_rel_m);
    du[index(Species::Vegf)] = (r.p_vF_per_min * F + r.p_vK_per_min * ep_here + r.p_vM0_per_min * M) * hypoxia +
                               r.p_vM_per_min * M_ex - r.k_v_per_min * v - r.u_v_per_min * (V + n) * saturating(v, 1.0);
    du[index(Species::SproutTips)] = r.a_s_per_min * V * saturating(positive_part(v - r.v_thr), 1.0) * (1.0 - Dm) +
                                     r.a_b_per_min * n * saturating(v, 1.0) - r.b_nV_per_min * n * V -
                                     r.b_nn_per_min * n * n - r.d_n_per_min * n;
    const T V_room = row.V_max > 0.0 ? positive_part(1.0 - V / row.V_max) : lane_splat<T>(0.0);
    du[index(Species::Vessels)] = r.tip_speed_um_per_min / r.L_tip_um * n * V_room -
                                  r.rho_V_per_min * positive_part(V - row.V_b) * r.K_VR / (r.K_VR + v) +
                                  r.k_Vrep_per_min * positive_part(row.V_b - V) * (1.0 - Dm);

    T coverage_rate = lane_splat<T>(0.0);
    if (row.is_epidermis) {
      const T activation = front_activation(t_since_min);
      const T substrate = lane_select(solver::lane_or(phi > 0.2, Dm < 0.5), one, lane_splat<T>(r.g_open));
      coverage_rate = r.r_e_per_min * activation * substrate * Ep * (1.0 - Ep);
    }
    du[index(Species::EpidermalCoverage)] = coverage_rate;
  }

  // A topical agent enters through the intact stratum corneum (top row) and, far faster, through
  // open channel mouths (epidermis voxels without coverage) while it is on the skin; the control
  // copy sees only the intact route. Both diffuse and are cleared by the vessels. Epidermal
  // melanin turns over toward the melanocytes' output, which the agent suppresses
  // (docs/model.md, "Topical delivery and pigment").
  template <class T>
  SKINTWIN_HOST_DEVICE void topical_and_pigment(const LayerRow& row, const T* u, T* du, T t_since_min) const {
    using solver::lane_select;
    using solver::lane_splat;
    const HealingRates& r = rates;
    const T zero = lane_splat<T>(0.0);
    const T a = u[index(Species::TopicalAgent)];
    const T a0 = u[index(Species::TopicalAgentIntact)];
    const T clear = r.k_agent_clear_per_min * u[index(Species::Vessels)];
    const T at_home = lane_select(t_since_min >= agent_applied_min, lane_splat<T>(agent_daily_share), zero);
    const T on = lane_select(solver::lane_and(t_since_min >= 0.0, t_since_min < agent_applied_min), lane_splat<T>(1.0),
                             at_home);
    const double intact_in = r.P_agent_sc_um_per_min * row.surface_per_um;
    const T open_in = row.is_epidermis ? r.k_agent_open_per_min * (1.0 - u[index(Species::EpidermalCoverage)]) : zero;
    du[index(Species::TopicalAgent)] = on * (intact_in + positive_part(open_in)) * (1.0 - a) - clear * a;
    du[index(Species::TopicalAgentIntact)] = on * intact_in * (1.0 - a0) - clear * a0;
    du[index(Species::Melanogenesis)] = zero;
    du[index(Species::Melanin)] =
        row.is_epidermis ? r.k_melanin_per_min * (u[index(Species::Melanogenesis)] *
                                                      (1.0 - r.e_agent_melanin * saturating(a, r.K_agent_melanin)) -
                                                  u[index(Species::Melanin)])
                         : zero;
  }

  // du/dt with the closure terms, for the voxels of grid row k at time t_min.
  template <class T>
  SKINTWIN_HOST_DEVICE void evaluate(const T* u, T* du, std::size_t n_species, int k, T t_min) const {
    const LayerRow& row = rows[k];
    raw_rates(row, u, du, t_min - t_session_min);
    // A run without a topical agent integrates the species before it only (the agents, melanin and
    // melanogenesis are then at rest exactly): nothing of theirs is read.
    if (n_species > index(Species::TopicalAgent)) topical_and_pigment(row, u, du, t_min - t_session_min);
    for (std::size_t s = 0; s < n_species && s < kSpeciesCount; ++s)
      du[s] += row.source_per_min[s] - row.loss_per_min[s] * u[s];
  }

  SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du, std::size_t n_species,
                                       const solver::VoxelContext& ctx) const {
    evaluate(u, du, n_species, ctx.k, ctx.t_min);
  }

  // d_s >= 0, roughly -∂(du_s/dt)/∂u_s: each species' own first-order losses, for the diagonal of
  // the linearly implicit integrator of long steps (solver/reaction.hpp, integrate_w_lanes_of).
  // Only its stability hangs on these; its order does not, so the slow terms are left out.
  template <class T>
  SKINTWIN_HOST_DEVICE void decay_rates(const T* u, T* d, std::size_t n_species, int k, T t_min) const {
    using solver::lane_select;
    using solver::lane_splat;
    const LayerRow& row = rows[k];
    const HealingRates& r = rates;
    const T zero = lane_splat<T>(0.0);
    const T Dm = damage_of(u);
    const T G = u[index(Species::GrowthFactor)];
    const T M = u[index(Species::InflammatoryCells)];
    const T V = u[index(Species::Vessels)];
    const T v = u[index(Species::Vegf)];
    const T nt = u[index(Species::SproutTips)];
    const T protease_ratio = u[index(Species::Proteases)] / row.Pr_b;
    const T collagen_loss = collagen_loss_rate(row, u, Dm);
    for (std::size_t s = 0; s < n_species; ++s) d[s] = zero;
    d[index(Species::Damage)] = r.k_damage_clear_per_min * saturating(M, r.K_damage_M);
    d[index(Species::Fibrin)] = r.k_fibrinolysis_per_min * protease_ratio;
    d[index(Species::ClotGrowthFactor)] = lane_splat<T>(r.k_release_per_min);
    d[index(Species::GrowthFactor)] =
        r.k_growth_factor_per_min + r.u_GF_per_min * u[index(Species::Fibroblasts)] / ((1.0 + G) * (1.0 + G));
    d[index(Species::InflammatoryCells)] = r.k_M_per_min + r.r_M_per_min * V * Dm / r.M_max;
    d[index(Species::Fibroblasts)] = r.d_F_per_min + r.k_FD_per_min * Dm;
    d[index(Species::CollagenIII)] = r.k_31_per_min * protease_ratio + collagen_loss;
    d[index(Species::CollagenI)] = collagen_loss;
    d[index(Species::CollagenCrossLinked)] = r.k_xl_per_min + collagen_loss;
    d[index(Species::Proteases)] = lane_splat<T>(r.k_P_per_min);
    d[index(Species::Vegf)] = r.k_v_per_min + r.u_v_per_min * (V + nt) / ((1.0 + v) * (1.0 + v));
    d[index(Species::SproutTips)] = r.b_nV_per_min * V + 2.0 * r.b_nn_per_min * nt + r.d_n_per_min;
    d[index(Species::FibroblastActivation)] =
        r.k_Aon_per_min * saturating(positive_part(G - row.G_b), r.K_G) + r.k_Aoff_per_min;
    if (row.is_epidermis) {
      // r_e a s Ep (1 - Ep) falls with Ep beyond 1/2 (the front closing).
      const T activation = front_activation(t_min - t_session_min);
      const T Ep = u[index(Species::EpidermalCoverage)];
      d[index(Species::EpidermalCoverage)] = r.r_e_per_min * activation * positive_part(2.0 * Ep - 1.0);
    }
    if (n_species > index(Species::TopicalAgent)) {
      // The agents' clearance by the vessels (their uptake while on the skin is left out).
      d[index(Species::TopicalAgent)] = r.k_agent_clear_per_min * V;
      d[index(Species::TopicalAgentIntact)] = r.k_agent_clear_per_min * V;
      if (row.is_epidermis) d[index(Species::Melanin)] = lane_splat<T>(r.k_melanin_per_min);
    }
    for (std::size_t s = 0; s < n_species && s < kSpeciesCount; ++s) d[s] += row.loss_per_min[s];
  }
  SKINTWIN_HOST_DEVICE void decay_rates(const double* u, double* d, std::size_t n_species,
                                        const solver::VoxelContext& ctx) const {
    decay_rates(u, d, n_species, ctx.k, ctx.t_min);
  }
};

}  // namespace skintwin::model
