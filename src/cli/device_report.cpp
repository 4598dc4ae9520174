#include "device_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "skintwin/core/notice.hpp"

namespace skintwin::cli {
namespace {

std::string drive_text(const device::Device& d) {
  switch (d.type) {
    case device::DeviceType::Pen: return fmt::format("{:g} Hz", d.stroke_frequency_hz);
    case device::DeviceType::Roller: return fmt::format("drum {:g} x {:g} mm", d.drum_diameter_mm, d.drum_width_mm);
    case device::DeviceType::Stamp: return fmt::format("face {:g} x {:g} mm", d.imprint_length_mm, d.imprint_width_mm);
  }
  return "";
}

}  // namespace

std::string device_table_text(const device::DeviceCatalog& catalog) {
  std::string out = fmt::format("# {}\n", kNotice);
  out += fmt::format("{:<13} {:<7} {:>7}  {:>9}  {:<28} {}\n", "name", "type", "needles", "needle_um", "depth",
                     "drive");
  for (const auto& d : catalog.devices())
    out += fmt::format("{:<13} {:<7} {:>7}  {:>9.0f}  {:<28} {}\n", d.name, device::device_type_name(d.type),
                       d.needle_count(), d.needle.base_diameter_um, d.depth_range_text(), drive_text(d));
  return out;
}

std::string device_detail_text(const device::Device& d) {
  std::string out = fmt::format("# {}\n", kNotice);
  out += fmt::format("{} - {}\n", d.name, d.display_name);
  out += fmt::format("type          {}\n", device::device_type_name(d.type));
  out += fmt::format("needles       {} ({})\n", d.needle_count(), d.layout_name);
  out += fmt::format("needle        {}, base diameter {:g} um, tip radius {:g} um, taper {:g} um, tilt {:g} deg\n",
                     d.needle.material, d.needle.base_diameter_um, d.needle.tip_radius_um, d.needle.taper_length_um,
                     d.needle_angle_deg);
  out += fmt::format("depth         {}\n", d.depth_range_text());
  out += fmt::format("drive         {}\n", drive_text(d));
  out += fmt::format("imprint       {:.2f} mm along x {:.2f} mm across\n", d.imprint_length_mm, d.imprint_width_mm);
  out += fmt::format("sources       {}\n", d.sources);
  return out;
}

nlohmann::json device_json(const device::Device& d) {
  nlohmann::json j;
  j["name"] = d.name;
  j["display_name"] = d.display_name;
  j["type"] = device::device_type_name(d.type);
  j["needle_count"] = d.needle_count();
  j["layout"] = d.layout_name;
  j["needle"] = {{"material", d.needle.material},
                 {"base_diameter_um", d.needle.base_diameter_um},
                 {"tip_radius_um", d.needle.tip_radius_um},
                 {"taper_length_um", d.needle.taper_length_um},
                 {"angle_deg", d.needle_angle_deg}};
  if (d.adjustable_depth()) {
    j["depth_min_mm"] = d.depth_min_mm;
    j["depth_max_mm"] = d.depth_max_mm;
    j["stroke_frequency_hz"] = d.stroke_frequency_hz;
  } else {
    j["lengths_mm"] = d.lengths_mm;
  }
  if (d.type == device::DeviceType::Roller) {
    j["drum_diameter_mm"] = d.drum_diameter_mm;
    j["drum_width_mm"] = d.drum_width_mm;
  }
  j["imprint_length_mm"] = d.imprint_length_mm;
  j["imprint_width_mm"] = d.imprint_width_mm;
  j["sources"] = d.sources;
  return j;
}

nlohmann::json device_catalog_json(const device::DeviceCatalog& catalog) {
  nlohmann::json j;
  j["notice"] = std::string(kNotice);
  j["devices"] = nlohmann::json::array();
  for (const auto& d : catalog.devices()) j["devices"].push_back(device_json(d));
  return j;
}

}  // namespace skintwin::cli
