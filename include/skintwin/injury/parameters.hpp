#pragma once
// Parameters of the injury model (docs/model.md, "Injury"; spec section 4). Lengths in µm,
// volumes in µm³, growth factor in units of its half-maximal fibroblast response (K_G).
// The lumen radius profile, elastic recoil included, comes from the device model
// (device::channel_radius_um with PenetrationModel::channel_recoil, Kalluri et al. 2011), so
// there is no separate recoil factor here.
namespace skintwin::injury {

struct InjuryParameters {
  // Width of the crush zone around the lumen: damage falls as exp(-distance / width). [E] 15 µm
  // (range 5-30) for a blunt-tipped steel needle parting the dermis.
  double crush_width_um = 15.0;
  // Damage below this is dropped, which bounds the footprint of a puncture (numerical, not
  // biological: 1e-3 lies 6.9 crush widths from the lumen).
  double crush_cutoff_damage = 1e-3;
  // Sample points per axis within each voxel when the channel is rasterised (4 x 4 in 2D,
  // 4 x 4 x 4 in 3D): a 100 µm channel on a 10-20 µm grid without staircase bias.
  int subsamples_per_axis = 4;
  // Fraction of collagen and elastin removed where the tissue is damaged: the needle mostly
  // parts fibres rather than removing them. [E] 0.7 in the lumen, 0.3 in the crush zone.
  double matrix_loss_lumen = 0.7;
  double matrix_loss_crush = 0.3;
  // Blood volume per unit of cut vessel volume (flow before haemostasis), κ_bleed. [F] start
  // 2.0: shallow settings give little or no bleeding, 1.5 mm gives pinpoint bleeding (Alster &
  // Graham 2018, Dermatol Surg 44:397, endpoint of a session).
  double bleed_per_cut_vessel = 2.0;
  // Clot density in the crush zone relative to the lumen (blood seeps into parted tissue). [E]
  double clot_crush_fraction = 0.3;
  // Growth factor carried by a voxel fully filled with blood, g_blood, in G units. [F] 10:
  // serum TGF-β comes mostly from platelet degranulation (Kropf et al. 1997, Clin Chem 43:1965).
  double blood_growth_factor = 10.0;
  // Share of the blood's growth factor released at once (the rest is held in the clot store and
  // released over about a day), g_fast. [F] 0.1 (growth-factor peak day).
  double fast_growth_factor_fraction = 0.1;
  // Saturation level of the growth factor (and clot store) seeded by overlapping punctures,
  // X_sat = 3 g_blood. [E]
  double growth_factor_saturation = 30.0;
};

InjuryParameters default_injury_parameters();

// Throws InputError (keys "injury.<field>") for NaN, non-positive widths, fractions outside
// [0, 1], fewer than 1 or more than 16 sub-samples, and negative coefficients.
void validate(const InjuryParameters& parameters);

}  // namespace skintwin::injury
