#pragma once
// How a run samples the treated area. A 3D patch is one sample of it. A 2D section is a plane
// y = const through the puncture pattern, and the answer of one plane depends on where it falls
// (on a channel's axis, between channels, along a needle lane), so a 2D run is an ensemble of
// sections at unbiased, seeded positions, and its outcomes are the ensemble's (outcome/ensemble.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace skintwin::course {

enum class SamplingMethod {
  Patch3d,            // one 3D patch
  StratifiedSections, // 2D: one section at a uniform random y in each of N equal strata of the band
  OnChannel,          // 2D: one section moved onto the axis of the nearest channel (biased: a
                      //     study of a single channel, not an areal answer)
};

std::string_view sampling_method_name(SamplingMethod method);

struct Sampling {
  SamplingMethod method = SamplingMethod::Patch3d;
  // 2D: the y (mm, in the treated area) of each section, in stratum order, and the x of its left
  // edge (its grid's origin).
  std::vector<double> section_y_mm;
  std::vector<double> section_x_mm;
  // 2D: the band [start, end] (mm) the sections are spread over.
  double band_start_mm = 0.0;
  double band_end_mm = 0.0;
  // In a plan of one section of an ensemble (section_plan): its index and the ensemble's size.
  std::size_t member = 0;
  std::size_t ensemble_sections = 0;

  std::size_t sections() const noexcept { return section_y_mm.size(); }
};

// One position uniform in each of `count` equal strata of [start_mm, end_mm], drawn from `seed`
// (a draw of its own, independent of the puncture pattern's). Stratified rather than independent
// draws: the mean over the sections is still unbiased, with less variance, and no two sections
// crowd into one part of the band. Throws std::invalid_argument for count < 1 or end < start.
std::vector<double> stratified_positions_mm(double start_mm, double end_mm, int count, std::uint64_t seed);

// The same, but stratum k is the seeded permutation's k-th (a draw of its own): paired with
// stratified_positions_mm along the other axis this is a Latin hypercube over the rectangle, every
// row and every column of strata holding exactly one section.
std::vector<double> permuted_stratified_positions_mm(double start_mm, double end_mm, int count, std::uint64_t seed);

}  // namespace skintwin::course
