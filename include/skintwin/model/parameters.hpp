#pragma once
// Parameters of the healing model (docs/model.md, "Healing model": each one's unit, value and
// source). Internal units: length µm, time min; densities normalised as species.hpp says;
// oxygen in mmHg. Layer-dependent values are arrays indexed by tissue::LayerKind
// (epidermis, papillary dermis, reticular dermis, hypodermis). Every member's unit, range and source
// is in healing_parameter_table() (config keys model.*); the member initialisers are the defaults.
#include <array>

#include "skintwin/core/parameter_table.hpp"
#include "skintwin/tissue/site.hpp"

namespace skintwin::model {

using PerLayer = std::array<double, tissue::kLayerCount>;

struct HealingBaselines {
  // Healthy densities per layer (2.14: the equations hold these still).
  PerLayer inflammatory_cells{0.2, 1.5, 1.0, 0.5};  // M_b, resident = 1 in reticular dermis
  PerLayer fibroblasts{0.0, 1.5, 1.0, 0.3};         // F_b
  PerLayer collagen_iii{0.0, 0.12, 0.15, 0.015};    // C3_b, 1 = total collagen of reticular dermis
  PerLayer collagen_i{0.0, 0.58, 0.85, 0.085};      // C1_b
  PerLayer elastin{0.0, 0.5, 1.0, 0.1};             // El_b
  PerLayer vessels{0.0, 1.0, 0.3, 0.4};             // V_b, 1 = papillary dermis incl. plexus
  // Diffusing signals have one baseline in every layer, so healthy skin has no interface fluxes.
  double growth_factor = 0.02;  // G_b, G units (1 = half-maximal fibroblast response)
  double proteases = 1.0;       // Pr_b
  double vegf = 0.05;           // v_b, v units (1 = half-maximal sprouting)
};

struct HealingTransport {
  PerLayer D_oxygen_um2_per_min{1.2e5, 1.2e5, 6.0e4, 1.0e5};  // D_O
  double D_growth_factor_um2_per_min = 600.0;                 // D_G in dermis
  double D_growth_factor_epidermis_scale = 0.5;               // D_G(E) / D_G (300 / 600)
  double D_vegf_um2_per_min = 600.0;                          // D_v
  double D_proteases_um2_per_min = 100.0;                     // D_P
  double D_inflammatory_um2_per_min = 10.0;                   // D_M
  double chi_inflammatory_um2_per_min = 50.0;                 // chi_M, per G unit
  double K_chi_inflammatory = 1.0;                            // K_chiM, G units
  double D_fibroblasts_um2_per_min = 3.0;                     // D_F
  double chi_fibroblasts_um2_per_min = 20.0;                  // chi_F, per G unit
  double K_chi_fibroblasts = 1.0;                             // K_chiF, G units
  double eta_fibroblasts_um2_per_min = 10.0;                  // eta_F haptotaxis, per fibrin unit
  double D_tips_um2_per_min = 1.0;                            // D_n
  double chi_tips_um2_per_min = 30.0;                         // chi_n, per v unit
  double K_chi_tips = 2.0;                                    // K_chin, v units
  double D_epidermal_um2_per_min = 3.0;                       // D_e (180 µm²/h)
  double D_agent_um2_per_min = 3.0e4;                         // D_a of a topical small molecule in the dermis
  double D_agent_epidermis_scale = 0.15;                      // D_a(E) / D_a: viable epidermis
};

struct HealingRates {
  // Damage, clot, clot store
  double k_damage_clear_per_min = 8.5e-4;  // k_D
  double K_damage_M = 1.0;                 // K_DM, M units
  double k_fibrinolysis_per_min = 2.1e-4;  // k_phi at Pr = Pr_b
  double k_release_per_min = 6.9e-4;       // k_rel, clot store -> G
  // Growth factor
  double k_growth_factor_per_min = 1.04e-2;  // k_G (t1/2 67 min)
  double p_GM_per_min = 2.0e-3;              // secretion per activated (surplus) M
  double p_GF_per_min = 1.2e-4;              // autocrine secretion per F
  double K_GF = 1.0;                         // autocrine saturation, G units
  double a_GD = 1.0;                         // debris boost of M secretion
  double u_GF_per_min = 1.0e-4;              // uptake per F
  // Inflammatory cells
  double r_M_per_min = 1.2;     // recruitment per unit V and signal
  double K_MG = 1.0;            // G half-saturation of recruitment
  double w_MG = 0.0;            // weight of G-driven recruitment next to damage (0: damage only)
  double M_max = 40.0;          // cap, M units
  double k_M_per_min = 4.2e-4;  // removal (0.6 /day)
  // Fibroblasts
  double r_F_per_min = 6.4e-4;     // proliferation (doubling 18 h)
  double K_G = 1.0;                // G half-saturation of proliferation (defines the G unit)
  double K_OF_mmHg = 5.0;          // O2 half-saturation of proliferation
  double F_max = 6.0;              // cap, F units
  double d_F_per_min = 8.3e-5;     // apoptosis of surplus (0.12 /day)
  double k_Fb_per_min = 1.4e-5;    // homeostatic repopulation of a deficit
  double k_FD_per_min = 6.9e-4;    // killing in damaged tissue
  // Collagen
  double s_CA_per_min = 1.0e-4;    // activated synthesis per F
  double K_CG = 0.5;               // G half-saturation of activated synthesis
  double K_OC_mmHg = 20.0;         // O2 half-saturation of collagen and elastin synthesis
  double C_max_factor = 1.6;       // density feedback: room 1 - C/Cmax up to C_b, a tail beyond (no cap)
  double k_Crep_per_min = 1.16e-5; // cell-mediated repair of a collagen deficit (1 / 60 days)
  // Lasting fibroblast activation A (0-1): switched on while G is raised, fading over months; it
  // keeps a share a_A of the activated synthesis going after the growth factor is gone.
  double k_Aon_per_min = 6.9e-4;   // activation at saturating G surplus (1 / day)
  double k_Aoff_per_min = 1.16e-5; // fading of the activation (1 / 60 days)
  double a_A = 0.1;                // activated synthesis of a fully activated fibroblast at G = G_b
  double f3_max = 0.85;            // III fraction of new collagen at high G
  double K_3G = 1.0;               // G half-saturation of the III switch
  double k_31_per_min = 7.0e-5;    // III -> I remodelling at Pr = Pr_b
  double k_C_per_min = 8.8e-8;     // mature collagen turnover (t1/2 15 y)
  double k_CD_per_min = 1.4e-4;    // digestion of damaged collagen per Pr unit and Dm
  double k_xl_per_min = 1.47e-5;   // cross-linking of new collagen I (1 / 47 days; fitted: wound strength at 3 weeks)
  // Elastin
  double sig_E = 5.0;              // GF boost of elastin synthesis
  double K_EG = 1.0;               // G half-saturation
  double k_E_per_min = 2.6e-8;     // elastin turnover (t1/2 ~50 y)
  double k_EM_per_min = 7.0e-7;    // elastolysis per surplus M
  double El_max_factor = 1.5;      // density feedback of elastin synthesis, as for collagen
  double k_Erep_per_min = 1.16e-5; // cell-mediated repair of an elastin deficit (1 / 60 days)
  // Proteases
  double p_PM_per_min = 1.2e-4;    // secretion per surplus M
  double p_PF_per_min = 3.0e-5;    // secretion per activated F
  double K_PG = 1.0;               // G half-saturation of F secretion
  double a_PD = 1.0;               // debris boost
  double k_P_per_min = 6.1e-4;     // loss (0.875 /day)
  // Oxygen (solved quasi-steady)
  double h_V_per_min = 40.0;                       // vascular supply per unit V
  double O_cap_mmHg = 50.0;                        // mean capillary pO2
  PerLayer q_0_mmHg_per_min{0.0, 600.0, 240.0, 200.0};  // resident consumption (E: see q_K)
  double q_F_mmHg_per_min = 100.0;                 // per surplus F unit
  double q_M_mmHg_per_min = 20.0;                  // per surplus M unit (respiratory burst)
  double q_K_mmHg_per_min = 800.0;                 // keratinocytes, per unit epidermal coverage
  double K_Oq_mmHg = 1.0;                          // consumption Michaelis constant
  double O_air_mmHg = 160.0;                       // surface pO2
  double h_SC_um_per_min = 150.0;                  // stratum-corneum transfer coefficient
  double h_open_factor = 10.0;                     // open channel mouth: h = factor x h_SC
  // VEGF
  double p_vF_per_min = 5.0e-4;    // hypoxic production per F
  double p_vK_per_min = 1.0e-3;    // hypoxic production by keratinocytes
  double p_vM0_per_min = 5.0e-4;   // hypoxic production per M
  double p_vM_per_min = 1.0e-3;    // O2-independent production per surplus M
  double K_hyp_mmHg = 10.0;        // HIF switch
  double hypoxia_hill = 3.0;       // m
  double k_v_per_min = 7.7e-3;     // decay (t1/2 90 min)
  double u_v_per_min = 2.0e-3;     // uptake per unit (V + n)
  // Tips and vessels
  double a_s_per_min = 1.0e-3;     // sprouting per unit V
  double v_thr = 0.1;              // sprouting threshold, v units
  double a_b_per_min = 3.0e-4;     // branching
  double b_nV_per_min = 2.0e-3;    // tip-vessel anastomosis per unit V
  double b_nn_per_min = 2.0e-3;    // tip-tip anastomosis per unit n
  double d_n_per_min = 3.0e-4;     // tip death
  double L_tip_um = 100.0;         // travel per unit of vessel laid (l_V = 1 / L_tip)
  double tip_speed_um_per_min = 0.1;   // typical tip speed (pointwise snail trail, see docs)
  double V_max_factor = 3.0;       // V_max = factor x V_b of the layer
  double P_agent_sc_um_per_min = 2.6e-3;   // permeability of intact stratum corneum to the agent
  double k_agent_open_per_min = 1.0;       // exchange of an open channel mouth's epidermis with the applied agent
  double k_agent_clear_per_min = 1.0e-2;   // vascular clearance of the agent per vessel unit
  double k_melanin_per_min = 1.74e-5;      // epidermal melanin turnover (1 / 40 days)
  double e_agent_melanin = 0.5;            // largest share of melanogenesis the agent suppresses
  double K_agent_melanin = 0.05;           // agent (x applied) at half that suppression
  double rho_V_per_min = 1.0e-4;   // regression of surplus
  double k_Vrep_per_min = 1.16e-5; // regrowth of a vessel deficit outside damaged tissue (1 / 60 days)
  double K_VR = 0.3;               // VEGF for half-protection from regression
  // Epidermal closure
  double r_e_per_min = 8.3e-3;     // front growth (0.5 /h)
  double tau_lag_min = 60.0;       // activation lag of edge keratinocytes
  double g_open = 0.3;             // front factor on a bare (no clot, damaged) substrate
};

struct HealingParameters {
  HealingBaselines baselines;
  HealingTransport transport;
  HealingRates rates;
};

// Protocol, not biology (from delivery.hours, delivery.daily_hours): how long after each session a
// topical agent stays on the skin, and how long a day it is on the skin at home from then on
// (taken as its daily mean: a share daily_min / 1440 of the time). Both 0: none applied (its two
// species stay 0 and are not diffused).
struct TopicalApplication {
  double on_skin_min = 0.0;
  double daily_min = 0.0;
  bool applied() const { return on_skin_min > 0.0 || daily_min > 0.0; }
};

HealingParameters default_healing_parameters();

// The descriptor table (prefix "model"): one row per double of HealingParameters, per-layer arrays
// one row per layer (e.g. model.baselines.fibroblasts.papillary_dermis).
const ParameterTable<HealingParameters>& healing_parameter_table();

// Throws InputError naming model.<member> for the first value outside its range (not finite, or
// negative where it must not be, or zero where it divides: half-saturations, caps).
void validate(const HealingParameters& parameters);

}  // namespace skintwin::model
