// The descriptor table of the healing model's parameters (config keys model.*). Units, kinds of
// source, citations and notes are transcribed from docs/model.md ("Healing model": "State and
// baselines" and "Parameters"), with the specification (docs/design/healing-model-spec.md,
// sections 1.2 and 3) where docs/model.md defers to it. docs/model.md tags a value [M] when it was
// recalled but not read in a source; such values are SourceKind::Estimate here and say so.
// Ranges: rates and densities may be zero (the term is switched off); half-saturations, caps and
// length scales divide, so they must be > 0; fractions lie in [0, 1].
#include <array>
#include <cstddef>
#include <string>

#include "skintwin/model/parameters.hpp"
#include "skintwin/tissue/layer_parameters.hpp"

namespace skintwin::model {
namespace {

using Table = ParameterTable<HealingParameters>;

constexpr const char* kRecalled = "value recalled, not yet read in a source";
using tissue::LayerSource;

// One row per layer (tissue::add_per_layer): name.<layer_name>, symbol "<symbol> (E|P|R|H)".
template <class Array>
void add_layers(Table& t, const std::string& name, const std::string& symbol, const std::string& unit,
                const std::string& meaning, const Range& range,
                const std::array<LayerSource, tissue::kLayerCount>& sources, Array array) {
  tissue::add_per_layer(t, {.name = name, .symbol = symbol, .unit = unit, .meaning = meaning, .range = range}, sources,
                        array);
}

void add_baselines(Table& t) {
  const std::string spec = " (specification 1.2; docs/model.md: layer ratios [E])";
  const auto definition = [](const std::string& what) {
    return LayerSource{SourceKind::Numerical, "definition: 1 = " + what + " (sets the unit)"};
  };
  add_layers(t, "baselines.inflammatory_cells", "M_b", "M units", "Healthy inflammatory-cell density", non_negative(),
             {LayerSource{SourceKind::Estimate, "no source; 0.2 estimated" + spec},
              LayerSource{SourceKind::Estimate, "no source; 1.5 estimated" + spec},
              definition("resident density of the reticular dermis"),
              LayerSource{SourceKind::Estimate, "no source; 0.5 estimated" + spec}},
             [](auto& p) -> auto& { return p.baselines.inflammatory_cells; });
  add_layers(t, "baselines.fibroblasts", "F_b", "F units", "Healthy fibroblast density", non_negative(),
             {LayerSource{SourceKind::Estimate, "none in the epidermis (specification 1.2: 0)"},
              LayerSource{SourceKind::Estimate,
                          "papillary dermis is more cellular than reticular (recalled, not yet read in a source "
                          "[M]); 1.5 estimated (specification 1.2)"},
              definition("fibroblast density of the reticular dermis"),
              LayerSource{SourceKind::Estimate, "no source; 0.3 estimated" + spec}},
             [](auto& p) -> auto& { return p.baselines.fibroblasts; });
  add_layers(t, "baselines.collagen_iii", "C3_b", "C units",
             "Healthy collagen III content (1 = total reticular collagen)", non_negative(),
             {LayerSource{SourceKind::Estimate, "no collagen in the epidermis (specification 1.2: 0)"},
              LayerSource{SourceKind::Estimate,
                          "III fraction 0.17 for the finer papillary collagen [E] of a papillary total collagen "
                          "0.7 of reticular, its fibres being thinner and looser [E] (specification 1.2)"},
              LayerSource{SourceKind::Measured,
                          "collagen III is 10-20 % of normal dermis (literature.md) [R2, secondary source]; 0.15 "
                          "taken for the reticular dermis (specification 1.2)"},
              LayerSource{SourceKind::Estimate, "III fraction 0.15 of a total collagen 0.1 of reticular" + spec}},
             [](auto& p) -> auto& { return p.baselines.collagen_iii; });
  add_layers(t, "baselines.collagen_i", "C1_b", "C units", "Healthy collagen I content (1 = total reticular collagen)",
             non_negative(),
             {LayerSource{SourceKind::Estimate, "no collagen in the epidermis (specification 1.2: 0)"},
              LayerSource{SourceKind::Estimate,
                          "I fraction 0.83 of a papillary total collagen 0.7 of reticular [E] (specification 1.2)"},
              LayerSource{SourceKind::Derived,
                          "1 - C3_b: the total collagen of the reticular dermis is the unit; collagen III is "
                          "10-20 % of normal dermis (literature.md) [R2] (specification 1.2)"},
              LayerSource{SourceKind::Estimate, "I fraction 0.85 of a total collagen 0.1 of reticular" + spec}},
             [](auto& p) -> auto& { return p.baselines.collagen_i; });
  add_layers(t, "baselines.elastin", "El_b", "El units", "Healthy elastin content", non_negative(),
             {LayerSource{SourceKind::Estimate, "no elastin in the epidermis (specification 1.2: 0)"},
              LayerSource{SourceKind::Estimate, "no source; 0.5 estimated" + spec},
              definition("elastin content of the reticular dermis"),
              LayerSource{SourceKind::Estimate, "no source; 0.1 estimated" + spec}},
             [](auto& p) -> auto& { return p.baselines.elastin; });
  const std::string vessel_text =
      "papillary loops and the subpapillary plexus carry most skin capillaries, the reticular dermis is sparser "
      "[R2: textbook descriptions]; ";
  add_layers(t, "baselines.vessels", "V_b", "V units", "Healthy perfused vessel density", non_negative(),
             {LayerSource{SourceKind::Estimate, "no vessels in the epidermis (specification 1.2: 0)"},
              definition("papillary dermis with its subpapillary plexus"),
              LayerSource{SourceKind::Estimate, vessel_text + "0.3 estimated (specification 1.2)"},
              LayerSource{SourceKind::Estimate, vessel_text + "0.4 estimated (specification 1.2)"}},
             [](auto& p) -> auto& { return p.baselines.vessels; });
  // The closure turns a negative balance into a loss relative to the baseline: these divide.
  t.add({.name = "baselines.growth_factor", .symbol = "G_b", .unit = "G units",
         .meaning = "Healthy growth-factor level, the same in every layer (no interface fluxes at rest)",
         .range = positive(), .kind = SourceKind::Estimate,
         .source = "no source; specification 1.2 sets a low resting level, far below the half-maximal response "
                   "K_G = 1"},
        [](auto& p) -> auto& { return p.baselines.growth_factor; });
  t.add({.name = "baselines.proteases", .symbol = "Pr_b", .unit = "Pr units",
         .meaning = "Healthy protease activity, the same in every layer", .range = positive(),
         .kind = SourceKind::Numerical, .source = "definition: 1 = healthy protease activity (sets the unit)"},
        [](auto& p) -> auto& { return p.baselines.proteases; });
  t.add({.name = "baselines.vegf", .symbol = "v_b", .unit = "v units",
         .meaning = "Healthy free VEGF level, the same in every layer (1 = half-maximal sprouting)",
         .range = positive(), .kind = SourceKind::Derived,
         .source = "free VEGF ~1 pM in healthy tissue (Stefanini et al. 2008, BMC Syst Biol 2:77, Table 3) [R] "
                   "over a half-maximal sprouting level K_v of tens of pM (" +
                   std::string(kRecalled) + " [M]) (specification 3.2)"},
        [](auto& p) -> auto& { return p.baselines.vegf; });
}

void add_transport(Table& t) {
  const LayerSource oxygen{
      SourceKind::Estimate,
      "tissue O2 diffusivity ~2e-5 cm²/s (classic physiology value, " + std::string(kRecalled) +
          " [M]); dense collagen 1.7-4.5e-6 cm²/s (Cheema et al. 2012, J Tissue Eng Regen Med 6:77, via "
          "BioNumbers 115120) [R]; per-layer default estimated [E]",
      "docs tag [M]/[R] for the range, [E] for the default; priority for a read source"};
  add_layers(t, "transport.D_oxygen_um2_per_min", "D_O", "µm²/min", "Oxygen diffusivity", positive(),
             {oxygen, oxygen, oxygen, oxygen}, [](auto& p) -> auto& { return p.transport.D_oxygen_um2_per_min; });
  t.add({.name = "transport.D_growth_factor_um2_per_min", .symbol = "D_G", .unit = "µm²/min",
         .meaning = "Effective growth-factor diffusivity in the dermis", .range = non_negative(),
         .kind = SourceKind::Estimate,
         .source = "free PDGF-A 1.2e-6 cm²/s with tortuosity 1.6 -> 2800 µm²/min [R2, D], ÷ ~5 for matrix binding "
                   "[E]; hindered protein diffusion in condensed collagen: Kihara et al. 2013 (PLoS ONE 8:e82382)",
         .note = "not raised inside a lumen (static per-voxel scale)"},
        [](auto& p) -> auto& { return p.transport.D_growth_factor_um2_per_min; });
  t.add({.name = "transport.D_growth_factor_epidermis_scale", .symbol = "s_G (E)", .unit = "",
         .meaning = "Factor on the growth-factor and VEGF diffusivities in epidermis rows", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = "300 / 600 µm²/min in the epidermis",
         .note = "also applied to VEGF"},
        [](auto& p) -> auto& { return p.transport.D_growth_factor_epidermis_scale; });
  t.add({.name = "transport.D_vegf_um2_per_min", .symbol = "D_v", .unit = "µm²/min",
         .meaning = "Effective VEGF diffusivity", .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "as D_G (VEGF165 ~45 kDa, heparin-binding)"},
        [](auto& p) -> auto& { return p.transport.D_vegf_um2_per_min; });
  t.add({.name = "transport.D_proteases_um2_per_min", .symbol = "D_P", .unit = "µm²/min",
         .meaning = "Protease diffusivity", .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "large matrix-bound enzymes, << D_G"},
        [](auto& p) -> auto& { return p.transport.D_proteases_um2_per_min; });
  t.add({.name = "transport.D_inflammatory_um2_per_min", .symbol = "D_M", .unit = "µm²/min",
         .meaning = "Random motility of inflammatory cells", .range = non_negative(), .kind = SourceKind::Estimate,
         .source = std::string(kRecalled) + " [M]: leukocyte interstitial motility"},
        [](auto& p) -> auto& { return p.transport.D_inflammatory_um2_per_min; });
  const std::string chi_m_note = "saturation K/(K+G) (solver form), not (1+G/K)⁻²";
  t.add({.name = "transport.chi_inflammatory_um2_per_min", .symbol = "χ_M", .unit = "µm²/min per G unit",
         .meaning = "Chemotaxis of inflammatory cells up the growth-factor gradient", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = "drift ~0.5 µm/min at ∇G 0.01/µm", .note = chi_m_note},
        [](auto& p) -> auto& { return p.transport.chi_inflammatory_um2_per_min; });
  t.add({.name = "transport.K_chi_inflammatory", .symbol = "K_χM", .unit = "G units",
         .meaning = "Growth-factor level at which the chemotaxis of inflammatory cells is halved",
         .range = positive(), .kind = SourceKind::Estimate,
         .source = "no source; receptor saturation estimated (docs row with χ_M: drift ~0.5 µm/min at ∇G 0.01/µm)",
         .note = chi_m_note},
        [](auto& p) -> auto& { return p.transport.K_chi_inflammatory; });
  t.add({.name = "transport.D_fibroblasts_um2_per_min", .symbol = "D_F", .unit = "µm²/min",
         .meaning = "Random motility of fibroblasts", .range = non_negative(), .kind = SourceKind::Estimate,
         .source = std::string(kRecalled) + " [M]: wound-model class values (Olsen et al. 1995 structure)",
         .note = "priority for a read source"},
        [](auto& p) -> auto& { return p.transport.D_fibroblasts_um2_per_min; });
  const std::string chi_f_source =
      "drift 0.1-0.3 µm/min; PDGF chemotaxis of dermal fibroblasts in 3D (Pérez-Rodríguez et al. 2018, "
      "Bioengineering 5:45) [R]";
  t.add({.name = "transport.chi_fibroblasts_um2_per_min", .symbol = "χ_F", .unit = "µm²/min per G unit",
         .meaning = "Chemotaxis of fibroblasts up the growth-factor gradient", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = chi_f_source,
         .note = "docs tag [E]/[R]: the value is estimated; the cited chemotaxis study is read"},
        [](auto& p) -> auto& { return p.transport.chi_fibroblasts_um2_per_min; });
  t.add({.name = "transport.K_chi_fibroblasts", .symbol = "K_χF", .unit = "G units",
         .meaning = "Growth-factor level at which the chemotaxis of fibroblasts is halved", .range = positive(),
         .kind = SourceKind::Estimate, .source = "no source; receptor saturation estimated (docs row with χ_F: " +
                                                     chi_f_source + ")"},
        [](auto& p) -> auto& { return p.transport.K_chi_fibroblasts; });
  t.add({.name = "transport.eta_fibroblasts_um2_per_min", .symbol = "η_F", .unit = "µm²/min per φ unit",
         .meaning = "Haptotaxis of fibroblasts up the fibrin (clot) gradient", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = "haptotaxis on the clot; same drift scale as χ_F (specification 3.1)"},
        [](auto& p) -> auto& { return p.transport.eta_fibroblasts_um2_per_min; });
  t.add({.name = "transport.D_tips_um2_per_min", .symbol = "D_n", .unit = "µm²/min",
         .meaning = "Random motility of sprout tips (dermis only)", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = "tips are mostly directed"},
        [](auto& p) -> auto& { return p.transport.D_tips_um2_per_min; });
  const std::string chi_n_note = "docs tag [E]/[F]: an estimate left free for the vessel-timing fit";
  t.add({.name = "transport.chi_tips_um2_per_min", .symbol = "χ_n", .unit = "µm²/min per v unit",
         .meaning = "Chemotaxis of sprout tips up the VEGF gradient", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = "tip advance 0.1-0.2 µm/min", .note = chi_n_note},
        [](auto& p) -> auto& { return p.transport.chi_tips_um2_per_min; });
  t.add({.name = "transport.K_chi_tips", .symbol = "K_χn", .unit = "v units",
         .meaning = "VEGF level at which the chemotaxis of sprout tips is halved", .range = positive(),
         .kind = SourceKind::Estimate,
         .source = "no source; tip chemotactic saturation estimated (docs row with χ_n: tip advance 0.1-0.2 µm/min)",
         .note = chi_n_note},
        [](auto& p) -> auto& { return p.transport.K_chi_tips; });
  t.add({.name = "transport.D_epidermal_um2_per_min", .symbol = "D_e", .unit = "µm²/min",
         .meaning = "Spread of epidermal coverage over the channel mouth (within the epidermis)",
         .range = non_negative(), .kind = SourceKind::Fitted,
         .source = "fitted to closure; with r_e the front speed is c = 2 √(D_e r_e) = 0.32 µm/min = 19 µm/h",
         .note = "spec 0.83: its front width √(D/r) = 10 µm is narrower than a 20 µm voxel and the front pinned to "
                 "the grid (closure 24-30 h); 3.0 gives width 19 µm"},
        [](auto& p) -> auto& { return p.transport.D_epidermal_um2_per_min; });
}

void add_clot_and_signal_rates(Table& t) {
  t.add({.name = "rates.k_damage_clear_per_min", .symbol = "k_D", .unit = "/min",
         .meaning = "Largest rate at which inflammatory cells clear damage (debris)", .range = non_negative(),
         .kind = SourceKind::Fitted,
         .source = "fitted to inflammation resolution: M / M_b < 1.5 in the wound at day 10 (spec T3), keeping the "
                   "vessel peak of the hand-made channel on day 7-14 (tests/model); debris cleared in 1-3 days",
         .note = "6.9e-4 (1 /day, [E]) left M at 1.79 M_b on day 10 of the example: recruitment r_M V Dm keeps M "
                 "several-fold above M_b as long as a little damage is left, so M falls only as fast as the debris "
                 "does. 1e-3 gave 1.16 on day 10 but moved the vessel peak of the hand-made channel to day 6.5. "
                 "8.5e-4: 1.32 at day 10 (example)"},
        [](auto& p) -> auto& { return p.rates.k_damage_clear_per_min; });
  t.add({.name = "rates.K_damage_M", .symbol = "K_DM", .unit = "M units",
         .meaning = "Inflammatory-cell level at which damage clearance is half its largest rate",
         .range = positive(), .kind = SourceKind::Fitted, .source = "fitted to inflammation resolution",
         .note = "spec 3: recruitment outlived the 7-10 day window (M < 1.5 M_b only on day 11.5)"},
        [](auto& p) -> auto& { return p.rates.K_damage_M; });
  t.add({.name = "rates.k_fibrinolysis_per_min", .symbol = "k_φ", .unit = "/min",
         .meaning = "Fibrinolysis rate of the clot at baseline protease activity", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = "clot replaced within a week"},
        [](auto& p) -> auto& { return p.rates.k_fibrinolysis_per_min; });
  t.add({.name = "rates.k_release_per_min", .symbol = "k_rel", .unit = "/min",
         .meaning = "Release rate of the clot-bound growth-factor store into G", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = "latent/fibrin-bound GF released over ~1 day",
         .note = "docs tag [E]/[F]: an estimate left free for the growth-factor-peak fit"},
        [](auto& p) -> auto& { return p.rates.k_release_per_min; });
  t.add({.name = "rates.k_growth_factor_per_min", .symbol = "k_G", .unit = "/min",
         .meaning = "Loss rate of the growth factor (half-life 67 min)", .range = non_negative(),
         .kind = SourceKind::Measured, .source = "TGF-β decay 15 day⁻¹, Jin et al. 2011 (BMC Syst Biol 5:60) Table 4"},
        [](auto& p) -> auto& { return p.rates.k_growth_factor_per_min; });
  t.add({.name = "rates.p_GM_per_min", .symbol = "p_GM", .unit = "G/(M·min)",
         .meaning = "Growth-factor secretion per surplus inflammatory cell", .range = non_negative(),
         .kind = SourceKind::Fitted,
         .source = "magnitude fitted (growth-factor peak); ratio to p_GF from macrophage vs fibroblast TGF-β "
                   "secretion (0.07 vs 0.004 pg/cell/day, Jin et al. 2011 Table 4) [R]",
         .note = "secreted by surplus (recruited) M only"},
        [](auto& p) -> auto& { return p.rates.p_GM_per_min; });
  t.add({.name = "rates.p_GF_per_min", .symbol = "p_GF", .unit = "G/(F·min)",
         .meaning = "Autocrine growth-factor secretion per fibroblast", .range = non_negative(),
         .kind = SourceKind::Derived, .source = "p_GM / 17 (Jin et al. 2011 Table 4 secretion ratio)"},
        [](auto& p) -> auto& { return p.rates.p_GF_per_min; });
  t.add({.name = "rates.K_GF", .symbol = "K_GF", .unit = "G units",
         .meaning = "Growth-factor level at which autocrine secretion is half its largest rate", .range = positive(),
         .kind = SourceKind::Estimate, .source = "no source; estimate"},
        [](auto& p) -> auto& { return p.rates.K_GF; });
  t.add({.name = "rates.a_GD", .symbol = "a_GD", .unit = "",
         .meaning = "Boost of inflammatory-cell growth-factor secretion by damage (debris)", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = "no source; estimate"},
        [](auto& p) -> auto& { return p.rates.a_GD; });
  t.add({.name = "rates.u_GF_per_min", .symbol = "u_GF", .unit = "/(F·min)",
         .meaning = "Growth-factor uptake per fibroblast", .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "no source; estimate, small next to k_G (specification 3.2)"},
        [](auto& p) -> auto& { return p.rates.u_GF_per_min; });
  t.add({.name = "rates.r_M_per_min", .symbol = "r_M", .unit = "M/min per unit V and Dm",
         .meaning = "Recruitment of inflammatory cells through surviving vessels into damaged tissue",
         .range = non_negative(), .kind = SourceKind::Fitted,
         .source = "fitted to the inflammation peak: M peak 10-20 M_b at day 1-3",
         .note = "spec start 1e-2 gave no visible response (1.1 M_b): recruitment needs both damage and surviving "
                 "vessels, which only the crush rim has"},
        [](auto& p) -> auto& { return p.rates.r_M_per_min; });
  const std::string w_mg_note =
      "G-driven recruitment is off: with it (w = 1) macrophages secrete G that recruits more macrophages and the "
      "loop never resolved (M 32 M_b and rising at day 14, measured)";
  t.add({.name = "rates.K_MG", .symbol = "K_MG", .unit = "G units",
         .meaning = "Growth-factor surplus at which G-driven recruitment is half its largest rate",
         .range = positive(), .kind = SourceKind::Fitted, .source = "no source; fitted with w_MG",
         .note = w_mg_note},
        [](auto& p) -> auto& { return p.rates.K_MG; });
  t.add({.name = "rates.w_MG", .symbol = "w_MG", .unit = "",
         .meaning = "Weight of growth-factor-driven recruitment next to damage (0: damage only)",
         .range = non_negative(), .kind = SourceKind::Fitted, .source = "fitted: inflammation resolution",
         .note = w_mg_note},
        [](auto& p) -> auto& { return p.rates.w_MG; });
  t.add({.name = "rates.M_max", .symbol = "M_max", .unit = "M units", .meaning = "Cap of the inflammatory-cell density",
         .range = positive(), .kind = SourceKind::Derived,
         .source = "2500 macrophages/mm³ max (Jin et al. 2011 Table 4) vs resident ~50-100/mm³ (" +
                   std::string(kRecalled) + " [M])",
         .note = "docs tag [D]/[M]"},
        [](auto& p) -> auto& { return p.rates.M_max; });
  t.add({.name = "rates.k_M_per_min", .symbol = "k_M", .unit = "/min",
         .meaning = "Removal rate of surplus inflammatory cells (0.6 /day)", .range = non_negative(),
         .kind = SourceKind::Measured, .source = "macrophage removal 0.6 day⁻¹ (Jin et al. 2011 Table 4)"},
        [](auto& p) -> auto& { return p.rates.k_M_per_min; });
  // Proteases
  const std::string protease_source = "docs row p_PM, p_PF, K_PG, a_PD gives no source";
  t.add({.name = "rates.p_PM_per_min", .symbol = "p_PM", .unit = "Pr/(M·min)",
         .meaning = "Protease secretion per surplus inflammatory cell", .range = non_negative(),
         .kind = SourceKind::Fitted,
         .source = protease_source + "; fitted (specification 3.2: set so that Pr peaks ~4-6 at day 2)",
         .note = "docs tag [F]/[E] for the row: p_PM fitted, the others estimated"},
        [](auto& p) -> auto& { return p.rates.p_PM_per_min; });
  t.add({.name = "rates.p_PF_per_min", .symbol = "p_PF", .unit = "Pr/(F·min)",
         .meaning = "Protease secretion per activated fibroblast", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = protease_source + "; estimate"},
        [](auto& p) -> auto& { return p.rates.p_PF_per_min; });
  t.add({.name = "rates.K_PG", .symbol = "K_PG", .unit = "G units",
         .meaning = "Growth-factor surplus at which fibroblast protease secretion is half its largest rate",
         .range = positive(), .kind = SourceKind::Estimate, .source = protease_source + "; estimate"},
        [](auto& p) -> auto& { return p.rates.K_PG; });
  t.add({.name = "rates.a_PD", .symbol = "a_PD", .unit = "",
         .meaning = "Boost of inflammatory-cell protease secretion by damage (debris)", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = protease_source + "; estimate"},
        [](auto& p) -> auto& { return p.rates.a_PD; });
  t.add({.name = "rates.k_P_per_min", .symbol = "k_P", .unit = "/min",
         .meaning = "Protease loss rate (0.875 /day)", .range = non_negative(), .kind = SourceKind::Measured,
         .source = "MMP-9 decay 0.875 day⁻¹ (Jin et al. 2011 Table 4)"},
        [](auto& p) -> auto& { return p.rates.k_P_per_min; });
  // VEGF
  t.add({.name = "rates.p_vF_per_min", .symbol = "p_vF", .unit = "v/(F·min)",
         .meaning = "Hypoxic VEGF production per fibroblast", .range = non_negative(), .kind = SourceKind::Fitted,
         .source = "no source; fitted to vessel timing (specification 3.2)",
         .note = "docs tag [F]/[E] for the row p_vF, p_vK, p_vM0: p_vF fitted, the others estimated"},
        [](auto& p) -> auto& { return p.rates.p_vF_per_min; });
  t.add({.name = "rates.p_vK_per_min", .symbol = "p_vK", .unit = "v/min per unit coverage",
         .meaning = "Hypoxic VEGF production by (wound-edge) keratinocytes", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = "no source; estimate"},
        [](auto& p) -> auto& { return p.rates.p_vK_per_min; });
  t.add({.name = "rates.p_vM0_per_min", .symbol = "p_vM0", .unit = "v/(M·min)",
         .meaning = "Hypoxic VEGF production per inflammatory cell", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = "no source; estimate"},
        [](auto& p) -> auto& { return p.rates.p_vM0_per_min; });
  t.add({.name = "rates.p_vM_per_min", .symbol = "p_vM", .unit = "v/(M·min)",
         .meaning = "Oxygen-independent VEGF production per surplus inflammatory cell", .range = non_negative(),
         .kind = SourceKind::Fitted, .source = "fitted to vessel timing: inflammation-driven VEGF",
         .note = "spec 2e-4: VEGF stayed under the sprouting threshold"},
        [](auto& p) -> auto& { return p.rates.p_vM_per_min; });
  const std::string hyp_source =
      std::string(kRecalled) + " [M]: hypoxic VEGF below ~10-15 mmHg (Schugart et al. 2008 threshold of this order)";
  t.add({.name = "rates.K_hyp_mmHg", .symbol = "K_hyp", .unit = "mmHg",
         .meaning = "Oxygen level of the hypoxia (HIF) switch of VEGF production", .range = positive(),
         .kind = SourceKind::Estimate, .source = hyp_source, .note = "priority for a read source"},
        [](auto& p) -> auto& { return p.rates.K_hyp_mmHg; });
  t.add({.name = "rates.hypoxia_hill", .symbol = "m", .unit = "",
         .meaning = "Hill exponent of the hypoxia switch", .range = positive(), .kind = SourceKind::Estimate,
         .source = hyp_source},
        [](auto& p) -> auto& { return p.rates.hypoxia_hill; });
  t.add({.name = "rates.k_v_per_min", .symbol = "k_v", .unit = "/min", .meaning = "VEGF decay rate (half-life 90 min)",
         .range = non_negative(), .kind = SourceKind::Measured,
         .source = "VEGF165 half-life 90 min (Kleinheinz et al. 2010, Head Face Med 6:17)"},
        [](auto& p) -> auto& { return p.rates.k_v_per_min; });
  t.add({.name = "rates.u_v_per_min", .symbol = "u_v", .unit = "/((V+n)·min)",
         .meaning = "VEGF uptake by vessels and sprout tips", .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "no source; estimate (receptor-mediated clearance, specification 3.2)"},
        [](auto& p) -> auto& { return p.rates.u_v_per_min; });
}

void add_tissue_rates(Table& t) {
  // Fibroblasts
  t.add({.name = "rates.r_F_per_min", .symbol = "r_F", .unit = "/min",
         .meaning = "Largest fibroblast proliferation rate (doubling 18 h)", .range = non_negative(),
         .kind = SourceKind::Measured, .source = "doubling 18 h (Jin et al. 2011 Table 4)"},
        [](auto& p) -> auto& { return p.rates.r_F_per_min; });
  t.add({.name = "rates.K_G", .symbol = "K_G", .unit = "G units",
         .meaning = "Growth-factor surplus at which fibroblast proliferation is half its largest rate",
         .range = positive(), .kind = SourceKind::Numerical,
         .source = "definition: K_G = 1 defines the G unit (docs tag: definition)"},
        [](auto& p) -> auto& { return p.rates.K_G; });
  t.add({.name = "rates.K_OF_mmHg", .symbol = "K_OF", .unit = "mmHg",
         .meaning = "Oxygen level at which fibroblast proliferation is half its largest rate", .range = positive(),
         .kind = SourceKind::Estimate,
         .source = std::string(kRecalled) + " [M] (specification 3.2: fibroblasts proliferate down to a few mmHg)",
         .note = "read since (a hyperbaric-medicine chapter on Hunt and Silver's wound measurements [R2]): cell "
                 "replication hardly seen below 20 mmHg, best at 30-80 mmHg, i.e. a half-maximum nearer 20; not "
                 "changed (issue 9, docs/validation.md, \"Dose response\")"},
        [](auto& p) -> auto& { return p.rates.K_OF_mmHg; });
  t.add({.name = "rates.F_max", .symbol = "F_max", .unit = "F units", .meaning = "Cap of the fibroblast density",
         .range = positive(), .kind = SourceKind::Derived,
         .source = "1250 fibroblasts/mm³ max (Jin et al. 2011) vs ~200/mm³ resident (" + std::string(kRecalled) +
                   " [M])",
         .note = "docs tag [D]/[M]"},
        [](auto& p) -> auto& { return p.rates.F_max; });
  t.add({.name = "rates.d_F_per_min", .symbol = "d_F", .unit = "/min",
         .meaning = "Apoptosis rate of surplus fibroblasts (0.12 /day)", .range = non_negative(),
         .kind = SourceKind::Measured,
         .source = "Jin et al. 2011 Table 4; sensitivity: Egberts et al. 2021 (Biomech Model Mechanobiol 20:2147)"},
        [](auto& p) -> auto& { return p.rates.d_F_per_min; });
  t.add({.name = "rates.k_Fb_per_min", .symbol = "k_Fb", .unit = "/min",
         .meaning = "Homeostatic repopulation of a fibroblast deficit in undamaged tissue", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = "no source; estimate"},
        [](auto& p) -> auto& { return p.rates.k_Fb_per_min; });
  t.add({.name = "rates.k_FD_per_min", .symbol = "k_FD", .unit = "/min",
         .meaning = "Killing of fibroblasts in damaged tissue", .range = non_negative(), .kind = SourceKind::Fitted,
         .source = "fitted to fibroblast timing",
         .note = "spec 6.9e-3 (10 /day): damage persists for days, so the wound stayed empty of fibroblasts (0.1 F_b "
                 "at day 2)"},
        [](auto& p) -> auto& { return p.rates.k_FD_per_min; });
  // Collagen
  t.add({.name = "rates.s_CA_per_min", .symbol = "s_CA", .unit = "C/(F·min)",
         .meaning = "Growth-factor-activated collagen synthesis per fibroblast", .range = non_negative(),
         .kind = SourceKind::Fitted,
         .source = "fitted to collagen timing; rat wounds: synthesis from 24 h, peak ~day 7 (Exp Biol Med 1979, "
                   "160:458, literature.md)",
         .note = "spec 1.4e-5 assumed normoxic F ≈ 4 F_b; with the wound's 7-25 mmHg oxygen it refilled <1 % in 2 "
                 "weeks"},
        [](auto& p) -> auto& { return p.rates.s_CA_per_min; });
  t.add({.name = "rates.K_CG", .symbol = "K_CG", .unit = "G units",
         .meaning = "Growth-factor surplus at which activated collagen synthesis is half its largest rate",
         .range = positive(), .kind = SourceKind::Estimate, .source = "no source; estimate"},
        [](auto& p) -> auto& { return p.rates.K_CG; });
  t.add({.name = "rates.K_OC_mmHg", .symbol = "K_OC", .unit = "mmHg",
         .meaning = "Oxygen level at which collagen and elastin synthesis is half its largest rate",
         .range = positive(), .kind = SourceKind::Estimate,
         .source = "Hutton, Tappel & Udenfriend 1967 Arch Biochem Biophys 118:231: prolyl hydroxylase Km for O2 "
                   "2.6 vol% O2, about 20 mmHg (read in a secondary source, a hyperbaric-medicine chapter [R2]); "
                   "Schreml et al. 2010 Br J Dermatol 163:257 (review): collagen synthesis needs 25-100 mmHg",
         .note = "Jonsson et al. 1991 Ann Surg 214:605: wound collagen deposition rises in proportion to PO2 "
                 "(no half-maximum given); the primary Km is still to be read"},
        [](auto& p) -> auto& { return p.rates.K_OC_mmHg; });
  t.add({.name = "rates.C_max_factor", .symbol = "C_max_factor", .unit = "",
         .meaning = "Density feedback of collagen synthesis: room = 1 - C / (factor x C_b) up to the healthy C_b, then "
                    "a tail with the same value and slope that falls as 1 / C and never reaches 0 (no hard cap)",
         .range = positive(), .kind = SourceKind::Estimate,
         .source = "allows overshoot; Lotfi et al. 2013 +53 % papillary collagen after 5 sessions",
         .note = "was a hard cap at factor x C_b (1.6x) until issue 9: repeated sessions could not add beyond it"},
        [](auto& p) -> auto& { return p.rates.C_max_factor; });
  t.add({.name = "rates.k_Crep_per_min", .symbol = "k_Crep", .unit = "/min",
         .meaning = "Cell-mediated repair of a collagen deficit: k_Crep (C_b - C)+ (F / F_b) (h(O) / h(O_b)) is laid "
                    "down where the matrix is below its healthy set point",
         .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "1 / (60 days): remodelling 3 weeks to over a year; tensile strength about 20 % at 3 weeks and "
                   "about 80 % at a plateau near 3 months (literature.md) [R2]: deficits refill over months, not at "
                   "the 15-year turnover",
         .note = "issue 9: without it a deficit persisted for years (papillary collagen flat from day 14 to 90)"},
        [](auto& p) -> auto& { return p.rates.k_Crep_per_min; });
  t.add({.name = "rates.k_xl_per_min", .symbol = "k_xl", .unit = "/min",
         .meaning = "Cross-linking (maturation) of new collagen I: dX/dt = k_xl (C1 - X)+ - (collagen losses) X, X the "
                    "cross-linked part; a wound's tensile strength follows X (docs/model.md, \"Tensile strength\")",
         .range = non_negative(), .kind = SourceKind::Fitted,
         .source = "fitted (scripts/fit_strength.py) so that the wound zone of the default example has recovered 20 % "
                   "of the tensile strength the session took 21 days after it: a healing wound has about 20 % of "
                   "normal tensile strength at 3 weeks (literature.md) [R2]; 1 / (47 days). The 3-month figure "
                   "(about 80 % at a plateau) is left out of the fit (docs/validation.md, \"Tensile strength\")"},
        [](auto& p) -> auto& { return p.rates.k_xl_per_min; });
  const std::string months = "remodelling 3 weeks to over a year; clinical results read at 1-6 months, with more "
                             "collagen and elastin at 6 months than before (Aust et al. 2008; literature.md)";
  t.add({.name = "rates.k_Aon_per_min", .symbol = "k_Aon", .unit = "/min",
         .meaning = "Activation of the fibroblasts of a voxel while the growth factor is raised: dA/dt = k_Aon h(G_ex; "
                    "K_G) (1 - A) - k_Aoff A",
         .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "1 / day: the fibroblasts switch within the proliferative phase (days 3-21, literature.md)"},
        [](auto& p) -> auto& { return p.rates.k_Aon_per_min; });
  t.add({.name = "rates.k_Aoff_per_min", .symbol = "k_Aoff", .unit = "/min",
         .meaning = "Fading of the lasting fibroblast activation A once the growth factor is back at baseline",
         .range = non_negative(), .kind = SourceKind::Estimate, .source = "1 / (60 days): " + months},
        [](auto& p) -> auto& { return p.rates.k_Aoff_per_min; });
  t.add({.name = "rates.a_A", .symbol = "a_A", .unit = "",
         .meaning = "Activated synthesis (collagen s_CA, elastin σ_E) of a fully activated fibroblast (A = 1) with no "
                    "growth-factor surplus, as a share of the growth-factor-driven synthesis at saturation",
         .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "0.1: new collagen keeps forming for months after a session at a small fraction of its peak rate "
                   "(" + months + "); no measurement of that fraction was found",
         .note = "issue 9: without it collagen stopped forming once the growth factor fell (flat from day 14)"},
        [](auto& p) -> auto& { return p.rates.a_A; });
  t.add({.name = "rates.f3_max", .symbol = "f3_max", .unit = "",
         .meaning = "Collagen III fraction of new collagen at high growth factor", .range = fraction(),
         .kind = SourceKind::Fitted,
         .source = "fitted to the III fraction in the wound (up to ~30 % early); no measurement of the fraction of "
                   "new collagen was found",
         .note = "spec 0.6 gave a 23 % peak in the wound, 0.7 gave 25 %, 0.85 gives 28 %"},
        [](auto& p) -> auto& { return p.rates.f3_max; });
  t.add({.name = "rates.K_3G", .symbol = "K_3G", .unit = "G units",
         .meaning = "Growth-factor surplus at which the switch to collagen III is half complete", .range = positive(),
         .kind = SourceKind::Fitted, .source = "fitted to the III fraction in the wound"},
        [](auto& p) -> auto& { return p.rates.K_3G; });
  t.add({.name = "rates.k_31_per_min", .symbol = "k_31", .unit = "/min",
         .meaning = "Remodelling rate of surplus collagen III into collagen I at baseline protease activity",
         .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "remodelling 3 weeks to > 1 year (literature.md; " + std::string(kRecalled) + " [M])",
         .note = "docs tag [M]/[F]: left free for the III-fraction fit"},
        [](auto& p) -> auto& { return p.rates.k_31_per_min; });
  t.add({.name = "rates.k_C_per_min", .symbol = "k_C", .unit = "/min",
         .meaning = "Turnover rate of mature collagen (half-life 15 years)", .range = non_negative(),
         .kind = SourceKind::Estimate,
         .source = std::string(kRecalled) +
                   " [M]: skin collagen half-life ~15 y (Verzijl et al. 2000, J Biol Chem 275:39027)",
         .note = "priority for a read source"},
        [](auto& p) -> auto& { return p.rates.k_C_per_min; });
  t.add({.name = "rates.k_CD_per_min", .symbol = "k_CD", .unit = "/min per Pr·Dm",
         .meaning = "Digestion of damaged collagen per unit of protease and damage", .range = non_negative(),
         .kind = SourceKind::Fitted, .source = "no source; fitted",
         .note = "spec 6.9e-4 digested 70 % of the remaining crush-zone collagen before fibroblasts arrived"},
        [](auto& p) -> auto& { return p.rates.k_CD_per_min; });
  // Elastin
  const std::string elastin_source = "Aust et al. 2008: more elastin at 6 months";
  t.add({.name = "rates.sig_E", .symbol = "σ_E", .unit = "", .meaning = "Growth-factor boost of elastin synthesis",
         .range = non_negative(), .kind = SourceKind::Fitted, .source = "fitted: " + elastin_source,
         .note = "docs tag [F]/[E] for the row σ_E, K_EG: σ_E fitted, K_EG estimated"},
        [](auto& p) -> auto& { return p.rates.sig_E; });
  t.add({.name = "rates.K_EG", .symbol = "K_EG", .unit = "G units",
         .meaning = "Growth-factor surplus at which the elastin boost is half its largest value", .range = positive(),
         .kind = SourceKind::Estimate, .source = "estimate (docs row with σ_E: " + elastin_source + ")"},
        [](auto& p) -> auto& { return p.rates.K_EG; });
  t.add({.name = "rates.k_E_per_min", .symbol = "k_E", .unit = "/min",
         .meaning = "Turnover rate of elastin (half-life ~50 years)", .range = non_negative(),
         .kind = SourceKind::Estimate,
         .source = std::string(kRecalled) +
                   " [M] (specification 3.2: elastin half-life of decades, aspartate racemisation studies)",
         .note = "priority for a read source"},
        [](auto& p) -> auto& { return p.rates.k_E_per_min; });
  t.add({.name = "rates.k_EM_per_min", .symbol = "k_EM", .unit = "/min per surplus M",
         .meaning = "Elastolysis by surplus inflammatory cells", .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "no source; estimate",
         .note = "spec 7e-6 removed 50 % of wound elastin in a week, which elastin synthesis (decades) never "
                 "restores"},
        [](auto& p) -> auto& { return p.rates.k_EM_per_min; });
  t.add({.name = "rates.El_max_factor", .symbol = "El_max_factor", .unit = "",
         .meaning = "Density feedback of elastin synthesis, as C_max_factor for collagen (no hard cap)",
         .range = positive(), .kind = SourceKind::Estimate, .source = "no source; estimate"},
        [](auto& p) -> auto& { return p.rates.El_max_factor; });
  t.add({.name = "rates.k_Erep_per_min", .symbol = "k_Erep", .unit = "/min",
         .meaning = "Cell-mediated repair of an elastin deficit: k_Erep (El_b - El)+ (F / F_b) (h(O) / h(O_b))",
         .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "1 / (60 days), half as fast as collagen repair: elastic fibres are laid down slowly, and more "
                   "elastin is seen at 6 months (" + elastin_source + ")",
         .note = "issue 9: without it elastin lost to elastolysis stayed lost for decades (-18 % forever)"},
        [](auto& p) -> auto& { return p.rates.k_Erep_per_min; });
}

void add_oxygen_rates(Table& t) {
  t.add({.name = "rates.h_V_per_min", .symbol = "h_V", .unit = "/min per V unit",
         .meaning = "Vascular oxygen supply per unit of vessel density", .range = non_negative(),
         .kind = SourceKind::Fitted, .source = "fitted to baseline pO2 35 (P) / 30 (R) mmHg; Wang, Winlove & Michel 2003 J Physiol "
                   "(microelectrodes in nail-fold dermal papillae): 40.0 +- 4.8 mmHg at the base, 30.4 +- 5.2 at "
                   "the tip [R]"},
        [](auto& p) -> auto& { return p.rates.h_V_per_min; });
  t.add({.name = "rates.O_cap_mmHg", .symbol = "O_cap", .unit = "mmHg", .meaning = "Mean capillary oxygen tension",
         .range = non_negative(), .kind = SourceKind::Estimate,
         .source = std::string(kRecalled) + " [M]: between arterial ~95 and venous ~40 mmHg"},
        [](auto& p) -> auto& { return p.rates.O_cap_mmHg; });
  const std::string q0_source =
      "≈1000 mmHg/min for active tissue, dermis less (derived from recalled values [D from M])";
  add_layers(t, "rates.q_0_mmHg_per_min", "q_0", "mmHg/min", "Largest resident oxygen consumption", non_negative(),
             {LayerSource{SourceKind::Estimate,
                          "none: epidermal consumption is q_K per unit of epidermal coverage (docs/model.md)"},
              LayerSource{SourceKind::Derived, q0_source},
              LayerSource{SourceKind::Fitted, q0_source + "; fitted to baseline pO2 30 mmHg deep in R",
                          "R: spec 400 gives 17 mmHg deep in R; 240 gives 30 mmHg (the spec's own target)"},
              LayerSource{SourceKind::Derived, q0_source}},
             [](auto& p) -> auto& { return p.rates.q_0_mmHg_per_min; });
  const std::string q_source = "wound dead-space pO2 1-10 mmHg (Knighton/Hunt 1981, literature.md)";
  const std::string q_note = "docs tag [E]/[F] for the row q_F, q_M, q_K: q_M fitted, q_F and q_K estimated";
  t.add({.name = "rates.q_F_mmHg_per_min", .symbol = "q_F", .unit = "mmHg/min per F unit",
         .meaning = "Extra oxygen consumption per surplus fibroblast", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = "estimate; " + q_source, .note = q_note},
        [](auto& p) -> auto& { return p.rates.q_F_mmHg_per_min; });
  t.add({.name = "rates.q_M_mmHg_per_min", .symbol = "q_M", .unit = "mmHg/min per M unit",
         .meaning = "Oxygen consumption per surplus inflammatory cell (respiratory burst)", .range = non_negative(),
         .kind = SourceKind::Fitted, .source = "fitted to VEGF/vessel timing; " + q_source,
         .note = "q_M: spec 150 made the wound anoxic (0.2 mmHg) for a week at the calibrated M"},
        [](auto& p) -> auto& { return p.rates.q_M_mmHg_per_min; });
  t.add({.name = "rates.q_K_mmHg_per_min", .symbol = "q_K", .unit = "mmHg/min per unit coverage",
         .meaning = "Oxygen consumption of keratinocytes per unit of epidermal coverage", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = "estimate; " + q_source, .note = q_note},
        [](auto& p) -> auto& { return p.rates.q_K_mmHg_per_min; });
  t.add({.name = "rates.K_Oq_mmHg", .symbol = "K_Oq", .unit = "mmHg",
         .meaning = "Michaelis constant of oxygen consumption", .range = positive(), .kind = SourceKind::Estimate,
         .source = std::string(kRecalled) + " [M]: mitochondrial Km < 1 mmHg"},
        [](auto& p) -> auto& { return p.rates.K_Oq_mmHg; });
  t.add({.name = "rates.O_air_mmHg", .symbol = "O_air", .unit = "mmHg",
         .meaning = "Oxygen tension at the skin surface", .range = non_negative(), .kind = SourceKind::Measured,
         .source = "163 ± 9 Torr at the humidified surface (Stücker et al. 2002, J Physiol 538:985)"},
        [](auto& p) -> auto& { return p.rates.O_air_mmHg; });
  const std::string h_note = "docs tag [D]/[E] for the row h_SC, h_open_factor: h_SC derived, h_open_factor estimated";
  t.add({.name = "rates.h_SC_um_per_min", .symbol = "h_SC", .unit = "µm/min",
         .meaning = "Oxygen transfer coefficient of the stratum corneum", .range = non_negative(),
         .kind = SourceKind::Derived,
         .source = "resting transcutaneous flux 0.53 ml O2 min⁻¹ m⁻² (Stücker et al. 2002) = 1.77e4 mmHg·µm/min, "
                   "over O_air - O_surface",
         .note = h_note},
        [](auto& p) -> auto& { return p.rates.h_SC_um_per_min; });
  t.add({.name = "rates.h_open_factor", .symbol = "h_open_factor", .unit = "",
         .meaning = "Transfer through an open channel mouth as a multiple of h_SC", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = "no source; estimate", .note = h_note},
        [](auto& p) -> auto& { return p.rates.h_open_factor; });
}

void add_vessel_and_closure_rates(Table& t) {
  t.add({.name = "rates.a_s_per_min", .symbol = "a_s", .unit = "n/(V·min)",
         .meaning = "Sprouting of tips from vessels above the VEGF threshold", .range = non_negative(),
         .kind = SourceKind::Fitted, .source = "no source; fitted (vessel timing)"},
        [](auto& p) -> auto& { return p.rates.a_s_per_min; });
  t.add({.name = "rates.v_thr", .symbol = "v_thr", .unit = "v units", .meaning = "VEGF threshold of sprouting",
         .range = non_negative(), .kind = SourceKind::Fitted,
         .source = "no sprouting at baseline (0.05); lowered from the specification's estimate",
         .note = "spec 0.2 (docs tag [E]/[F])"},
        [](auto& p) -> auto& { return p.rates.v_thr; });
  const std::string tip_note =
      "docs tag [F]/[E] for the row a_b, b_nV, b_nn, d_n: a_b fitted (vessel peak), the others estimated";
  t.add({.name = "rates.a_b_per_min", .symbol = "a_b", .unit = "/min", .meaning = "Branching of sprout tips",
         .range = non_negative(), .kind = SourceKind::Fitted, .source = "no source; fitted (vessel peak)",
         .note = tip_note},
        [](auto& p) -> auto& { return p.rates.a_b_per_min; });
  t.add({.name = "rates.b_nV_per_min", .symbol = "b_nV", .unit = "/min per V unit",
         .meaning = "Tip-vessel anastomosis", .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "no source; estimate", .note = tip_note},
        [](auto& p) -> auto& { return p.rates.b_nV_per_min; });
  t.add({.name = "rates.b_nn_per_min", .symbol = "b_nn", .unit = "/min per n unit", .meaning = "Tip-tip anastomosis",
         .range = non_negative(), .kind = SourceKind::Estimate, .source = "no source; estimate", .note = tip_note},
        [](auto& p) -> auto& { return p.rates.b_nn_per_min; });
  t.add({.name = "rates.d_n_per_min", .symbol = "d_n", .unit = "/min", .meaning = "Death rate of sprout tips",
         .range = non_negative(), .kind = SourceKind::Estimate, .source = "no source; estimate", .note = tip_note},
        [](auto& p) -> auto& { return p.rates.d_n_per_min; });
  t.add({.name = "rates.L_tip_um", .symbol = "L_tip", .unit = "µm",
         .meaning = "Tip travel per unit of vessel density laid", .range = positive(), .kind = SourceKind::Estimate,
         .source = "about one capillary spacing"},
        [](auto& p) -> auto& { return p.rates.L_tip_um; });
  t.add({.name = "rates.tip_speed_um_per_min", .symbol = "u_tip", .unit = "µm/min",
         .meaning = "Typical tip speed with which vessels are laid (pointwise snail trail)", .range = non_negative(),
         .kind = SourceKind::Estimate, .source = "tip advance 0.1-0.2 µm/min (spec chi_n row)",
         .note = "docs tag [E]/[F]. New: vessels are laid at u_tip n / L_tip instead of l_V abs(J_n), because the "
                 "reaction right-hand side is pointwise and cannot see gradients"},
        [](auto& p) -> auto& { return p.rates.tip_speed_um_per_min; });
  t.add({.name = "rates.V_max_factor", .symbol = "V_max_factor", .unit = "",
         .meaning = "Vessel cap as a multiple of the layer's healthy vessel density", .range = positive(),
         .kind = SourceKind::Estimate, .source = "no source; estimate"},
        [](auto& p) -> auto& { return p.rates.V_max_factor; });
  const std::string regression_source = "vessel surplus gone by ~day 28 (PMC2739287, literature.md)";
  const std::string regression_note = "docs tag [F]/[E] for the row ρ_V, K_VR: ρ_V fitted, K_VR estimated";
  t.add({.name = "rates.rho_V_per_min", .symbol = "ρ_V", .unit = "/min", .meaning = "Regression of surplus vessels",
         .range = non_negative(), .kind = SourceKind::Fitted, .source = "fitted: " + regression_source,
         .note = regression_note},
        [](auto& p) -> auto& { return p.rates.rho_V_per_min; });
  t.add({.name = "rates.k_Vrep_per_min", .symbol = "k_Vrep", .unit = "/min",
         .meaning = "Regrowth of a vessel deficit toward the healthy density where the tissue is no longer damaged: "
                    "k_Vrep (V_b - V)+ (1 - Dm)",
         .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "1 / (60 days), as the repair of the matrix: no measurement of how fast a vessel deficit in "
                   "healed skin refills was found (the surplus of wound vessels regresses by day 28, mouse, PMC2739287, "
                   "literature.md)",
         .note = "issue 9: after dense needling the papillary vessels lost to the channels stayed at 0.71 of healthy "
                 "for 6 months: the sprouting loop needs hypoxia, which the healed tissue no longer has"},
        [](auto& p) -> auto& { return p.rates.k_Vrep_per_min; });
  t.add({.name = "rates.K_VR", .symbol = "K_VR", .unit = "v units",
         .meaning = "VEGF level giving half protection from vessel regression", .range = positive(),
         .kind = SourceKind::Estimate, .source = "estimate (docs row with ρ_V: " + regression_source + ")",
         .note = regression_note},
        [](auto& p) -> auto& { return p.rates.K_VR; });
  // Epidermal closure
  t.add({.name = "rates.r_e_per_min", .symbol = "r_e", .unit = "/min",
         .meaning = "Growth rate of the epidermal front (0.5 /h)", .range = non_negative(), .kind = SourceKind::Fitted,
         .source = "no source; fitted to closure (with D_e)"},
        [](auto& p) -> auto& { return p.rates.r_e_per_min; });
  t.add({.name = "rates.tau_lag_min", .symbol = "τ_lag", .unit = "min",
         .meaning = "Activation lag of the keratinocytes at the channel edge", .range = non_negative(),
         .kind = SourceKind::Fitted,
         .source = "fitted to closure; barrier back in 4-5 h in rat (Kalluri et al. 2011, AAPS J 13:473); "
                   "reseal within 2 h in humans (Gupta et al. 2011)"},
        [](auto& p) -> auto& { return p.rates.tau_lag_min; });
  t.add({.name = "rates.g_open", .symbol = "g_open", .unit = "",
         .meaning = "Front growth factor on a bare (no clot, damaged) substrate", .range = fraction(),
         .kind = SourceKind::Estimate, .source = "no source; estimate"},
        [](auto& p) -> auto& { return p.rates.g_open; });
}

// A topical agent through the channels, and epidermal pigment (docs/model.md, "Topical delivery
// and pigment"). The agent's defaults describe a small hydrophilic molecule such as tranexamic
// acid (MW 157).
void add_topical_and_pigment(Table& t) {
  const std::string diffusivity = "D_VE ≈ D_aq / 5-10; D_dermis = D_free / (1 + binding) (Nitsche & Kasting 2013 "
                                  "Biophys J; Kretsos 2008 Int J Pharm 346:64; lesions.md) [R2]";
  t.add({.name = "transport.D_agent_um2_per_min", .symbol = "D_a", .unit = "µm²/min",
         .meaning = "Diffusivity of a topical agent in the dermis and fat", .range = non_negative(),
         .kind = SourceKind::Estimate,
         .source = "a small molecule's free diffusivity in water, about 5e-6 cm²/s = 3e4 µm²/min [E], unbound in "
                   "the dermis: " + diffusivity},
        [](auto& p) -> auto& { return p.transport.D_agent_um2_per_min; });
  t.add({.name = "transport.D_agent_epidermis_scale", .symbol = "", .unit = "",
         .meaning = "Agent diffusivity in the viable epidermis relative to the dermis", .range = non_negative(),
         .kind = SourceKind::Measured, .source = "0.15, within 1/5-1/10 of the free value: " + diffusivity},
        [](auto& p) -> auto& { return p.transport.D_agent_epidermis_scale; });
  t.add({.name = "rates.P_agent_sc_um_per_min", .symbol = "P_SC", .unit = "µm/min",
         .meaning = "Permeability of the intact stratum corneum to the agent (its route without needling)",
         .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "Potts & Guy 1992 (Pharm Res 9:663) regression log kp [cm/h] = -2.7 + 0.71 log P - 0.0061 MW for "
                   "MW 157, log P -1.6 (tranexamic acid): kp ≈ 1.6e-5 cm/h = 2.6e-3 µm/min [E: a regression, "
                   "not a measurement of this agent]; without needling a hydrophilic drug is barely detectable "
                   "(naltrexone, Wermeling 2008 PNAS, lesions.md) [R]"},
        [](auto& p) -> auto& { return p.rates.P_agent_sc_um_per_min; });
  t.add({.name = "rates.k_agent_open_per_min", .symbol = "k_open", .unit = "/min",
         .meaning = "Exchange of an open channel mouth (epidermis voxel without coverage) with the agent on the skin",
         .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "1 / min: a fluid-filled mouth equilibrates with the serum within minutes; with needles the flux "
                   "reaches steady state within 2 h (Wermeling 2008 PNAS, lesions.md) [R]; the mouths close as "
                   "the epidermal coverage returns (humans: unoccluded resealing < 2 h, Gupta 2011) [R]"},
        [](auto& p) -> auto& { return p.rates.k_agent_open_per_min; });
  t.add({.name = "rates.k_agent_clear_per_min", .symbol = "k_clear", .unit = "/min",
         .meaning = "Clearance of the agent into the blood, per vessel unit (V = 1 in papillary dermis)",
         .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "1e-2 / min (half-life 70 min in papillary dermis) [E]: no measured dermal clearance of the "
                   "agent was found"},
        [](auto& p) -> auto& { return p.rates.k_agent_clear_per_min; });
  t.add({.name = "rates.k_melanin_per_min", .symbol = "k_mel", .unit = "/min",
         .meaning = "Turnover of epidermal melanin (carried up and shed with the keratinocytes)",
         .range = non_negative(), .kind = SourceKind::Measured,
         .source = "1 / (40 days): epidermal turnover 40-56 days (Maeda 2017 Cosmetics 4:47, a new measurement "
                   "method), 28 days in older texts; 14 days from the basal layer to the surface (Candi 2005 Nat Rev "
                   "Mol Cell Biol 6:328) [R2]"},
        [](auto& p) -> auto& { return p.rates.k_melanin_per_min; });
  t.add({.name = "rates.e_agent_melanin", .symbol = "e_max", .unit = "",
         .meaning = "Largest share of the melanocytes' output the agent suppresses", .range = fraction(),
         .kind = SourceKind::Estimate,
         .source = "0.5 [E]: tranexamic acid lowers tyrosinase activity of melanocytes only with keratinocyte "
                   "signals present (0.5-5 mM, Maeda & Naganuma 1998 J Photochem Photobiol B 47:136) [R]; no "
                   "measured size of the effect in skin was found"},
        [](auto& p) -> auto& { return p.rates.e_agent_melanin; });
  t.add({.name = "rates.K_agent_melanin", .symbol = "K_a", .unit = "applied",
         .meaning = "Agent concentration (as a share of the applied one) at half the suppression",
         .range = positive(), .kind = SourceKind::Estimate,
         .source = "0.05 [E]: active at 0.5-5 mM in culture (Maeda & Naganuma 1998) [R] against 30-300 mM in a "
                   "0.5-5 % serum"},
        [](auto& p) -> auto& { return p.rates.K_agent_melanin; });
}

Table make_table() {
  Table t("model", "Healing model (`HealingParameters`)");
  add_baselines(t);
  add_transport(t);
  add_clot_and_signal_rates(t);
  add_tissue_rates(t);
  add_oxygen_rates(t);
  add_vessel_and_closure_rates(t);
  add_topical_and_pigment(t);
  return t;
}

}  // namespace

const ParameterTable<HealingParameters>& healing_parameter_table() {
  static const ParameterTable<HealingParameters> table = make_table();
  return table;
}

}  // namespace skintwin::model
