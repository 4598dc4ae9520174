#pragma once
// Observables of a healing simulation, computed from the fields (docs/model.md, "Observables"):
// per-layer means of every species, closure of the epidermal openings, collagen III fraction,
// vessel density, and the erythema (redness) index.
#include <array>
#include <memory>
#include <vector>

#include "skintwin/grid/field_set.hpp"
#include "skintwin/model/layer_map.hpp"
#include "skintwin/model/species.hpp"
#include "skintwin/tissue/site.hpp"

namespace skintwin::outcome {

struct Snapshot {
  double t_days = 0.0;
  // layer_means[layer][species]: mean over the voxels of that layer.
  std::array<std::array<double, model::kSpeciesCount>, tissue::kLayerCount> layer_means{};
  // wound_means[species]: mean over the wound zone (voxels damaged > 0.1 at the session).
  std::array<double, model::kSpeciesCount> wound_means{};
  double closure_fraction = 0.0;         // fraction of epidermal openings closed (coverage >= 0.9)
  double collagen_iii_fraction_wound = 0.0;  // sum C3 / sum (C1 + C3) over the wound zone
  double erythema_index = 0.0;           // change vs healthy, percent of superficial blood
};

// Built once per session from the state right after the injury (wound zone, openings) and the
// healthy state (baselines).
class ObservableTracker {
public:
  ObservableTracker(const model::LayerMap& layers, const grid::FieldSet& healthy, const grid::FieldSet& injured);
  Snapshot measure(const grid::FieldSet& fields, double t_days) const;

private:
  // (implementation state: wound mask, epidermal openings, healthy erythema reference, ...)
  struct State;
  std::shared_ptr<const State> state_;
};

}  // namespace skintwin::outcome
