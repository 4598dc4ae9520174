#pragma once
// Punctures -> the wound at t0 on the grid: channel lumen and crush zone as damage, cut vessels,
// killed cells, torn matrix, the epidermal opening, and bleeding (in proportion to the capillaries
// cut) that seeds the clot and its growth factor. Overlapping punctures add with saturation.
// docs/model.md, "Injury".
#include <span>
#include <vector>

#include "skintwin/device/punctures.hpp"
#include "skintwin/grid/field_set.hpp"
#include "skintwin/injury/parameters.hpp"
#include "skintwin/model/layer_map.hpp"

namespace skintwin::injury {

// Where the grid lies within the treated area: its (x, y) origin on the skin surface, in mm, in the
// coordinates of the punctures. A 2D (x, z) grid is the cross-section at y = origin_y_mm + section
// offset; a 3D grid is the patch [origin_x, origin_x + extent_x] x [origin_y, origin_y + extent_y],
// its lateral sides periodic.
struct GridPlacement {
  double origin_x_mm = 0.0;
  double origin_y_mm = 0.0;
};

// What the injury did, for reports and observables.
struct InjurySummary {
  std::size_t punctures_on_grid = 0;
  double damaged_volume_um3 = 0.0;  // integral of damage (2D: µm² x 1 µm)
  double blood_volume_um3 = 0.0;    // bleeding into the channels
  double surface_bleed_um3 = 0.0;   // blood that overflowed the channels (pinpoint bleeding)
  std::vector<double> channel_depths_um;  // per puncture on the grid
};

// Applies one session's punctures to `fields` (all model::Species, in that order) in place. The
// channel radius at each depth comes from the needle geometry (device::channel_radius_um); bleeding
// reads the vessels present before the session.
InjurySummary apply_punctures(grid::FieldSet& fields, const model::LayerMap& layers, const InjuryParameters& parameters,
                              std::span<const device::Puncture> punctures, const device::Needle& needle,
                              const device::PenetrationModel& penetration, const GridPlacement& placement);

}  // namespace skintwin::injury
