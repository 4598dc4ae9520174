#pragma once
#include "skintwin/core/named_catalog.hpp"
// Microneedling devices: the needle, how the needles are laid out on the device, and how the
// device is driven over the skin (pen stroke, rolling drum, hand-pressed stamp).
#include <string>
#include <vector>

namespace skintwin::device {

enum class DeviceType { Pen, Roller, Stamp };
const char* device_type_name(DeviceType type);  // "pen", "roller", "stamp"

struct Needle {
  double base_diameter_um = 250.0;  // shaft diameter behind the conical tip
  double tip_radius_um = 4.0;       // radius of the rounded tip apex
  double taper_length_um = 500.0;   // length of the conical tip from apex to full shaft diameter
  std::string material;             // "stainless steel", "titanium", "polymer"

  // Needle radius at a distance from the apex measured along its axis: linear taper from the
  // tip radius to the shaft radius, then the shaft.
  double radius_um(double distance_from_tip_um) const;
  double tip_area_um2() const;  // pi * tip radius^2, the interfacial area of Davis et al. 2004
};

// Position of one needle within one imprint of the device, in mm from the imprint centre.
// "along" is the direction of travel (pen path, rolling direction), "across" is the lane.
struct NeedleOffset {
  double along_mm = 0.0;
  double across_mm = 0.0;
};

struct Device {
  std::string name;          // catalog key: "pen-12", "roller-192", ...
  std::string display_name;
  DeviceType type = DeviceType::Pen;
  Needle needle;
  std::vector<NeedleOffset> layout;  // one entry per needle
  double imprint_length_mm = 0.0;    // extent along travel (roller: drum circumference)
  double imprint_width_mm = 0.0;     // extent across travel: the width of one lane
  double needle_angle_deg = 0.0;     // tilt of the needles from the skin normal
  // Adjustable depth (pens): set depth within [depth_min_mm, depth_max_mm]. Fixed-length
  // devices (rollers, stamps) list the needle lengths they are sold with instead.
  double depth_min_mm = 0.0;
  double depth_max_mm = 0.0;
  std::vector<double> lengths_mm;
  double stroke_frequency_hz = 0.0;  // pens: needle strokes per second
  double drum_diameter_mm = 0.0;     // rollers
  double drum_width_mm = 0.0;        // rollers
  std::string layout_name;           // "grid 3 x 4, pitch 0.8 mm", for reports
  std::string sources;               // where the numbers come from

  std::size_t needle_count() const noexcept { return layout.size(); }
  bool adjustable_depth() const noexcept { return lengths_mm.empty(); }
  // Whether `set_depth_mm` is a setting this device offers (range or one of its lengths).
  bool accepts_depth(double set_depth_mm) const;
  std::string depth_range_text() const;  // "0.25 to 2.5 mm" or "0.5, 1, 1.5 mm"
};

// Layout generators used by the catalog.
// rows along travel x columns across, centred, spaced by pitch.
std::vector<NeedleOffset> grid_layout(int rows, int columns, double pitch_mm);
// n needles spread evenly over a disc (Vogel's sunflower spiral), for round cartridges.
std::vector<NeedleOffset> round_layout(int needles, double diameter_mm);
// A drum unrolled: `rings` rings across the width, needles/rings around the circumference,
// alternate rings staggered by half a pitch.
std::vector<NeedleOffset> drum_layout(int needles, int rings, double diameter_mm, double width_mm);

class DeviceCatalog : public NamedCatalog<Device> {
public:
  DeviceCatalog() = default;
  explicit DeviceCatalog(std::vector<Device> devices) : NamedCatalog(std::move(devices), "device") {}
  const std::vector<Device>& devices() const noexcept { return items(); }
  const Device& get(const std::string& name, const std::string& key = "device.name") const {
    return NamedCatalog::get(name, key);
  }
};

}  // namespace skintwin::device
