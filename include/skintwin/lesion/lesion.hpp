#pragma once
// Lesions as geometry (docs/model.md, "Lesions"): an atrophic scar or groove is a depression of
// the skin surface whose missing volume is dermal matrix. The tissue under it is laid down with a
// matrix set point below healthy, so the depression is a steady state of the healing model, and
// the needles pressed on the surrounding skin reach its floor only with what is left of their
// depth. Knows nothing of files: the catalog and the config are read by io.
#include <string>
#include <vector>

#include "skintwin/device/punctures.hpp"
#include "skintwin/grid/field_set.hpp"
#include "skintwin/grid/grid.hpp"
#include "skintwin/injury/injury.hpp"
#include "skintwin/outcome/lesion_gauge.hpp"
#include "skintwin/tissue/layer_map.hpp"

namespace skintwin::lesion {

// How the depression falls off from the centre to the rim (r = distance from the centre axis in
// a 2D section, from the centre point in a 3D patch; R = half the width).
enum class Profile {
  Cone,  // V: depth d (1 - r / R), deepest at a point (ice-pick tracts)
  Box,   // flat floor, steep edges: d up to R - e, falling linearly over the edge e (boxcar scars)
  Bowl,  // d (1 + cos(pi r / R)) / 2, a broad smooth dish (rolling scars, grooves)
};

// One row of the lesion catalog (data/lesions.toml): its shape and defaults, with sources.
struct LesionKind {
  std::string name;
  std::string description;
  Profile profile = Profile::Box;
  double width_mm = 1.0;        // default surface width (diameter)
  double depth_mm = 0.3;        // default depth of the depression below the surrounding surface
  double edge_fraction = 0.1;   // Box: share of the width taken by each edge's fall
  double matrix_share = 0.5;    // matrix set point of the lesion tissue, share of healthy
  bool line = false;            // a groove along y (wrinkles, striae) rather than a round pit
  double melanogenesis = 1.0;   // melanocyte output in the lesion's epidermis, share of healthy (melasma > 1)
  std::string source;
};

// A lesion placed in the simulated grid.
struct Lesion {
  LesionKind kind;
  double width_mm = 1.0;
  double depth_mm = 0.3;
  double offset_x_mm = 0.0;  // centre's shift (x) from the grid's centre
  double offset_y_mm = 0.0;  // the same along y (3D)
};

// Depth of the depression (µm) at distance r_um from the centre.
double depression_um(const Lesion& lesion, double r_um);
// Distance (µm) of grid column (i, j) from the lesion's centre: |x - x_c| in 2D (a section cuts
// the lesion across its centre, so it is a groove along y there) and for a line lesion, the radius
// for a round one in 3D.
double column_distance_um(const grid::Grid& grid, const Lesion& lesion, int i, int j);

// The pre-treatment skin: the healthy state with the lesion's missing matrix taken out under each
// column, and its melanocytes' output (and the melanin it keeps) in the epidermis within its width. The deficit of a column whose surface lies d deep is carried by the dermis from its top
// down to d / (1 - s) (s the kind's matrix share; more of the dermis at a lower share where that
// would reach past the dermis' bottom), where collagen and elastin are s' times healthy and the
// matrix set point is s'. InputError naming lesion.depth_mm if the dermis cannot hold the deficit.
void shape_tissue(grid::FieldSet& healthy, const tissue::LayerMap& layers, const Lesion& lesion);

// The columns the scar gauge reads: the lesion's (any depression), its floor (at
// least 3/4 of its deepest) and the surrounding skin's (further than the lesion's width from its
// centre).
outcome::LesionColumns gauge_columns(const grid::Grid& grid, const Lesion& lesion);

// A session set deeper (or shallower) over the lesion: each strike that lands on it (within half
// its width of its centre; in a 2D section or for a groove, of its axis) taken from `zone`, the
// others from `punctures` (the same strikes, index for index; std::invalid_argument otherwise).
std::vector<device::Puncture> zoned_punctures(const std::vector<device::Puncture>& punctures,
                                              const std::vector<device::Puncture>& zone, const Lesion& lesion,
                                              const grid::Grid& grid, const injury::GridPlacement& placement);

// The punctures as they reach the lesion: a needle pressed on the surrounding skin loses the
// depression's depth where it lands (the device's face bridges the scar); one that loses all of it
// never touches the floor and is left out. `placement` puts the grid in the treated area.
std::vector<device::Puncture> punctures_on_lesion(const std::vector<device::Puncture>& punctures, const Lesion& lesion,
                                                  const grid::Grid& grid, const injury::GridPlacement& placement);

// How a session's needles meet the lesion: of those landing on it (within half its width of the
// centre: in a 2D section, of the groove's axis), how many reach its floor and how deep they go
// below it on average (0 for one that does not reach it).
struct FloorReach {
  std::size_t landed = 0;
  std::size_t reached = 0;
  double mean_depth_below_floor_um = 0.0;
};
FloorReach floor_reach(const std::vector<device::Puncture>& punctures, const Lesion& lesion, const grid::Grid& grid,
                       const injury::GridPlacement& placement);

// Throws InputError naming lesion.<member> (and simulate.width_mm / length_mm where the grid is
// too small to hold the lesion and the skin around it).
void validate(const Lesion& lesion, const grid::Grid& grid);

}  // namespace skintwin::lesion
