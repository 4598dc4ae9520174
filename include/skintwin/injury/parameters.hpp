#pragma once
// Parameters of the injury model (docs/model.md, "Injury"). Lengths in µm, volumes in µm³, growth
// factor in units of its half-maximal fibroblast response (K_G). The lumen radius profile, elastic
// recoil included, comes from the device model (device::channel_radius_um with
// PenetrationModel::channel_recoil, Kalluri et al. 2011), so there is no separate recoil factor
// here. Every member's unit, range and source is in injury_parameter_table() (config keys injury.*).
#include "skintwin/core/parameter_table.hpp"

namespace skintwin::injury {

struct InjuryParameters {
  double crush_width_um = 15.0;               // w_c
  double crush_cutoff_damage = 1e-3;          // ε_cut
  int subsamples_per_axis = 4;                // n
  double matrix_loss_lumen = 0.7;             // λ_L
  double matrix_loss_crush = 0.3;             // λ_C
  double cell_loss_crush = 1.0;               // λ_K: fibroblasts and inflammatory cells killed per crush damage
  double vessel_loss_crush = 1.0;             // λ_V: capillaries cut per crush damage
  double bleed_per_cut_vessel = 2.0;          // κ_bleed
  double clot_crush_fraction = 0.3;           // c_clot
  double blood_growth_factor = 10.0;          // g_blood
  double fast_growth_factor_fraction = 0.1;   // g_fast
  double growth_factor_saturation = 30.0;     // X_sat
};

InjuryParameters default_injury_parameters();

// The descriptor table (prefix "injury").
const ParameterTable<InjuryParameters>& injury_parameter_table();

// Throws InputError naming injury.<member> for a value outside its range.
void validate(const InjuryParameters& parameters);

}  // namespace skintwin::injury
