#include "skintwin/course/sampling.hpp"

#include <stdexcept>

#include "skintwin/core/rng.hpp"

namespace skintwin::course {
namespace {

// CounterRng purpose of the section positions (the device's draws use 0xD000x).
constexpr std::uint32_t kSectionPositionStream = 0xC0001;

}  // namespace

std::string_view sampling_method_name(SamplingMethod method) {
  switch (method) {
    case SamplingMethod::Patch3d: return "3d_patch";
    case SamplingMethod::StratifiedSections: return "stratified_sections";
    case SamplingMethod::OnChannel: return "section_on_channel";
  }
  return "unknown";
}

std::vector<double> stratified_positions_mm(double start_mm, double end_mm, int count, std::uint64_t seed) {
  if (count < 1) throw std::invalid_argument("stratified_positions_mm: count < 1");
  if (!(end_mm >= start_mm)) throw std::invalid_argument("stratified_positions_mm: end < start");
  const double stratum_mm = (end_mm - start_mm) / count;
  std::vector<double> positions;
  positions.reserve(static_cast<std::size_t>(count));
  for (int k = 0; k < count; ++k) {
    CounterRng rng(seed, kSectionPositionStream, static_cast<std::uint32_t>(k));
    positions.push_back(start_mm + (k + rng.uniform()) * stratum_mm);
  }
  return positions;
}

}  // namespace skintwin::course
