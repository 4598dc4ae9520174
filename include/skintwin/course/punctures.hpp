#pragma once
// The punctures of one session: a device and protocol on a site, checked against the safety
// rules, generated and summarised (densities, coverage, depths, layers reached).
#include <optional>
#include <string>
#include <vector>

#include "skintwin/device/device.hpp"
#include "skintwin/device/penetration.hpp"
#include "skintwin/device/punctures.hpp"
#include "skintwin/tissue/site.hpp"

namespace skintwin::course {

// What a session is asked to do, before any check.
struct SessionSetup {
  device::Device device;
  tissue::Site site;
  tissue::Sex sex = tissue::Sex::Unspecified;
  std::string indication;
  device::PunctureRequest request;
  std::string depth_key = "device.set_depth_mm";  // the config key that set the depth (named in errors)
  device::PenetrationModel penetration;  // resolved (support areas fitted)
  // A depth set for the needles that land on the plan's lesion (the deeper setting a clinician
  // uses over a scar); none: the request's depth everywhere.
  std::optional<double> lesion_zone_set_depth_mm;
};

struct PunctureSession {
  SessionSetup setup;
  device::PassPlan plan;
  device::PenetrationResult penetration;  // mean behaviour of one needle
  std::vector<device::Puncture> punctures;
  // With a lesion zone depth: the same strikes (same places, same draws) at that depth, index for
  // index; which of the two a strike uses depends on where the grid puts the lesion. Else empty.
  std::vector<device::Puncture> lesion_zone_punctures;
  device::PunctureStats stats;
  std::vector<std::string> warnings;
};

// Throws InputError (device.set_depth_mm, course.lesion_set_depth_mm, protocol.*) before any
// work: a request the device or the safety rules (plan::check_dermis_depth) refuse.
PunctureSession puncture_session(const SessionSetup& setup);

}  // namespace skintwin::course
