#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "device_report.hpp"
#include "skintwin/io/device_catalog.hpp"

namespace skintwin::cli {
namespace {

struct DevicesOptions {
  std::string name;
  bool json = false;
};

int run_devices(const DevicesOptions& options) {
  const auto& catalog = io::builtin_device_catalog();
  if (options.name.empty()) {
    if (options.json) std::cout << device_catalog_json(catalog).dump(2) << "\n";
    else std::cout << device_table_text(catalog);
    return 0;
  }
  const auto& device = catalog.get(options.name, "DEVICE");
  if (options.json) std::cout << device_json(device).dump(2) << "\n";
  else std::cout << device_detail_text(device);
  return 0;
}

}  // namespace

Action add_devices_command(CLI::App& app) {
  auto options = std::make_shared<DevicesOptions>();
  auto* sub = app.add_subcommand("devices", "List the microneedling devices (pens, rollers, stamps), or show one");
  sub->add_option("DEVICE", options->name, "Device to show in detail (e.g. pen-12); omit to list all");
  sub->add_flag("--json", options->json, "Print JSON instead of a table");
  return [options] { return run_devices(*options); };
}

}  // namespace skintwin::cli
