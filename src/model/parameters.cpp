#include "skintwin/model/parameters.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "skintwin/core/error.hpp"

namespace skintwin::model {
namespace {

// What a parameter may hold: rates and densities may be zero (the term is switched off);
// half-saturations, caps and length scales divide, so they must be > 0.
enum class Rule { NonNegative, Positive, Fraction };

void check(const std::string& name, double value, Rule rule) {
  const bool finite = std::isfinite(value);
  switch (rule) {
    case Rule::NonNegative:
      if (!finite || value < 0.0) throw InputError("model." + name, fmt::format("{}", value), "a finite number >= 0");
      break;
    case Rule::Positive:
      if (!finite || value <= 0.0) throw InputError("model." + name, fmt::format("{}", value), "a finite number > 0");
      break;
    case Rule::Fraction:
      if (!finite || value < 0.0 || value > 1.0)
        throw InputError("model." + name, fmt::format("{}", value), "a number from 0 to 1");
      break;
  }
}

void check_layers(const std::string& name, const PerLayer& values, Rule rule) {
  for (std::size_t i = 0; i < values.size(); ++i)
    check(name + "." + layer_name(static_cast<tissue::LayerKind>(i)), values[i], rule);
}

void validate_baselines(const HealingBaselines& b) {
  check_layers("baselines.inflammatory_cells", b.inflammatory_cells, Rule::NonNegative);
  check_layers("baselines.fibroblasts", b.fibroblasts, Rule::NonNegative);
  check_layers("baselines.collagen_iii", b.collagen_iii, Rule::NonNegative);
  check_layers("baselines.collagen_i", b.collagen_i, Rule::NonNegative);
  check_layers("baselines.elastin", b.elastin, Rule::NonNegative);
  check_layers("baselines.vessels", b.vessels, Rule::NonNegative);
  // The closure turns a negative balance into a loss relative to the baseline: these divide.
  check("baselines.growth_factor", b.growth_factor, Rule::Positive);
  check("baselines.proteases", b.proteases, Rule::Positive);
  check("baselines.vegf", b.vegf, Rule::Positive);
}

void validate_transport(const HealingTransport& t) {
  check_layers("transport.D_oxygen_um2_per_min", t.D_oxygen_um2_per_min, Rule::Positive);
  check("transport.D_growth_factor_um2_per_min", t.D_growth_factor_um2_per_min, Rule::NonNegative);
  check("transport.D_growth_factor_epidermis_scale", t.D_growth_factor_epidermis_scale, Rule::NonNegative);
  check("transport.D_vegf_um2_per_min", t.D_vegf_um2_per_min, Rule::NonNegative);
  check("transport.D_proteases_um2_per_min", t.D_proteases_um2_per_min, Rule::NonNegative);
  check("transport.D_inflammatory_um2_per_min", t.D_inflammatory_um2_per_min, Rule::NonNegative);
  check("transport.chi_inflammatory_um2_per_min", t.chi_inflammatory_um2_per_min, Rule::NonNegative);
  check("transport.K_chi_inflammatory", t.K_chi_inflammatory, Rule::Positive);
  check("transport.D_fibroblasts_um2_per_min", t.D_fibroblasts_um2_per_min, Rule::NonNegative);
  check("transport.chi_fibroblasts_um2_per_min", t.chi_fibroblasts_um2_per_min, Rule::NonNegative);
  check("transport.K_chi_fibroblasts", t.K_chi_fibroblasts, Rule::Positive);
  check("transport.eta_fibroblasts_um2_per_min", t.eta_fibroblasts_um2_per_min, Rule::NonNegative);
  check("transport.D_tips_um2_per_min", t.D_tips_um2_per_min, Rule::NonNegative);
  check("transport.chi_tips_um2_per_min", t.chi_tips_um2_per_min, Rule::NonNegative);
  check("transport.K_chi_tips", t.K_chi_tips, Rule::Positive);
  check("transport.D_epidermal_um2_per_min", t.D_epidermal_um2_per_min, Rule::NonNegative);
}

void validate_signal_rates(const HealingRates& r) {
  check("rates.k_damage_clear_per_min", r.k_damage_clear_per_min, Rule::NonNegative);
  check("rates.K_damage_M", r.K_damage_M, Rule::Positive);
  check("rates.k_fibrinolysis_per_min", r.k_fibrinolysis_per_min, Rule::NonNegative);
  check("rates.k_release_per_min", r.k_release_per_min, Rule::NonNegative);
  check("rates.k_growth_factor_per_min", r.k_growth_factor_per_min, Rule::NonNegative);
  check("rates.p_GM_per_min", r.p_GM_per_min, Rule::NonNegative);
  check("rates.p_GF_per_min", r.p_GF_per_min, Rule::NonNegative);
  check("rates.K_GF", r.K_GF, Rule::Positive);
  check("rates.a_GD", r.a_GD, Rule::NonNegative);
  check("rates.u_GF_per_min", r.u_GF_per_min, Rule::NonNegative);
  check("rates.r_M_per_min", r.r_M_per_min, Rule::NonNegative);
  check("rates.K_MG", r.K_MG, Rule::Positive);
  check("rates.w_MG", r.w_MG, Rule::NonNegative);
  check("rates.M_max", r.M_max, Rule::Positive);
  check("rates.k_M_per_min", r.k_M_per_min, Rule::NonNegative);
  check("rates.p_PM_per_min", r.p_PM_per_min, Rule::NonNegative);
  check("rates.p_PF_per_min", r.p_PF_per_min, Rule::NonNegative);
  check("rates.K_PG", r.K_PG, Rule::Positive);
  check("rates.a_PD", r.a_PD, Rule::NonNegative);
  check("rates.k_P_per_min", r.k_P_per_min, Rule::NonNegative);
  check("rates.p_vF_per_min", r.p_vF_per_min, Rule::NonNegative);
  check("rates.p_vK_per_min", r.p_vK_per_min, Rule::NonNegative);
  check("rates.p_vM0_per_min", r.p_vM0_per_min, Rule::NonNegative);
  check("rates.p_vM_per_min", r.p_vM_per_min, Rule::NonNegative);
  check("rates.K_hyp_mmHg", r.K_hyp_mmHg, Rule::Positive);
  check("rates.hypoxia_hill", r.hypoxia_hill, Rule::Positive);
  check("rates.k_v_per_min", r.k_v_per_min, Rule::NonNegative);
  check("rates.u_v_per_min", r.u_v_per_min, Rule::NonNegative);
}

void validate_tissue_rates(const HealingRates& r) {
  check("rates.r_F_per_min", r.r_F_per_min, Rule::NonNegative);
  check("rates.K_G", r.K_G, Rule::Positive);
  check("rates.K_OF_mmHg", r.K_OF_mmHg, Rule::Positive);
  check("rates.F_max", r.F_max, Rule::Positive);
  check("rates.d_F_per_min", r.d_F_per_min, Rule::NonNegative);
  check("rates.k_Fb_per_min", r.k_Fb_per_min, Rule::NonNegative);
  check("rates.k_FD_per_min", r.k_FD_per_min, Rule::NonNegative);
  check("rates.s_CA_per_min", r.s_CA_per_min, Rule::NonNegative);
  check("rates.K_CG", r.K_CG, Rule::Positive);
  check("rates.K_OC_mmHg", r.K_OC_mmHg, Rule::Positive);
  check("rates.C_max_factor", r.C_max_factor, Rule::Positive);
  check("rates.f3_max", r.f3_max, Rule::Fraction);
  check("rates.K_3G", r.K_3G, Rule::Positive);
  check("rates.k_31_per_min", r.k_31_per_min, Rule::NonNegative);
  check("rates.k_C_per_min", r.k_C_per_min, Rule::NonNegative);
  check("rates.k_CD_per_min", r.k_CD_per_min, Rule::NonNegative);
  check("rates.sig_E", r.sig_E, Rule::NonNegative);
  check("rates.K_EG", r.K_EG, Rule::Positive);
  check("rates.k_E_per_min", r.k_E_per_min, Rule::NonNegative);
  check("rates.k_EM_per_min", r.k_EM_per_min, Rule::NonNegative);
  check("rates.El_max_factor", r.El_max_factor, Rule::Positive);
}

void validate_oxygen_and_vessel_rates(const HealingRates& r) {
  check("rates.h_V_per_min", r.h_V_per_min, Rule::NonNegative);
  check("rates.O_cap_mmHg", r.O_cap_mmHg, Rule::NonNegative);
  check_layers("rates.q_0_mmHg_per_min", r.q_0_mmHg_per_min, Rule::NonNegative);
  check("rates.q_F_mmHg_per_min", r.q_F_mmHg_per_min, Rule::NonNegative);
  check("rates.q_M_mmHg_per_min", r.q_M_mmHg_per_min, Rule::NonNegative);
  check("rates.q_K_mmHg_per_min", r.q_K_mmHg_per_min, Rule::NonNegative);
  check("rates.K_Oq_mmHg", r.K_Oq_mmHg, Rule::Positive);
  check("rates.O_air_mmHg", r.O_air_mmHg, Rule::NonNegative);
  check("rates.h_SC_um_per_min", r.h_SC_um_per_min, Rule::NonNegative);
  check("rates.h_open_factor", r.h_open_factor, Rule::NonNegative);
  check("rates.a_s_per_min", r.a_s_per_min, Rule::NonNegative);
  check("rates.v_thr", r.v_thr, Rule::NonNegative);
  check("rates.a_b_per_min", r.a_b_per_min, Rule::NonNegative);
  check("rates.b_nV_per_min", r.b_nV_per_min, Rule::NonNegative);
  check("rates.b_nn_per_min", r.b_nn_per_min, Rule::NonNegative);
  check("rates.d_n_per_min", r.d_n_per_min, Rule::NonNegative);
  check("rates.L_tip_um", r.L_tip_um, Rule::Positive);
  check("rates.tip_speed_um_per_min", r.tip_speed_um_per_min, Rule::NonNegative);
  check("rates.V_max_factor", r.V_max_factor, Rule::Positive);
  check("rates.rho_V_per_min", r.rho_V_per_min, Rule::NonNegative);
  check("rates.K_VR", r.K_VR, Rule::Positive);
  check("rates.r_e_per_min", r.r_e_per_min, Rule::NonNegative);
  check("rates.tau_lag_min", r.tau_lag_min, Rule::NonNegative);
  check("rates.g_open", r.g_open, Rule::Fraction);
}

}  // namespace

HealingParameters default_healing_parameters() { return HealingParameters{}; }

void validate(const HealingParameters& parameters) {
  validate_baselines(parameters.baselines);
  validate_transport(parameters.transport);
  validate_signal_rates(parameters.rates);
  validate_tissue_rates(parameters.rates);
  validate_oxygen_and_vessel_rates(parameters.rates);
}

}  // namespace skintwin::model
