#include "skintwin/device/device.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "skintwin/core/error.hpp"
#include "skintwin/core/text.hpp"

namespace skintwin::device {

const char* device_type_name(DeviceType type) {
  switch (type) {
    case DeviceType::Pen: return "pen";
    case DeviceType::Roller: return "roller";
    case DeviceType::Stamp: return "stamp";
  }
  return "?";
}

double Needle::radius_um(double distance_from_tip_um) const {
  const double shaft_radius_um = 0.5 * base_diameter_um;
  if (distance_from_tip_um <= 0.0) return tip_radius_um;
  if (taper_length_um <= 0.0 || distance_from_tip_um >= taper_length_um) return shaft_radius_um;
  return tip_radius_um + (shaft_radius_um - tip_radius_um) * distance_from_tip_um / taper_length_um;
}

double Needle::tip_area_um2() const { return std::numbers::pi * tip_radius_um * tip_radius_um; }

bool Device::accepts_depth(double set_depth_mm) const {
  if (!std::isfinite(set_depth_mm)) return false;
  if (adjustable_depth()) return set_depth_mm >= depth_min_mm - 1e-9 && set_depth_mm <= depth_max_mm + 1e-9;
  return std::any_of(lengths_mm.begin(), lengths_mm.end(),
                     [&](double length) { return std::abs(length - set_depth_mm) < 1e-6; });
}

std::string Device::depth_range_text() const {
  if (adjustable_depth()) return fmt::format("{:g} to {:g} mm", depth_min_mm, depth_max_mm);
  std::string out;
  for (std::size_t i = 0; i < lengths_mm.size(); ++i) out += fmt::format("{}{:g}", i ? ", " : "", lengths_mm[i]);
  return out + " mm";
}

std::vector<NeedleOffset> grid_layout(int rows, int columns, double pitch_mm) {
  std::vector<NeedleOffset> out;
  out.reserve(static_cast<std::size_t>(rows * columns));
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < columns; ++c)
      out.push_back({(r - 0.5 * (rows - 1)) * pitch_mm, (c - 0.5 * (columns - 1)) * pitch_mm});
  return out;
}

std::vector<NeedleOffset> round_layout(int needles, double diameter_mm) {
  // Vogel's spiral puts needle k at radius R sqrt((k + 1/2) / n): equal area per needle.
  const double golden_angle = std::numbers::pi * (3.0 - std::sqrt(5.0));
  std::vector<NeedleOffset> out;
  out.reserve(static_cast<std::size_t>(needles));
  for (int k = 0; k < needles; ++k) {
    const double r = 0.5 * diameter_mm * std::sqrt((k + 0.5) / needles);
    out.push_back({r * std::cos(k * golden_angle), r * std::sin(k * golden_angle)});
  }
  return out;
}

std::vector<NeedleOffset> drum_layout(int needles, int rings, double diameter_mm, double width_mm) {
  const int per_ring = needles / rings;
  const double circumference_mm = std::numbers::pi * diameter_mm;
  const double pitch_mm = circumference_mm / per_ring;
  const double ring_spacing_mm = width_mm / rings;
  std::vector<NeedleOffset> out;
  out.reserve(static_cast<std::size_t>(per_ring * rings));
  for (int ring = 0; ring < rings; ++ring) {
    const double stagger_mm = (ring % 2) * 0.5 * pitch_mm;
    for (int k = 0; k < per_ring; ++k)
      out.push_back({(k + 0.5) * pitch_mm + stagger_mm - 0.5 * circumference_mm,
                     (ring + 0.5) * ring_spacing_mm - 0.5 * width_mm});
  }
  return out;
}

}  // namespace skintwin::device
