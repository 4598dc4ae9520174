#pragma once
// A lesion read from the fields (docs/lesions.md): the depth of a depression as the skin's surface
// would show it (the dermis' volume is taken to follow its collagen, so a column holding less
// collagen than the skin around it lies lower by the missing amount), and the epidermal melanin of
// the lesion against the skin around it. Knows nothing of lesions: it reads columns it is given.
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

#include "skintwin/grid/field_set.hpp"
#include "skintwin/tissue/layer_map.hpp"

namespace skintwin::outcome {

// Lateral columns of the grid, as i + nx j.
struct LesionColumns {
  std::vector<std::size_t> lesion;     // under the depression
  std::vector<std::size_t> floor;      // its floor (a subset of lesion): where its depth is read
  std::vector<std::size_t> reference;  // the surrounding skin the depression is measured from
  bool line = false;                   // a groove along y (its width is its area over the patch's length)
};

// NaN where there is no lesion (a run without one writes nan in its time series).
struct LesionReading {
  // The floor's mean depth: the collagen deficit of its columns against the reference, µm.
  double depth_um = std::numeric_limits<double>::quiet_NaN();
  // The mean over all of the lesion's columns (x its area: the missing volume; a raised column
  // counts against it).
  double mean_depth_um = std::numeric_limits<double>::quiet_NaN();
  // Mean epidermal melanin over the lesion's columns / over the reference's.
  double melanin_ratio = std::numeric_limits<double>::quiet_NaN();
  // Mean vessel density of the papillary dermis (the superficial plexus that colours the skin)
  // over the lesion's columns / over the reference's: with the melanin ratio, the lesion's colour
  // against the skin around it (> 1 redder; < 1 paler).
  double vessel_ratio = std::numeric_limits<double>::quiet_NaN();
  // The lesion's extent at half its floor's depth before treatment: its columns at least that
  // deep. Area in a 3D patch (NaN in a 2D section, which cuts the lesion across its centre);
  // width: in a 2D section their number times the spacing; in a 3D patch the area over the patch's
  // length for a groove, the diameter of a disc of that area for a round lesion (a pore's area, a
  // stretch mark's width).
  double width_mm = std::numeric_limits<double>::quiet_NaN();
  double area_mm2 = std::numeric_limits<double>::quiet_NaN();
  bool present() const { return !std::isnan(depth_um); }
};

class LesionGauge {
public:
  // `before` is the skin before treatment (its reference columns healthy: their collagen scales
  // every deficit). spread_um is λ_S (observables.scar_surface_spread_um). Throws
  // std::invalid_argument for empty column lists or a reference without dermal collagen.
  LesionGauge(const tissue::LayerMap& layers, LesionColumns columns, const grid::FieldSet& before, double spread_um);
  // A column's depth is its depth before treatment less how much the surface over it has risen
  // against the reference:
  //   depth(c) = depth_0(c) − (S·gain(c) − ⟨S·gain⟩_reference),
  //   depth_0(c) = Σ_dermis rows (C_ref,0(k) − C_0(c, k)) / C_healthy(k) Δz,
  //   gain(c)    = Σ_dermis rows (C(c, k) − C_0(c, k)) / C_healthy(k) Δz,
  // C = collagen I + III, _0 before treatment, S a Gaussian of standard deviation λ_S over the
  // columns (mirrored at a 2D section's ends, periodic in a 3D patch): new matrix lifts the
  // layer over a width, not one column (a narrow pit rises with the skin around it). Averaged over
  // the floor's columns and over the lesion's. A mean over the floor rather than its deepest
  // column: single columns carry each channel's own wound. Also the melanin ratio, and the width
  // and area at half the floor's depth before treatment.
  LesionReading read(const grid::FieldSet& fields) const;

private:
  std::vector<double> column_matrix_um(const grid::FieldSet& fields) const;  // Σ C / C_healthy Δz per column
  std::vector<double> spread(std::vector<double> per_column) const;
  double epidermal_melanin(const grid::FieldSet& fields, const std::vector<std::size_t>& columns) const;
  double mean_over_rows(std::span<const grid::Real> field, const std::vector<int>& rows,
                        const std::vector<std::size_t>& columns) const;
  std::vector<int> dermis_rows_;
  std::vector<int> epidermis_rows_;
  std::vector<int> papillary_rows_;
  std::vector<double> healthy_collagen_;  // per dermis row
  std::vector<double> matrix_before_um_;  // per column
  std::vector<double> depth_before_um_;   // per column
  double dz_um_ = 0.0;
  double dx_mm_ = 0.0, dy_mm_ = 0.0;  // column spacing (dy 0 in a 2D section)
  bool section_ = false;              // a 2D section: it cuts the lesion across its centre
  double half_floor_depth_um_ = 0.0;  // half the floor's mean depth before treatment
  std::size_t plane_ = 0;
  int nx_ = 1, ny_ = 1;
  bool periodic_ = false;
  std::vector<double> kernel_x_, kernel_y_;  // Gaussian weights, index = offset in columns
  LesionColumns columns_;
};

}  // namespace skintwin::outcome
