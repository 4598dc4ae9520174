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
#include "skintwin/tissue/layer_map.hpp"

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
  std::vector<double> blood_per_puncture_um3;  // per puncture on the grid, same order
};

// One voxel touched by one puncture: its damage d_i (lumen 1, crush zone exp(-s / w_c)) and the
// part of it that lies in the lumen, both averaged over the voxel's sub-samples.
struct VoxelHit {
  std::size_t voxel = 0;
  double damage = 0.0;
  double lumen = 0.0;  // fraction of the voxel inside the channel lumen (<= damage)
};

// Whether the puncture belongs to this grid: a 3D grid takes the punctures that land on its
// patch; a 2D grid those that land within its x extent, whatever their y (the section plane may
// miss them, then they leave nothing).
bool puncture_on_grid(const grid::Grid& grid, const device::Puncture& puncture, const GridPlacement& placement);

// The voxels one puncture damages, rasterised with sub-samples. A 2D grid is the plane
// y = origin_y_mm, cutting the channel at |y_p - y0|; lateral sides wrap periodically.
std::vector<VoxelHit> puncture_footprint(const grid::Grid& grid, const InjuryParameters& parameters,
                                         const device::Puncture& puncture, const device::Needle& needle,
                                         const device::PenetrationModel& penetration, const GridPlacement& placement);

// Applies one session's punctures to `fields` (all model::Species, in that order) in place. The
// channel radius at each depth comes from the needle geometry (device::channel_radius_um); bleeding
// reads the vessels present before the session (the Vessels field), so a second session on a
// healed state bleeds from whatever vessels it finds. Throws InputError for invalid parameters.
InjurySummary apply_punctures(grid::FieldSet& fields, const tissue::LayerMap& layers, const InjuryParameters& parameters,
                              std::span<const device::Puncture> punctures, const device::Needle& needle,
                              const device::PenetrationModel& penetration, const GridPlacement& placement);

// Share of the tissue of each voxel that the punctures leave intact, prod (1 - d_i) over the
// punctures on the grid, in their order: how apply_punctures combines overlapping channels.
std::vector<double> session_survival(const grid::Grid& grid, const InjuryParameters& parameters,
                                     std::span<const device::Puncture> punctures, const device::Needle& needle,
                                     const device::PenetrationModel& penetration, const GridPlacement& placement);

// What the punctures do to a tissue's damage and epidermal coverage, in place (both spans over
// every voxel): damage 1 - (1 - D) s, coverage C s in the epidermis, with s from session_survival.
// apply_punctures writes these two fields so; the observables' wound zone and openings of a later
// session are this on fresh skin (only that session's damage).
void injure_footprint(std::span<grid::Real> damage, std::span<grid::Real> epidermal_coverage,
                      const tissue::LayerMap& layers, const std::vector<double>& survival);

}  // namespace skintwin::injury
