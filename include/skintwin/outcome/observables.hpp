#pragma once
// Observables of a healing simulation, computed from the fields (docs/model.md, "Observables"):
// per-layer means of every species, closure of the epidermal openings, collagen III fraction,
// vessel density, and the erythema (redness) index.
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "skintwin/core/parameter_table.hpp"
#include "skintwin/grid/field_set.hpp"
#include "skintwin/model/species.hpp"
#include "skintwin/outcome/instruments.hpp"
#include "skintwin/outcome/lesion_gauge.hpp"
#include "skintwin/tissue/layer_map.hpp"
#include "skintwin/tissue/site.hpp"

namespace skintwin::outcome {

// Erythema proxy (spec section 5): superficial blood seen by green light, with vessels dilated
// by inflammation. The model calibration may retune these (docs/validation.md).
struct ErythemaParameters {
  // Optical weight exp(-z / depth) over the dermis: green light samples the superficial plexus. [E]
  double optical_depth_um = 150.0;
  // Vasodilation of the mature plexus, blood = V_b (1 + gain I / (1 + I)), where I is the
  // vasoactive load of the area beneath (docs/model.md, "Erythema index"). [E]
  double dilation_gain = 1.5;
  // ℓ_I: I = <Σ_z (D + (M / M_b - 1)+ / R_M) Δz>_area / ℓ_I over dermis and fat, so an area whose
  // columns hold ℓ_I µm of fully destroyed tissue on average dilates half-maximally. [F: redness]
  double load_length_um = 2.5;
  // R_M: the macrophage excess (M / M_b - 1) that weighs as much as full destruction. [F: redness]
  double inflammation_per_damage = 4400.0;
  // φ: share of the newly grown vessels' surplus that is perfused and seen. [E] immature sprouts.
  double new_vessel_perfusion = 0.1;
  // κ_EI: 100 gives the change of superficial blood in percent.
  double index_scale = 100.0;
  // θ_vis: ΔEI above which redness is visible, in index units. [F: redness downtime by depth]
  double visible_threshold = 31.0;
};

// What the erythema index is made of, each a mean over the area (every column of the grid), so
// that the index of several sections pooled is the index of their pooled components
// (docs/model.md, "Erythema index").
struct ErythemaComponents {
  double column_damage_um = 0.0;        // <Σ_z D Δz> below the epidermis, µm of fully damaged tissue
  double column_inflammation_um = 0.0;  // <Σ_z (M / M_b - 1)+ Δz> below the epidermis, µm
  double new_vessel_blood = 0.0;        // Σ_z w <(V - V_b)+> / Σ_z w <V_b> over the dermis
};

// A Goodman-Baron-style grade of a depressed lesion read from its floor's depth (Goodman & Baron 2006
// grade atrophic scars by how they look: 1 macular, a flat mark of colour; 2 mild, not obvious at a
// social distance of 50 cm or more; 3 moderate, obvious there; 4 severe). The depths at which each
// grade begins are estimates (docs/lesions.md, "Grade"): no study relating the grades to measured
// depth is in the data files.
struct ScarGrading {
  double mild_um = 100.0;      // below: grade 1 (macular) [E]
  double moderate_um = 250.0;  // from here: grade 3 [E]
  double severe_um = 500.0;    // from here: grade 4 [E]
};

// The grade (1-4) of a depression whose floor lies depth_um below the skin around it.
int scar_grade(double depth_um, const ScarGrading& grading);

struct ObservableParameters {
  ErythemaParameters erythema;
  double wound_damage_threshold = 0.1;      // wound zone: damage above this right after the injury
  double open_coverage_threshold = 0.9;     // an epidermal voxel is open below this coverage
  double hypoxia_threshold_mmHg = 10.0;     // wound dead-space pO2 1-10 mmHg (Knighton/Hunt 1981)
  double scar_surface_spread_um = 500.0;    // λ_S: how far a column's new matrix lifts the surface (lesion_gauge.hpp) [E]
  ScarGrading scar_grading;
  InstrumentParameters instruments;         // Cutometer and ultrasound readings (instruments.hpp)
};

// The descriptor table (prefix "observables"; the erythema members are erythema.<member>).
const ParameterTable<ObservableParameters>& observable_parameter_table();

// Throws InputError naming observables.<member> for a value outside its range (and
// observables.scar_grade_moderate_um or _severe_um where the grades' depths do not increase).
void validate(const ObservableParameters& parameters);

struct Snapshot {
  double t_days = 0.0;
  // layer_means[layer][species]: mean over the voxels of that layer (0 for a layer the grid lacks).
  std::array<std::array<double, model::kSpeciesCount>, tissue::kLayerCount> layer_means{};
  std::array<std::size_t, tissue::kLayerCount> layer_voxels{};  // voxels of each layer on the grid
  // wound_means[species]: mean over the wound zone (voxels damaged > 0.1 at the session).
  std::array<double, model::kSpeciesCount> wound_means{};
  double closure_fraction = 0.0;         // fraction of epidermal openings closed (coverage >= 0.9)
  double collagen_iii_fraction_wound = 0.0;  // sum C3 / sum (C1 + C3) over the wound zone
  double erythema_index = 0.0;           // change vs healthy, percent of superficial blood
  ErythemaComponents erythema;           // what it is computed from
  // <V> / <V healthy> per layer; 0 for a layer without vessels when healthy (the epidermis).
  std::array<double, tissue::kLayerCount> vessel_ratio{};
  double fibroblast_ratio_wound = 0.0;    // <F> / <F healthy> over the wound zone
  double inflammation_ratio_wound = 0.0;  // <M> / <M healthy> over the wound zone
  double hypoxic_fraction_wound = 0.0;    // share of the wound zone with O below the threshold
  // Tensile strength of the wound zone against the same voxels before the session: <X> / <X before>,
  // X the cross-linked collagen I (docs/model.md, "Tensile strength").
  double tensile_strength_wound = 0.0;
  // Change of the dermis' thickness over the area, taking its volume to follow its collagen:
  // Σ_dermis rows (⟨C⟩_k / ⟨C_0⟩_k − 1) Δz, C = collagen I + III, ⟨⟩ the mean over the row, _0
  // before treatment (µm; what 20 MHz ultrasound reads as dermal thickness).
  double dermal_thickness_change_um = 0.0;
  // A suction-cup elasticity meter and 20 MHz ultrasound over the area (instruments.hpp): layer
  // means against the healthy skin's.
  InstrumentReadings instruments;
  LesionReading lesion;  // a run with a lesion: its depth and pigment (lesion_gauge.hpp); NaN without
};

// What the observables compare a state with: the skin before treatment, reduced to what they read
// of it. A full field set of that skin is as large as the state (on a 5 x 5 mm 3D patch, 0.6 GB);
// this keeps four of its fields (resident cells and vessels for the redness, fibroblasts and mature
// collagen for the wound's ratios) and its layer and dermis-row means. Throws std::invalid_argument
// when `healthy` does not hold every model species on the layer map's grid.
class HealthyReference {
public:
  HealthyReference(const tissue::LayerMap& layers, const grid::FieldSet& healthy, const ErythemaParameters& erythema);

  const grid::Grid& grid() const noexcept { return fields_.grid(); }
  // One of the kept species, per voxel (throws std::out_of_range for another species).
  std::span<const grid::Real> field(model::Species species) const;
  const LayerMeans& layer_means() const noexcept { return layer_means_; }
  const std::vector<int>& dermis_rows() const noexcept { return dermis_rows_; }
  const std::vector<double>& row_collagen() const noexcept { return row_collagen_; }  // per dermis row
  double optical_vessels() const noexcept { return optical_vessels_; }  // Σ_z w <V_b> over the dermis

private:
  grid::FieldSet fields_;
  LayerMeans layer_means_{};
  std::vector<int> dermis_rows_;      // dermis rows with collagen
  std::vector<double> row_collagen_;  // mean collagen over each of them
  double optical_vessels_ = 0.0;
};

// Built once per session from the state right after the injury (wound zone, openings: it reads the
// fields named damage and epidermal_coverage, so the whole state or just those two will do) and the
// healthy state (baselines, every species). Throws std::invalid_argument when a field is missing.
class ObservableTracker {
public:
  ObservableTracker(const tissue::LayerMap& layers, const grid::FieldSet& healthy, const grid::FieldSet& injured,
                    const ObservableParameters& parameters = {});
  // The same from a healthy reference built once and shared (a course builds a tracker per
  // session). `gauge` (may be null) reads a lesion into every snapshot. The reference must have been
  // built with parameters.erythema.
  ObservableTracker(const tissue::LayerMap& layers, std::shared_ptr<const HealthyReference> healthy,
                    const grid::FieldSet& injured, const ObservableParameters& parameters = {},
                    std::shared_ptr<const LesionGauge> gauge = nullptr);
  Snapshot measure(const grid::FieldSet& fields, double t_days) const;

  std::size_t wound_voxels() const;
  std::size_t openings() const;  // epidermal openings found after the injury

private:
  struct State;
  std::shared_ptr<const State> state_;
};

// The erythema components of a state against the healthy one, over the whole grid.
ErythemaComponents erythema_components(const tissue::LayerMap& layers, const grid::FieldSet& healthy,
                                       const grid::FieldSet& fields, const ErythemaParameters& parameters = {});
// The area's vasoactive load Ī = (column damage + column inflammation / R_M) / ℓ_I.
double vasoactive_load(const ErythemaComponents& components, const ErythemaParameters& parameters);
// ΔEI = κ_EI (a_dil Ī / (1 + Ī) + φ new_vessel_blood), index units.
double erythema_index(const ErythemaComponents& components, const ErythemaParameters& parameters);
// ΔEI of a state against the healthy one (index units), over the whole grid.
double erythema_index(const tissue::LayerMap& layers, const grid::FieldSet& healthy, const grid::FieldSet& fields,
                      const ErythemaParameters& parameters = {});

// Time-series helpers. A series is in time order.
struct Peak {
  double value = 0.0;
  double t_days = 0.0;
};
using Quantity = std::function<double(const Snapshot&)>;
// Largest value of the quantity and the first time it is reached; throws std::invalid_argument
// on an empty series.
Peak peak_of(std::span<const Snapshot> series, const Quantity& quantity);
// Days from t0 until redness stops being visible: the last time ΔEI exceeds the threshold,
// interpolated linearly to where it falls below; 0 if it never exceeds it.
double redness_downtime_days(std::span<const Snapshot> series, double threshold, double t0_days = 0.0);
// First time the closure fraction reaches `closed_fraction`, interpolated linearly between
// samples; nullopt if it never does.
std::optional<double> closure_time_days(std::span<const Snapshot> series, double closed_fraction = 0.99);

}  // namespace skintwin::outcome
