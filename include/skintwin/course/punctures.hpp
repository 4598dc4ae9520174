#pragma once
// The punctures of one session: a device and protocol on a site, checked against the safety
// rules, generated and summarised (densities, coverage, depths, layers reached).
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
  device::PenetrationModel penetration;  // resolved (support areas fitted)
};

struct PunctureSession {
  SessionSetup setup;
  device::PassPlan plan;
  device::PenetrationResult penetration;  // mean behaviour of one needle
  std::vector<device::Puncture> punctures;
  device::PunctureStats stats;
  std::vector<std::string> warnings;
};

// Throws InputError (device.set_depth_mm, protocol.*) before any work: a request the device or
// the safety rules (plan::check_dermis_depth) refuse.
PunctureSession puncture_session(const SessionSetup& setup);

}  // namespace skintwin::course
