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
}

}  // namespace skintwin::io
