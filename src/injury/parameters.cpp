#include "skintwin/injury/parameters.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "skintwin/core/error.hpp"

namespace skintwin::injury {
namespace {

void require(bool ok, const char* field, double value, const char* allowed) {
  if (!ok || std::isnan(value)) throw InputError(std::string("injury.") + field, fmt::format("{:g}", value), allowed);
}

bool is_fraction(double value) { return value >= 0.0 && value <= 1.0; }

}  // namespace

InjuryParameters default_injury_parameters() { return InjuryParameters{}; }

void validate(const InjuryParameters& p) {
  require(std::isfinite(p.crush_width_um) && p.crush_width_um > 0.0, "crush_width_um", p.crush_width_um,
          "a width > 0 µm");
  require(p.crush_cutoff_damage > 0.0 && p.crush_cutoff_damage < 1.0, "crush_cutoff_damage", p.crush_cutoff_damage,
          "a damage level between 0 and 1 (exclusive)");
  require(p.subsamples_per_axis >= 1 && p.subsamples_per_axis <= 16, "subsamples_per_axis", p.subsamples_per_axis,
          "1 to 16 sample points per axis");
  require(is_fraction(p.matrix_loss_lumen), "matrix_loss_lumen", p.matrix_loss_lumen, "a fraction from 0 to 1");
  require(is_fraction(p.matrix_loss_crush), "matrix_loss_crush", p.matrix_loss_crush, "a fraction from 0 to 1");
  require(std::isfinite(p.bleed_per_cut_vessel) && p.bleed_per_cut_vessel >= 0.0, "bleed_per_cut_vessel",
          p.bleed_per_cut_vessel, "a coefficient >= 0");
  require(is_fraction(p.clot_crush_fraction), "clot_crush_fraction", p.clot_crush_fraction, "a fraction from 0 to 1");
  require(std::isfinite(p.blood_growth_factor) && p.blood_growth_factor >= 0.0, "blood_growth_factor",
          p.blood_growth_factor, "a growth-factor level >= 0");
  require(is_fraction(p.fast_growth_factor_fraction), "fast_growth_factor_fraction", p.fast_growth_factor_fraction,
          "a fraction from 0 to 1");
  require(std::isfinite(p.growth_factor_saturation) && p.growth_factor_saturation > 0.0, "growth_factor_saturation",
          p.growth_factor_saturation, "a saturation level > 0");
}

}  // namespace skintwin::injury
