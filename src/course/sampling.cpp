#include "skintwin/course/sampling.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "skintwin/core/rng.hpp"

namespace skintwin::course {
namespace {

// CounterRng purpose of the section positions (the device's draws use 0xD000x).
constexpr std::uint32_t kSectionPositionStream = 0xC0001;
constexpr std::uint32_t kSectionPermutationStream = 0xC0002;
constexpr std::uint32_t kSectionPermutedPositionStream = 0xC0003;
constexpr std::uint32_t kRankedStratumPickStream = 0xC0004;

// 0, 1, ..., count - 1; std::invalid_argument for count < 1.
std::vector<int> strata_in_order(int count) {
  if (count < 1) throw std::invalid_argument("stratified positions: count < 1");
  std::vector<int> strata(static_cast<std::size_t>(count));
  std::iota(strata.begin(), strata.end(), 0);
  return strata;
}

std::vector<double> positions_in_strata(double start_mm, double end_mm, const std::vector<int>& strata,
                                        std::uint64_t seed, std::uint32_t stream) {
  if (!(end_mm >= start_mm)) throw std::invalid_argument("stratified positions: end < start");
  const double stratum_mm = (end_mm - start_mm) / static_cast<double>(strata.size());
  std::vector<double> positions;
  positions.reserve(strata.size());
  for (std::size_t k = 0; k < strata.size(); ++k) {
    CounterRng rng(seed, stream, static_cast<std::uint32_t>(k));
    positions.push_back(start_mm + (strata[k] + rng.uniform()) * stratum_mm);
  }
  return positions;
}

}  // namespace

std::string_view sampling_method_name(SamplingMethod method) {
  switch (method) {
    case SamplingMethod::Patch3d: return "3d_patch";
    case SamplingMethod::StratifiedSections: return "stratified_sections";
    case SamplingMethod::InjuryStratifiedSections: return "injury_stratified_sections";
    case SamplingMethod::OnChannel: return "section_on_channel";
  }
  return "unknown";
}

std::vector<double> stratified_positions_mm(double start_mm, double end_mm, int count, std::uint64_t seed) {
  return positions_in_strata(start_mm, end_mm, strata_in_order(count), seed, kSectionPositionStream);
}

std::vector<double> permuted_stratified_positions_mm(double start_mm, double end_mm, int count, std::uint64_t seed) {
  std::vector<int> strata = strata_in_order(count);
  // Fisher-Yates, each swap drawn from its own counter.
  for (int k = count - 1; k > 0; --k) {
    CounterRng rng(seed, kSectionPermutationStream, static_cast<std::uint32_t>(k));
    const int j = std::min(k, static_cast<int>(rng.uniform() * (k + 1)));
    std::swap(strata[static_cast<std::size_t>(k)], strata[static_cast<std::size_t>(j)]);
  }
  return positions_in_strata(start_mm, end_mm, strata, seed, kSectionPermutedPositionStream);
}

std::vector<std::size_t> pick_one_per_ranked_stratum(std::span<const double> loads, int sections, std::uint64_t seed) {
  if (sections < 1 || loads.empty() || loads.size() % static_cast<std::size_t>(sections) != 0)
    throw std::invalid_argument("pick_one_per_ranked_stratum: the candidates are not a positive multiple of the sections");
  std::vector<std::size_t> ranked(loads.size());
  std::iota(ranked.begin(), ranked.end(), std::size_t{0});
  std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) { return loads[a] < loads[b]; });
  const std::size_t per_stratum = loads.size() / static_cast<std::size_t>(sections);
  std::vector<std::size_t> chosen;
  chosen.reserve(static_cast<std::size_t>(sections));
  for (std::size_t k = 0; k < static_cast<std::size_t>(sections); ++k) {
    CounterRng rng(seed, kRankedStratumPickStream, static_cast<std::uint32_t>(k));
    const auto pick = std::min(per_stratum - 1, static_cast<std::size_t>(rng.uniform() * static_cast<double>(per_stratum)));
    chosen.push_back(ranked[k * per_stratum + pick]);
  }
  return chosen;
}

}  // namespace skintwin::course
