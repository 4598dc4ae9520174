#pragma once
// How a run samples the treated area. A 3D patch is one sample of it. A 2D section is a plane
// y = const through the puncture pattern, and the answer of one plane depends on where it falls
// (on a channel's axis, between channels, along a needle lane), so a 2D run is an ensemble of
// sections at unbiased, seeded positions, and its outcomes are the ensemble's (outcome/ensemble.hpp).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace skintwin::course {

enum class SamplingMethod {
  Patch3d,            // one 3D patch
  StratifiedSections, // 2D: one section at a uniform random y in each of N equal strata of the band
  InjuryStratifiedSections,  // 2D: N x K stratified candidate planes ranked by the damage the
                             //     session leaves in them, one section drawn from each of N equal
                             //     rank strata (pick_one_per_ranked_stratum)
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
  // InjuryStratifiedSections: candidate planes per section, the damage (µm² of the plane at t0)
  // each chosen section holds, and the mean over all candidates (what the area holds).
  int candidates_per_section = 1;
  std::vector<double> section_damage_um2;
  double candidates_damage_mean_um2 = 0.0;
  // In a plan of one section of an ensemble (section_plan): its index and the ensemble's size.
  std::size_t member = 0;
  std::size_t ensemble_sections = 0;

  std::size_t sections() const noexcept { return section_y_mm.size(); }
  // Whether the sections are one per stratum, in stratum order (their spread has sem_stratified).
  bool stratified() const noexcept { return method == SamplingMethod::InjuryStratifiedSections; }
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

// Stratified sampling on an auxiliary variable: the candidates are ranked by `loads` (ties by
// index), the ranks split into `sections` strata of equal size, and one candidate is drawn uniformly
// from each (seeded, a draw of its own). Returns the chosen candidates' indices, lowest stratum
// first. The mean of any quantity over the chosen candidates is an unbiased estimate of its mean
// over all candidates; its variance is the within-stratum variance only, so the closer the
// quantity follows the load, the smaller it is. Throws std::invalid_argument unless sections >= 1
// and loads.size() is a positive multiple of sections.
std::vector<std::size_t> pick_one_per_ranked_stratum(std::span<const double> loads, int sections, std::uint64_t seed);

}  // namespace skintwin::course
