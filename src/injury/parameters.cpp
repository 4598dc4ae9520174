#include "skintwin/injury/parameters.hpp"

namespace skintwin::injury {
namespace {

ParameterTable<InjuryParameters> make_table() {
  ParameterTable<InjuryParameters> t("injury", "Injury (`InjuryParameters`)");
  t.add({.name = "crush_width_um", .symbol = "w_c", .unit = "µm",
         .meaning = "Width of the crush zone around the lumen: damage falls as exp(-distance / w_c)",
         .range = positive(), .kind = SourceKind::Estimate,
         .source = "spec 4.1: a blunt needle parts tissue over about one cell diameter (range 5-30 µm)"},
        [](auto& p) -> auto& { return p.crush_width_um; });
  t.add({.name = "crush_cutoff_damage", .symbol = "ε_cut", .unit = "",
         .meaning = "Damage below this is dropped, which bounds a puncture's footprint (at 6.9 w_c by default)",
         .range = {.min = 0.0, .max = 1.0, .min_exclusive = true, .max_exclusive = true},
         .kind = SourceKind::Numerical, .source = "numerical: bounds the footprint, not a property of skin"},
        [](auto& p) -> auto& { return p.crush_cutoff_damage; });
  t.add({.name = "subsamples_per_axis", .symbol = "n", .unit = "",
         .meaning = "Sample points per axis within a voxel when a channel is rasterised (no staircase bias)",
         .range = between(1.0, 16.0), .kind = SourceKind::Numerical, .source = "numerical (spec 4.1)"},
        [](auto& p) -> auto& { return p.subsamples_per_axis; });
  t.add({.name = "matrix_loss_lumen", .symbol = "λ_L", .unit = "",
         .meaning = "Share of collagen and elastin removed in the lumen", .range = fraction(),
         .kind = SourceKind::Estimate, .source = "spec 4.2: the needle mostly parts fibres rather than removing them"},
        [](auto& p) -> auto& { return p.matrix_loss_lumen; });
  t.add({.name = "matrix_loss_crush", .symbol = "λ_C", .unit = "",
         .meaning = "Share of collagen and elastin removed per unit of crush-zone damage", .range = fraction(),
         .kind = SourceKind::Estimate, .source = "spec 4.2"},
        [](auto& p) -> auto& { return p.matrix_loss_crush; });
  t.add({.name = "cell_loss_crush", .symbol = "λ_K", .unit = "",
         .meaning = "Share of the fibroblasts and inflammatory cells killed per unit of crush-zone damage (all of "
                    "them in the lumen)",
         .range = fraction(), .kind = SourceKind::Estimate,
         .source = "spec 4.2: cells killed or displaced wherever the tissue is damaged"},
        [](auto& p) -> auto& { return p.cell_loss_crush; });
  t.add({.name = "vessel_loss_crush", .symbol = "λ_V", .unit = "",
         .meaning = "Share of the capillaries cut per unit of crush-zone damage (all of them in the lumen)",
         .range = fraction(), .kind = SourceKind::Estimate, .source = "spec 4.2: capillaries cut"},
        [](auto& p) -> auto& { return p.vessel_loss_crush; });
  t.add({.name = "bleed_per_cut_vessel", .symbol = "κ_bleed", .unit = "µm³ blood / (V unit · µm³)",
         .meaning = "Blood volume per unit of cut vessel volume (flow before haemostasis)", .range = non_negative(),
         .kind = SourceKind::Fitted,
         .source = "start value; target: little or no bleeding at 0.25 mm, pinpoint bleeding at 1.5 mm (session "
                   "endpoint, Alster & Graham 2018, Dermatol Surg 44:397) [R2]",
         .note = "the target is not met with this value (see Limits below)"},
        [](auto& p) -> auto& { return p.bleed_per_cut_vessel; });
  t.add({.name = "clot_crush_fraction", .symbol = "c_clot", .unit = "",
         .meaning = "Clot density in the crush zone relative to the lumen (blood seeps into parted tissue)",
         .range = fraction(), .kind = SourceKind::Estimate, .source = "spec 4.3"},
        [](auto& p) -> auto& { return p.clot_crush_fraction; });
  t.add({.name = "blood_growth_factor", .symbol = "g_blood", .unit = "G units (K_G)",
         .meaning = "Growth factor carried by a voxel fully filled with blood", .range = non_negative(),
         .kind = SourceKind::Fitted,
         .source = "serum TGF-β1 is mostly platelet-derived (Kropf et al. 1997, Clin Chem 43:1965) [R, abstract]"},
        [](auto& p) -> auto& { return p.blood_growth_factor; });
  t.add({.name = "fast_growth_factor_fraction", .symbol = "g_fast", .unit = "",
         .meaning = "Share of the blood's growth factor released at once; the rest is held in the clot store",
         .range = fraction(), .kind = SourceKind::Fitted,
         .source = "growth-factor peak day (wound growth factor peaks on days 0.5-3)",
         .note = "spec 3.2 started at 0.3 [E]; with 0.3 the spike at t0 (wound mean 2.09) stood above the plateau of "
                 "days 1-2 and the peak fell on day 0. Platelet PDGF/TGF-β are largely held in the clot and released "
                 "over about a day (clot store, k_rel); 0.1 keeps the total dose g_blood and moves a fifth of it from "
                 "the spike to the store"},
        [](auto& p) -> auto& { return p.fast_growth_factor_fraction; });
  t.add({.name = "growth_factor_saturation", .symbol = "X_sat", .unit = "G units",
         .meaning = "Saturation level of the growth factor and clot store seeded by overlapping punctures (3 g_blood)",
         .range = positive(), .kind = SourceKind::Estimate, .source = "spec 4.3"},
        [](auto& p) -> auto& { return p.growth_factor_saturation; });
  return t;
}

}  // namespace

InjuryParameters default_injury_parameters() { return InjuryParameters{}; }

const ParameterTable<InjuryParameters>& injury_parameter_table() {
  static const ParameterTable<InjuryParameters> table = make_table();
  return table;
}

void validate(const InjuryParameters& parameters) { injury_parameter_table().validate(parameters); }

}  // namespace skintwin::injury
