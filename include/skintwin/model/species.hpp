#pragma once
// The species of the healing model (docs/model.md, "Healing"): one field each on the grid.
// Densities are normalised (see `species_unit`); oxygen is in mmHg.
#include <array>
#include <cstddef>
#include <string_view>

namespace skintwin::model {

enum class Species : std::size_t {
  Damage = 0,          // fraction of tissue disrupted (0-1)
  Fibrin,              // provisional matrix / clot (1 = fully clotted voxel)
  ClotGrowthFactor,    // growth factor held in the clot, released over about a day
  GrowthFactor,        // lumped PDGF/TGF-beta, active
  InflammatoryCells,   // macrophages (early neutrophils lumped in)
  Fibroblasts,
  CollagenIII,
  CollagenI,
  Elastin,
  Proteases,           // lumped MMP/plasmin activity
  Oxygen,              // mmHg
  Vegf,
  SproutTips,          // capillary sprout tips
  Vessels,             // perfused vessel density
  EpidermalCoverage,   // 0-1, epidermis layer only
  FibroblastActivation,  // 0-1, lasting activation of the fibroblasts of a voxel (months)
  MatrixSetPoint,        // matrix the resident cells keep, share of the layer's healthy (1; < 1 in atrophic lesions)
  CollagenCrossLinked,   // the cross-linked (mature) part of collagen I, in collagen units (<= collagen I)
  TopicalAgent,          // an agent applied on the skin after a session, 1 = its applied concentration
  TopicalAgentIntact,    // the same agent in the same skin as if it had not been needled (the control)
  Melanin,               // epidermal melanin, 1 = healthy epidermis (epidermis only)
  Melanogenesis,         // melanin output of the melanocytes, 1 = healthy (> 1 in melasma; does not move)
  Count
};

inline constexpr std::size_t kSpeciesCount = static_cast<std::size_t>(Species::Count);

inline constexpr std::array<std::string_view, kSpeciesCount> kSpeciesNames = {
    "damage",      "fibrin",     "clot_growth_factor", "growth_factor", "inflammatory_cells",
    "fibroblasts", "collagen_iii", "collagen_i",       "elastin",       "proteases",
    "oxygen",      "vegf",       "sprout_tips",        "vessels",       "epidermal_coverage",
    "fibroblast_activation", "matrix_set_point", "collagen_cross_linked", "topical_agent", "topical_agent_intact", "melanin",
    "melanogenesis"};

constexpr std::size_t index(Species s) noexcept { return static_cast<std::size_t>(s); }
constexpr std::string_view species_name(Species s) noexcept { return kSpeciesNames[index(s)]; }

}  // namespace skintwin::model
