#include "skintwin/io/config.hpp"

namespace skintwin::io {

void add_device_keys(Schema& schema) {
  schema.add({.key = "device.name", .type = KeyType::Text, .default_value = std::string{"pen-12"}, .unit = "",
              .meaning = "Device from the catalog (see `skintwin devices`)"});
  schema.add({.key = "device.set_depth_mm", .type = KeyType::Real, .default_value = 1.5, .unit = "mm",
              .meaning = "Needle length set on the device (exposed length); the device's own range applies",
              .min = 0.05, .max = 5.0});
  schema.add({.key = "protocol.passes", .type = KeyType::Integer, .default_value = std::int64_t{3}, .unit = "",
              .meaning = "Number of passes over the treated area", .min = 1.0, .max = 100.0});
  schema.add({.key = "protocol.hand_speed_mm_per_s", .type = KeyType::Real, .default_value = 10.0, .unit = "mm/s",
              .meaning = "Speed at which a pen is moved along its path (pens only; sets the spacing of strokes)",
              .min = 0.5, .max = 200.0});
  schema.add({.key = "protocol.pen_frequency_hz", .type = KeyType::Real, .default_value = 0.0, .unit = "Hz",
              .meaning = "Pen stroke frequency; 0 uses the device's own (pens only)", .min = 0.0, .max = 200.0});
  schema.add({.key = "protocol.area_width_mm", .type = KeyType::Real, .default_value = 20.0, .unit = "mm",
              .meaning = "Width (x) of the treated rectangle", .min = 1.0, .max = 300.0});
  schema.add({.key = "protocol.area_length_mm", .type = KeyType::Real, .default_value = 20.0, .unit = "mm",
              .meaning = "Length (y) of the treated rectangle", .min = 1.0, .max = 300.0});
  schema.add({.key = "protocol.hand_jitter_mm", .type = KeyType::Real, .default_value = 0.1, .unit = "mm",
              .meaning = "Standard deviation of where each imprint lands around its ideal place (hand wobble)",
              .min = 0.0, .max = 5.0});
  schema.add({.key = "protocol.skin_stretch", .type = KeyType::Real, .default_value = 0.0, .unit = "",
              .meaning = "Pre-stretch of the skin by the operator's free hand, as a strain fraction (stiffens it)",
              .min = 0.0, .max = 0.3});
  schema.add({.key = "protocol.indication", .type = KeyType::Text, .default_value = std::string{"rejuvenation"},
              .unit = "",
              .meaning = "What is treated; decides whether a setting longer than the dermis is an error or a warning",
              .choices = {"rejuvenation", "acne_scars", "stretch_marks", "research"}});
}

}  // namespace skintwin::io
