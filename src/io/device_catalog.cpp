#include "skintwin/io/device_catalog.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "skintwin/core/error.hpp"
#include "skintwin/core/text.hpp"

namespace skintwin::io {
namespace {

using device::Device;
using device::DeviceType;

const std::vector<std::string>& known_keys() {
  static const std::vector<std::string> keys{
      "name", "display_name", "type", "layout", "rows", "columns", "pitch_mm", "needles", "diameter_mm", "rings",
      "drum_diameter_mm", "drum_width_mm", "needle_base_diameter_um", "needle_tip_radius_um",
      "needle_taper_length_um", "material", "needle_angle_deg", "depth_min_mm", "depth_max_mm", "lengths_mm",
      "stroke_frequency_hz", "sources"};
  return keys;
}

// Reads the keys of one [[device]] table and says where a bad one is.
class DeviceTable {
public:
  DeviceTable(const toml::table& table, std::string origin, std::size_t index)
      : table_(table), origin_(std::move(origin)), index_(index) {}

  std::string where(const std::string& key) const {
    const toml::node* node = table_.get(key);
    const auto& src = node ? node->source() : table_.source();
    return fmt::format("{}:{}:{}", origin_, src.begin.line, src.begin.column);
  }
  std::string key_name(const std::string& key) const { return fmt::format("device[{}].{}", index_, key); }

  InputError error(const std::string& key, const std::string& value, const std::string& allowed) const {
    return InputError(key_name(key), value, allowed + " (" + where(key) + ")");
  }

  void reject_unknown_keys() const {
    for (const auto& [k, node] : table_) {
      const std::string key(k.str());
      if (std::find(known_keys().begin(), known_keys().end(), key) != known_keys().end()) continue;
      throw error(key, "(unknown key)", "not a device key; " + allowed_names_hint(key, known_keys()));
    }
  }

  std::string text(const std::string& key) const {
    const toml::node* node = table_.get(key);
    if (!node) throw error(key, "(missing)", "a text value is required");
    if (auto s = node->value_exact<std::string>()) return *s;
    throw error(key, "(not text)", "a quoted text value");
  }

  double number(const std::string& key) const {
    const toml::node* node = table_.get(key);
    if (!node) throw error(key, "(missing)", "a number is required");
    std::optional<double> v = node->value_exact<double>();
    if (!v) {
      if (auto i = node->value_exact<std::int64_t>()) v = static_cast<double>(*i);
    }
    if (!v) throw error(key, "(not a number)", "a number");
    if (!std::isfinite(*v)) throw error(key, fmt::format("{}", *v), "a finite number");
    return *v;
  }

  double positive(const std::string& key) const {
    const double v = number(key);
    if (v <= 0.0) throw error(key, fmt::format("{:g}", v), "a number above 0");
    return v;
  }

  int count(const std::string& key) const {
    const toml::node* node = table_.get(key);
    if (!node) throw error(key, "(missing)", "a whole number is required");
    const auto v = node->value_exact<std::int64_t>();
    if (!v || *v < 1 || *v > 100000) throw error(key, "(not a count)", "a whole number from 1 to 100000");
    return static_cast<int>(*v);
  }

  std::vector<double> lengths(const std::string& key) const {
    const toml::node* node = table_.get(key);
    const auto* array = node ? node->as_array() : nullptr;
    if (!array || array->empty()) throw error(key, "(missing)", "a non-empty list of needle lengths in mm");
    std::vector<double> out;
    for (const auto& item : *array) {
      std::optional<double> v = item.value_exact<double>();
      if (!v) {
        if (auto i = item.value_exact<std::int64_t>()) v = static_cast<double>(*i);
      }
      if (!v || !std::isfinite(*v) || *v <= 0.0) throw error(key, "(bad entry)", "lengths above 0 mm");
      out.push_back(*v);
    }
    return out;
  }

  bool has(const std::string& key) const { return table_.contains(key); }

private:
  const toml::table& table_;
  std::string origin_;
  std::size_t index_;
};

DeviceType parse_type(const DeviceTable& t) {
  const std::string type = t.text("type");
  if (type == "pen") return DeviceType::Pen;
  if (type == "roller") return DeviceType::Roller;
  if (type == "stamp") return DeviceType::Stamp;
  throw t.error("type", "'" + type + "'", "one of pen, roller, stamp");
}

void parse_layout(const DeviceTable& t, Device& d) {
  const std::string layout = t.text("layout");
  if (layout == "grid") {
    const int rows = t.count("rows");
    const int columns = t.count("columns");
    const double pitch_mm = t.positive("pitch_mm");
    d.layout = device::grid_layout(rows, columns, pitch_mm);
    d.imprint_length_mm = rows * pitch_mm;
    d.imprint_width_mm = columns * pitch_mm;
    d.layout_name = fmt::format("grid {} x {}, pitch {:g} mm", rows, columns, pitch_mm);
  } else if (layout == "round") {
    const int needles = t.count("needles");
    const double diameter_mm = t.positive("diameter_mm");
    d.layout = device::round_layout(needles, diameter_mm);
    d.imprint_length_mm = diameter_mm;
    d.imprint_width_mm = diameter_mm;
    d.layout_name = fmt::format("round, {} needles over {:g} mm", needles, diameter_mm);
  } else if (layout == "drum") {
    const int needles = t.count("needles");
    const int rings = t.count("rings");
    if (needles % rings != 0)
      throw t.error("rings", std::to_string(rings), fmt::format("a divisor of needles = {}", needles));
    d.drum_diameter_mm = t.positive("drum_diameter_mm");
    d.drum_width_mm = t.positive("drum_width_mm");
    d.layout = device::drum_layout(needles, rings, d.drum_diameter_mm, d.drum_width_mm);
    d.imprint_length_mm = std::numbers::pi * d.drum_diameter_mm;
    d.imprint_width_mm = d.drum_width_mm;
    d.layout_name = fmt::format("drum, {} rings of {}", rings, needles / rings);
  } else {
    throw t.error("layout", "'" + layout + "'", "one of grid, round, drum");
  }
  if ((d.type == DeviceType::Roller) != (layout == "drum"))
    throw t.error("layout", "'" + layout + "'", "drum for rollers, grid or round for pens and stamps");
}

void parse_depths(const DeviceTable& t, Device& d) {
  if (d.type == DeviceType::Pen) {
    d.depth_min_mm = t.positive("depth_min_mm");
    d.depth_max_mm = t.positive("depth_max_mm");
    if (d.depth_max_mm < d.depth_min_mm)
      throw t.error("depth_max_mm", fmt::format("{:g}", d.depth_max_mm), "at least depth_min_mm");
    d.stroke_frequency_hz = t.positive("stroke_frequency_hz");
    if (t.has("lengths_mm")) throw t.error("lengths_mm", "(given)", "pens set depth_min_mm/depth_max_mm, not lengths_mm");
  } else {
    d.lengths_mm = t.lengths("lengths_mm");
    for (const char* key : {"depth_min_mm", "depth_max_mm", "stroke_frequency_hz"})
      if (t.has(key)) throw t.error(key, "(given)", "only pens have an adjustable depth and a stroke frequency");
  }
}

Device parse_device(const DeviceTable& t) {
  t.reject_unknown_keys();
  Device d;
  d.name = t.text("name");
  d.display_name = t.text("display_name");
  d.type = parse_type(t);
  d.needle.base_diameter_um = t.positive("needle_base_diameter_um");
  d.needle.tip_radius_um = t.positive("needle_tip_radius_um");
  d.needle.taper_length_um = t.positive("needle_taper_length_um");
  d.needle.material = t.text("material");
  if (d.needle.tip_radius_um > 0.5 * d.needle.base_diameter_um)
    throw t.error("needle_tip_radius_um", fmt::format("{:g}", d.needle.tip_radius_um), "at most half the base diameter");
  d.needle_angle_deg = t.number("needle_angle_deg");
  if (d.needle_angle_deg < 0.0 || d.needle_angle_deg >= 60.0)
    throw t.error("needle_angle_deg", fmt::format("{:g}", d.needle_angle_deg), "from 0 to below 60 degrees");
  parse_layout(t, d);
  parse_depths(t, d);
  d.sources = t.text("sources");
  return d;
}

}  // namespace

device::DeviceCatalog parse_device_catalog_toml(std::string_view text, const std::string& origin) {
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(origin));
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}:{}:{}: malformed TOML: {}", origin, e.source().begin.line,
                                 e.source().begin.column, e.description()));
  }
  for (const auto& [k, node] : root)
    if (k.str() != "device") throw InputError(std::string(k.str()), "(top-level key)", "only [[device]] tables (" + origin + ")");
  const auto* devices = root.get_as<toml::array>("device");
  if (!devices || devices->empty()) throw InputError("device", "(none)", "at least one [[device]] table (" + origin + ")");
  std::vector<Device> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < devices->size(); ++i) {
    const auto* table = devices->get(i)->as_table();
    if (!table) throw InputError(fmt::format("device[{}]", i), "(not a table)", "a [[device]] table (" + origin + ")");
    const DeviceTable t(*table, origin, i);
    Device d = parse_device(t);
    if (!seen.insert(d.name).second) throw t.error("name", "'" + d.name + "'", "a name not used by another device");
    out.push_back(std::move(d));
  }
  return device::DeviceCatalog(std::move(out));
}

const device::DeviceCatalog& builtin_device_catalog() {
  static const device::DeviceCatalog catalog = parse_device_catalog_toml(embedded::devices_toml, "data/devices.toml");
  return catalog;
}

}  // namespace skintwin::io
