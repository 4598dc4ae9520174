#pragma once
// The device catalog: data/devices.toml, compiled into the library, or any file of the same form.
#include <string>
#include <string_view>

#include "skintwin/device/device.hpp"

namespace skintwin::io {

namespace embedded {
extern const std::string_view devices_toml;
}  // namespace embedded

// Strict: unknown keys, missing keys, wrong types, non-positive sizes and inconsistent layouts
// throw InputError naming the origin, the device and the key.
device::DeviceCatalog parse_device_catalog_toml(std::string_view text, const std::string& origin);

// data/devices.toml as built into the library, parsed once.
const device::DeviceCatalog& builtin_device_catalog();

}  // namespace skintwin::io
