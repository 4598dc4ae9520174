#include "skintwin/lesion/lesion.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include <fmt/format.h>

#include "skintwin/core/error.hpp"
#include "skintwin/core/units.hpp"
#include "skintwin/model/species.hpp"

namespace skintwin::lesion {
namespace {

using model::Species;

// The lowest matrix share a deficit is spread at before it is refused: tissue with almost no
// matrix is a hole, not an atrophic dermis.
constexpr double kLowestMatrixShare = 0.05;

// The floor a scar's depth is read on: where the depression is at least this share of its deepest
// (a box's flat floor; the inner quarter of a cone's radius; the middle third of a bowl's).
constexpr double kFloorShare = 0.75;

double radius_um(const Lesion& lesion) { return 0.5 * lesion.width_mm * units::kUmPerMm; }

double centre_um(const grid::Grid& grid, grid::Axis axis, double offset_mm) {
  return 0.5 * grid.extent_um(axis) + offset_mm * units::kUmPerMm;
}

// Matrix share of the dermis rows [top, top + thickness) that holds a deficit of d µm there.
double share_for(double d_um, double thickness_um) { return 1.0 - d_um / thickness_um; }

}  // namespace

double depression_um(const Lesion& lesion, double r_um) {
  const double R = radius_um(lesion);
  const double d = lesion.depth_mm * units::kUmPerMm;
  if (!(r_um < R)) return 0.0;
  switch (lesion.kind.profile) {
    case Profile::Cone:
      return d * (1.0 - r_um / R);
    case Profile::Box: {
      const double edge = std::max(lesion.kind.edge_fraction, 1e-6) * 2.0 * R;
      return r_um <= R - edge ? d : d * (R - r_um) / edge;
    }
    case Profile::Bowl:
      return d * 0.5 * (1.0 + std::cos(std::numbers::pi * r_um / R));
  }
  return 0.0;
}

double column_distance_um(const grid::Grid& grid, const Lesion& lesion, int i, int j) {
  const double dx = grid.center_um(grid::Axis::X, i) - centre_um(grid, grid::Axis::X, lesion.offset_x_mm);
  if (grid.is_2d() || lesion.kind.line) return std::abs(dx);
  const double dy = grid.center_um(grid::Axis::Y, j) - centre_um(grid, grid::Axis::Y, lesion.offset_y_mm);
  return std::hypot(dx, dy);
}

namespace {
// Within the lesion's width, the epidermis' melanocytes put out `melanogenesis` times the healthy
// melanin, and the melanin is at the steady state of that output.
void shape_pigment(grid::FieldSet& healthy, const tissue::LayerMap& layers, const Lesion& lesion) {
  if (lesion.kind.melanogenesis == 1.0) return;
  const grid::Grid& g = healthy.grid();
  const double R = radius_um(lesion);
  auto output = healthy.field(model::index(Species::Melanogenesis));
  auto melanin = healthy.field(model::index(Species::Melanin));
  for (int k = 0; k < layers.nz(); ++k) {
    if (layers.layer_of_z(k) != tissue::LayerKind::Epidermis) continue;
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        if (!(column_distance_um(g, lesion, i, j) < R)) continue;
        const std::size_t v = g.index(i, j, k);
        output[v] = static_cast<grid::Real>(lesion.kind.melanogenesis * static_cast<double>(output[v]));
        melanin[v] = output[v];
      }
  }
}
}  // namespace

void shape_tissue(grid::FieldSet& healthy, const tissue::LayerMap& layers, const Lesion& lesion) {
  const grid::Grid& g = healthy.grid();
  const double dz = g.spacing_um(grid::Axis::Z);
  int top = -1, bottom = -1;  // dermis rows
  for (int k = 0; k < layers.nz(); ++k)
    if (tissue::is_dermis(layers.layer_of_z(k))) {
      if (top < 0) top = k;
      bottom = k;
    }
  if (top < 0) throw std::invalid_argument("lesion: the grid has no dermis");
  const double dermis_um = (bottom - top + 1) * dz;
  const double share = lesion.kind.matrix_share;
  shape_pigment(healthy, layers, lesion);
  auto set_point = healthy.field(model::index(Species::MatrixSetPoint));
  auto c1 = healthy.field(model::index(Species::CollagenI));
  auto c3 = healthy.field(model::index(Species::CollagenIII));
  auto cross_linked = healthy.field(model::index(Species::CollagenCrossLinked));
  auto el = healthy.field(model::index(Species::Elastin));
  for (int j = 0; j < g.ny(); ++j)
    for (int i = 0; i < g.nx(); ++i) {
      const double d = depression_um(lesion, column_distance_um(g, lesion, i, j));
      if (!(d > 0.0)) continue;
      // Whole rows only, so the column's deficit is d to within a row's rounding of the zone.
      double thickness = std::min(d / (1.0 - share), dermis_um);
      const int rows = std::max(1, static_cast<int>(std::lround(thickness / dz)));
      thickness = rows * dz;
      const double s = share_for(d, thickness);
      if (s < kLowestMatrixShare)
        throw InputError("lesion.depth_mm", fmt::format("{:g}", lesion.depth_mm),
                         fmt::format("a depth the dermis can hold: {:.0f} um of missing matrix would leave {:.3f} of "
                                     "the {:g} um dermis (at least {:g})",
                                     d, s, dermis_um, kLowestMatrixShare));
      for (int k = top; k < top + rows; ++k) {
        const std::size_t v = g.index(i, j, k);
        set_point[v] = static_cast<grid::Real>(s);
        c1[v] = static_cast<grid::Real>(s * static_cast<double>(c1[v]));
        c3[v] = static_cast<grid::Real>(s * static_cast<double>(c3[v]));
        cross_linked[v] = static_cast<grid::Real>(s * static_cast<double>(cross_linked[v]));
        el[v] = static_cast<grid::Real>(s * static_cast<double>(el[v]));
      }
    }
}

outcome::LesionColumns gauge_columns(const grid::Grid& grid, const Lesion& lesion) {
  outcome::LesionColumns columns;
  columns.line = lesion.kind.line;
  const double far_um = lesion.width_mm * units::kUmPerMm;
  double deepest_um = 0.0;
  for (int j = 0; j < grid.ny(); ++j)
    for (int i = 0; i < grid.nx(); ++i) deepest_um = std::max(deepest_um, depression_um(lesion, column_distance_um(grid, lesion, i, j)));
  for (int j = 0; j < grid.ny(); ++j)
    for (int i = 0; i < grid.nx(); ++i) {
      const double r = column_distance_um(grid, lesion, i, j);
      const double d = depression_um(lesion, r);
      const auto column = static_cast<std::size_t>(j) * static_cast<std::size_t>(grid.nx()) + static_cast<std::size_t>(i);
      const bool inside = r < radius_um(lesion);
      if (inside) columns.lesion.push_back(column);
      if (inside && d >= kFloorShare * deepest_um) columns.floor.push_back(column);
      if (r > far_um) columns.reference.push_back(column);
    }
  return columns;
}

namespace {
// Distance (µm) of a puncture's entry point from the lesion's centre axis (2D) or point (3D).
struct LesionFrame {
  double xc_mm = 0.0, yc_mm = 0.0;
  bool section = true;
  double distance_um(const device::Puncture& p) const {
    const double dx_um = (p.x_mm - xc_mm) * units::kUmPerMm;
    return section ? std::abs(dx_um) : std::hypot(dx_um, (p.y_mm - yc_mm) * units::kUmPerMm);
  }
};
LesionFrame frame_of(const Lesion& lesion, const grid::Grid& grid, const injury::GridPlacement& placement) {
  return {.xc_mm = placement.origin_x_mm + centre_um(grid, grid::Axis::X, lesion.offset_x_mm) / units::kUmPerMm,
          .yc_mm = placement.origin_y_mm + centre_um(grid, grid::Axis::Y, lesion.offset_y_mm) / units::kUmPerMm,
          .section = grid.is_2d() || lesion.kind.line};
}
}  // namespace

FloorReach floor_reach(const std::vector<device::Puncture>& punctures, const Lesion& lesion, const grid::Grid& grid,
                       const injury::GridPlacement& placement) {
  const LesionFrame frame = frame_of(lesion, grid, placement);
  FloorReach reach;
  double below = 0.0;
  for (const device::Puncture& p : punctures) {
    const double d = depression_um(lesion, frame.distance_um(p));
    if (!(d > 0.0)) continue;
    ++reach.landed;
    if (p.depth_um > d) {
      ++reach.reached;
      below += p.depth_um - d;
    }
  }
  if (reach.landed > 0) reach.mean_depth_below_floor_um = below / static_cast<double>(reach.landed);
  return reach;
}

std::vector<device::Puncture> zoned_punctures(const std::vector<device::Puncture>& punctures,
                                              const std::vector<device::Puncture>& zone, const Lesion& lesion,
                                              const grid::Grid& grid, const injury::GridPlacement& placement) {
  if (zone.size() != punctures.size()) throw std::invalid_argument("zoned_punctures: the zone's strikes are not the session's");
  const LesionFrame frame = frame_of(lesion, grid, placement);
  const double half_width_um = 0.5 * lesion.width_mm * units::kUmPerMm;
  std::vector<device::Puncture> out(punctures);
  for (std::size_t i = 0; i < out.size(); ++i)
    if (frame.distance_um(out[i]) <= half_width_um) out[i] = zone[i];
  return out;
}

std::vector<device::Puncture> punctures_on_lesion(const std::vector<device::Puncture>& punctures, const Lesion& lesion,
                                                  const grid::Grid& grid, const injury::GridPlacement& placement) {
  const LesionFrame frame = frame_of(lesion, grid, placement);
  std::vector<device::Puncture> out;
  out.reserve(punctures.size());
  for (device::Puncture p : punctures) {
    const double d = depression_um(lesion, frame.distance_um(p));
    if (d > 0.0) {
      p.depth_um -= d;
      if (!(p.depth_um > 0.0)) continue;
    }
    out.push_back(p);
  }
  return out;
}

void validate(const Lesion& lesion, const grid::Grid& grid) {
  const auto in_range = [](const char* key, double v, double lo, double hi, const char* unit) {
    if (!(v >= lo && v <= hi)) throw InputError(key, fmt::format("{:g}", v), fmt::format("{:g} to {:g} {}", lo, hi, unit));
  };
  in_range("lesion.width_mm", lesion.width_mm, 0.05, 50.0, "mm");
  in_range("lesion.depth_mm", lesion.depth_mm, 0.0, 3.0, "mm");
  if (lesion.depth_mm > 0.0 && !(lesion.kind.matrix_share > 0.0 && lesion.kind.matrix_share < 1.0))
    throw InputError("lesion.type", lesion.kind.name, "a depressed kind with 0 < matrix_share < 1");
  if (!(lesion.depth_mm > 0.0) && lesion.kind.melanogenesis == 1.0)
    throw InputError("lesion.depth_mm", fmt::format("{:g}", lesion.depth_mm),
                     "a depth > 0 (this kind changes nothing else: its melanogenesis is 1)");
  // Reference skin on both sides: the grid must reach a width beyond the lesion's edge each way.
  const auto needs = [&](const char* key, grid::Axis axis, double offset_mm) {
    const double half_mm = 0.5 * grid.extent_um(axis) / units::kUmPerMm;
    const double reach_mm = std::abs(offset_mm) + lesion.width_mm + grid.spacing_um(axis) / units::kUmPerMm;
    if (reach_mm >= half_mm)
      throw InputError(key, fmt::format("{:g}", 2.0 * half_mm),
                       fmt::format("a grid extent above {:g} mm: the lesion ({:g} mm wide) needs skin around it, further "
                                   "than its width from its centre on both sides, to read its depth against",
                                   2.0 * reach_mm, lesion.width_mm));
  };
  needs("simulate.width_mm", grid::Axis::X, lesion.offset_x_mm);
  if (!grid.is_2d() && !lesion.kind.line) needs("simulate.length_mm", grid::Axis::Y, lesion.offset_y_mm);
}

}  // namespace skintwin::lesion
