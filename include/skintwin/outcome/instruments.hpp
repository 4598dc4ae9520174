#pragma once
// What clinical instruments read of the dermis' composition (docs/model.md, "Instrument readings"):
// a suction-cup elasticity meter (Cutometer-style R0, R2, R7) and the echo density of 20 MHz
// ultrasound, from the layer means of collagen I, III and elastin against the healthy skin's
// through a documented constitutive relation. Knows nothing of files or of the healing model's
// equations: it reads layer means.
#include <array>
#include <cstddef>

#include "skintwin/model/species.hpp"
#include "skintwin/tissue/site.hpp"

namespace skintwin::outcome {

using LayerMeans = std::array<std::array<double, model::kSpeciesCount>, tissue::kLayerCount>;

struct InstrumentParameters {
  // Healthy adult facial skin, 2 mm probe (Hojan-Jezierska; Kawałkiewicz, J Cosmet Dermatol 2020;
  // lesions.md section 8): the middle of each reported range. [R]
  double r0_healthy_mm = 0.265;  // firmness Uf, 0.20-0.33 mm
  double r2_healthy = 0.74;      // gross elasticity Ua / Uf, 0.66-0.82
  double r7_healthy = 0.445;     // biological elasticity Ur / Uf, 0.37-0.52
  // w_III: stiffness (and echo) of collagen III per unit against collagen I: thin, little
  // cross-linked fibres. [E]
  double collagen_iii_weight = 0.5;
  // φ_E: elastin's share of the dermis' low-strain stiffness (a suction cup stretches the skin
  // little; collagen is recruited at larger strain). [E]
  double elastin_stiffness_share = 0.3;
};

struct InstrumentReadings {
  double r0_mm = 0.0;  // firmness: the deformation under the probe's suction, mm
  double r2 = 0.0;     // gross elasticity Ua / Uf
  double r7 = 0.0;     // biological elasticity Ur / Uf
  // Relative change of the dermis' echo density (collagen I + w_III III, thickness-weighted over
  // the papillary and reticular dermis) against healthy: what 20 MHz ultrasound reads as a
  // brighter (> 0) or hypoechoic (< 0) dermis.
  double echo_density_change = 0.0;
};

// Each dermis layer i (thickness share h_i: its voxels; the grid's columns are the same in every
// layer) has relative low-strain modulus
//   m_i = φ_E e_i + (1 − φ_E) c_i,   e_i = E_i / E_i,0,   c_i = (C_I + w_III C_III) / (same)_0,
// (_0: healthy). The layers deform in series under the probe, so
//   R0 = R0_0 Σ h_i / m_i / Σ h_i,
// and the elastic recovery is carried by elastin in proportion to where the deformation is:
//   ē = Σ (h_i / m_i) e_i / Σ (h_i / m_i),   R2 = min(1, R2_0 ē),   R7 = min(1, R7_0 ē).
// Echo density: Σ h_i c_i / Σ h_i − 1. Healthy skin reads R0_0, R2_0, R7_0 and 0. A layer whose
// healthy collagen or elastin is 0 counts as unchanged in that component.
InstrumentReadings instrument_readings(const LayerMeans& now, const LayerMeans& healthy,
                                       const std::array<std::size_t, tissue::kLayerCount>& layer_voxels,
                                       const InstrumentParameters& parameters);

}  // namespace skintwin::outcome
