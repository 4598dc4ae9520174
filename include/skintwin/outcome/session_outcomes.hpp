#pragma once
// The outcomes of one session, computed from its time series: peaks and their days, closure,
// redness downtime, collagen III share. Typed, so the CLI and tests read members; io only
// serialises them (summary.json "outcomes").
#include <array>
#include <optional>
#include <span>

#include "skintwin/outcome/observables.hpp"

namespace skintwin::outcome {

// The healthy, pre-treatment state of one layer: what every change is read against.
struct LayerBaseline {
  std::array<double, model::kSpeciesCount> species{};  // layer means, model units
  double collagen_total = 0;                           // collagen I + III
};

// A layer at the last sample against its baseline, areal means over the whole layer (every voxel
// of it on the grid, wounded or not: what a biopsy or a meter over the treated area reads), in
// percent; nullopt where the baseline is 0 (no collagen in the epidermis).
struct LayerChange {
  std::optional<double> collagen_total_pct;
  std::optional<double> elastin_pct;
  std::optional<double> vessels_pct;
};

// A lesion's depression before treatment and at the last sample (lesion_gauge.hpp). The reductions
// are fractions of the pre-treatment value (1 = filled level with the skin around it; negative:
// deeper).
struct ScarOutcome {
  double baseline_depth_um = 0;
  double depth_um = 0;
  double depth_reduction = 0;         // 1 - depth / baseline depth: scar_depth_reduction
  double baseline_mean_depth_um = 0;  // mean over the lesion's columns
  double mean_depth_um = 0;
  double volume_reduction = 0;        // 1 - mean depth / baseline mean depth (the missing volume)
  // Extent at half the floor's pre-treatment depth (LesionReading): width, and area in a 3D patch
  // (nullopt in a 2D section); nullopt for both where the lesion is flat.
  std::optional<double> baseline_width_mm, width_mm;
  std::optional<double> baseline_area_mm2, area_mm2;
  int baseline_grade = 1;  // Goodman-Baron-style grade of the floor's depth (scar_grade), before
  int grade = 1;           // and at the last sample
};

// A pigmented lesion's epidermal melanin against the skin around it, before and at the end.
struct PigmentOutcome {
  double baseline_melanin_ratio = 0;
  double melanin_ratio = 0;
  double excess_reduction = 0;  // 1 - (ratio - 1) / (baseline ratio - 1): the share of the excess gone
};

// A lesion's colour against the skin around it, before treatment and at the last sample: the
// papillary dermis' vessels (redder above 1, paler below) and the epidermis' melanin (darker above
// 1) over its columns against the reference's (LesionReading).
struct LesionColour {
  double baseline_vessel_ratio = 0;
  double vessel_ratio = 0;
  double baseline_melanin_ratio = 0;
  double melanin_ratio = 0;
};

// The dose of a topical agent that reached a layer: its layer mean integrated over time, in units of
// the applied concentration x days, in the needled skin and in the same skin without channels.
struct DeliveredDose {
  double needled = 0;
  double intact = 0;
};

struct SessionOutcomes {
  Peak growth_factor_wound;          // wound-zone mean growth factor, G units
  double growth_factor_healthy = 0;  // the same in healthy skin
  Peak inflammation_ratio_wound;     // <M> / <M healthy>
  Peak fibroblast_ratio_wound;       // <F> / <F healthy>
  Peak vessel_ratio_wound;           // <V> / <V healthy> over the wound zone
  double vessel_ratio_wound_final = 0;
  Peak vessel_ratio_papillary_dermis;
  Peak collagen_iii_fraction_wound;
  double collagen_iii_fraction_healthy = 0;
  double collagen_iii_fraction_final = 0;
  // Tensile strength of the wound zone (Snapshot::tensile_strength_wound, against the untreated
  // skin) at the session's first sample (right after the injury) and at final_day, and how much of
  // the gap to the untreated skin's strength left by the injury has closed by final_day:
  // (final - after) / (1 - after); nullopt without a gap (or without a wound zone). A course's
  // whole-course outcomes carry its last session's.
  double tensile_strength_after_injury = 0;
  double tensile_strength_final = 0;
  std::optional<double> tensile_strength_recovery;
  // Days from the session until 80 % of that loss has come back (interpolated between samples);
  // nullopt when it has not by final_day, or the injury took none.
  std::optional<double> tensile_strength_80pct_days;
  Peak erythema_index;               // ΔEI, index units
  double redness_downtime_days = 0;  // until ΔEI falls below the visible threshold
  double redness_threshold = 0;      // that threshold
  std::optional<double> closure_time_h;       // 99 % of the openings closed; nullopt: never
  std::optional<double> half_closure_time_h;  // half of them
  double final_day = 0;
  // Per layer (tissue::LayerKind order): its healthy means; nullopt for a layer the grid lacks.
  std::array<std::optional<LayerBaseline>, tissue::kLayerCount> baseline{};
  // Per layer: the change at final_day; nullopt for a layer the grid lacks.
  std::array<std::optional<LayerChange>, tissue::kLayerCount> final_change{};
  double dermal_thickness_change_um = 0;  // at final_day (Snapshot::dermal_thickness_change_um)
  InstrumentReadings instruments;           // at final_day (instruments.hpp)
  InstrumentReadings instruments_baseline;  // of the healthy skin, read by the same instruments
  std::optional<ScarOutcome> scar;        // runs with a depressed lesion
  std::optional<PigmentOutcome> pigment;  // runs with a pigmented lesion
  std::optional<LesionColour> colour;     // runs with any lesion
  // Per layer, with an agent applied (any of its dose above 0); nullopt otherwise.
  std::array<std::optional<DeliveredDose>, tissue::kLayerCount> dose{};
};

// `healthy` is the healthy state measured by the same tracker (wound-zone baselines); a lesion's
// grade is read with `grading` (observables.scar_grading). Throws std::invalid_argument on an
// empty series.
SessionOutcomes session_outcomes(std::span<const Snapshot> series, const Snapshot& healthy, double redness_threshold,
                                 const ScarGrading& grading);

}  // namespace skintwin::outcome
