#pragma once
// `skintwin punctures`: validate a device + protocol against a site, generate the punctures and
// summarise them (densities, coverage, depths, layers reached).
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "skintwin/device/device.hpp"
#include "skintwin/device/punctures.hpp"
#include "skintwin/io/config.hpp"
#include "skintwin/tissue/site.hpp"

namespace skintwin::io {

struct PunctureRun {
  device::Device device;
  tissue::Site site;
  tissue::Sex sex = tissue::Sex::Unspecified;
  std::string indication;
  device::PunctureRequest request;
  device::PassPlan plan;
  device::PenetrationResult penetration;  // mean behaviour of one needle
  std::vector<device::Puncture> punctures;
  device::PunctureStats stats;
  std::vector<std::string> warnings;
};

// Indications for which a setting deeper than the dermis is allowed with a warning; for the
// others it is an InputError. See docs/devices.md.
bool indication_allows_fat(const std::string& indication);

// Throws InputError (device.name, device.set_depth_mm, protocol.*) before any work.
PunctureRun run_punctures(const Config& config, const tissue::Site& site, tissue::Sex sex);

std::string puncture_summary_text(const PunctureRun& run);
nlohmann::json puncture_summary_json(const PunctureRun& run);
std::string punctures_csv(const PunctureRun& run);

}  // namespace skintwin::io
