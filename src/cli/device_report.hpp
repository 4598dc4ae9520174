#pragma once
// `skintwin devices`: the catalog as a table, one device in detail, and both as JSON.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "skintwin/device/device.hpp"

namespace skintwin::cli {

std::string device_table_text(const device::DeviceCatalog& catalog);
std::string device_detail_text(const device::Device& device);
nlohmann::json device_catalog_json(const device::DeviceCatalog& catalog);
nlohmann::json device_json(const device::Device& device);

}  // namespace skintwin::cli
