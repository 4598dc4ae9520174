#include "skintwin/outcome/session_outcomes.hpp"

#include <cstddef>

#include "skintwin/core/units.hpp"
#include "skintwin/model/species.hpp"

namespace skintwin::outcome {
namespace {

using model::Species;

double ratio(double value, double baseline) { return baseline > 0.0 ? value / baseline : 0.0; }

double wound_mean(const Snapshot& s, Species sp) { return s.wound_means[model::index(sp)]; }

std::optional<double> percent_change(double value, double baseline) {
  if (!(baseline > 0.0)) return std::nullopt;
  return 100.0 * (value / baseline - 1.0);
}

LayerChange layer_change(const std::array<double, model::kSpeciesCount>& now, const LayerBaseline& b) {
  const double collagen = now[model::index(Species::CollagenI)] + now[model::index(Species::CollagenIII)];
  return {.collagen_total_pct = percent_change(collagen, b.collagen_total),
          .elastin_pct = percent_change(now[model::index(Species::Elastin)], b.species[model::index(Species::Elastin)]),
          .vessels_pct = percent_change(now[model::index(Species::Vessels)], b.species[model::index(Species::Vessels)])};
}

std::optional<double> in_hours(std::optional<double> t_days) {
  if (!t_days) return std::nullopt;
  return *t_days * units::kHoursPerDay;
}

// ∫ of a species' layer mean over the series (trapezoids), days.
double time_integral(std::span<const Snapshot> series, std::size_t layer, Species sp) {
  double sum = 0.0;
  for (std::size_t n = 1; n < series.size(); ++n)
    sum += 0.5 * (series[n].layer_means[layer][model::index(sp)] + series[n - 1].layer_means[layer][model::index(sp)]) *
           (series[n].t_days - series[n - 1].t_days);
  return sum;
}

// The share of a loss (from 1 down to `after`) that has come back by `now`; nullopt without a loss.
std::optional<double> recovered_share(double after, double now) {
  const double lost = 1.0 - after;
  if (!(lost > 1e-9)) return std::nullopt;
  return (now - after) / lost;
}

// Days from the series' first sample until the wound has recovered `share` of the strength the
// injury took, interpolated linearly between samples.
std::optional<double> days_to_recover(std::span<const Snapshot> series, double share) {
  const double after = series.front().tensile_strength_wound;
  for (std::size_t n = 1; n < series.size(); ++n) {
    const auto now = recovered_share(after, series[n].tensile_strength_wound);
    if (!now) return std::nullopt;
    if (*now < share) continue;
    const double before = *recovered_share(after, series[n - 1].tensile_strength_wound);
    const double t = series[n - 1].t_days + (share - before) / (*now - before) * (series[n].t_days - series[n - 1].t_days);
    return t - series.front().t_days;
  }
  return std::nullopt;
}

double reduction(double now, double before) { return before > 0.0 ? 1.0 - now / before : 0.0; }

std::optional<double> unless_nan(double x) { return std::isnan(x) ? std::nullopt : std::optional<double>(x); }

ScarOutcome scar_outcome(const LesionReading& before, const LesionReading& now, const ScarGrading& grading) {
  return {.baseline_depth_um = before.depth_um,
          .depth_um = now.depth_um,
          .depth_reduction = reduction(now.depth_um, before.depth_um),
          .baseline_mean_depth_um = before.mean_depth_um,
          .mean_depth_um = now.mean_depth_um,
          .volume_reduction = reduction(now.mean_depth_um, before.mean_depth_um),
          .baseline_width_mm = unless_nan(before.width_mm),
          .width_mm = unless_nan(now.width_mm),
          .baseline_area_mm2 = unless_nan(before.area_mm2),
          .area_mm2 = unless_nan(now.area_mm2),
          .baseline_grade = scar_grade(before.depth_um, grading),
          .grade = scar_grade(now.depth_um, grading)};
}

}  // namespace

SessionOutcomes session_outcomes(std::span<const Snapshot> series, const Snapshot& healthy, double redness_threshold,
                                 const ScarGrading& grading) {
  const double vessels_healthy = wound_mean(healthy, Species::Vessels);
  const std::size_t papillary = static_cast<std::size_t>(tissue::LayerKind::PapillaryDermis);
  SessionOutcomes o;
  o.growth_factor_wound = peak_of(series, [](const Snapshot& s) { return wound_mean(s, Species::GrowthFactor); });
  o.growth_factor_healthy = wound_mean(healthy, Species::GrowthFactor);
  o.inflammation_ratio_wound = peak_of(series, [](const Snapshot& s) { return s.inflammation_ratio_wound; });
  o.fibroblast_ratio_wound = peak_of(series, [](const Snapshot& s) { return s.fibroblast_ratio_wound; });
  o.vessel_ratio_wound =
      peak_of(series, [&](const Snapshot& s) { return ratio(wound_mean(s, Species::Vessels), vessels_healthy); });
  const Snapshot& last = series.back();
  o.vessel_ratio_wound_final = ratio(wound_mean(last, Species::Vessels), vessels_healthy);
  o.vessel_ratio_papillary_dermis = peak_of(series, [papillary](const Snapshot& s) { return s.vessel_ratio[papillary]; });
  o.collagen_iii_fraction_wound = peak_of(series, [](const Snapshot& s) { return s.collagen_iii_fraction_wound; });
  o.collagen_iii_fraction_healthy = healthy.collagen_iii_fraction_wound;
  o.collagen_iii_fraction_final = last.collagen_iii_fraction_wound;
  o.tensile_strength_after_injury = series.front().tensile_strength_wound;
  o.tensile_strength_final = last.tensile_strength_wound;
  // A session whose punctures left no wound zone on the grid has no strength to recover.
  if (healthy.tensile_strength_wound > 0.0) {
    o.tensile_strength_recovery = recovered_share(o.tensile_strength_after_injury, o.tensile_strength_final);
    o.tensile_strength_80pct_days = days_to_recover(series, 0.8);
  }
  o.erythema_index = peak_of(series, [](const Snapshot& s) { return s.erythema_index; });
  o.redness_downtime_days = redness_downtime_days(series, redness_threshold);
  o.redness_threshold = redness_threshold;
  o.closure_time_h = in_hours(closure_time_days(series, 0.99));
  o.half_closure_time_h = in_hours(closure_time_days(series, 0.5));
  o.final_day = last.t_days;
  o.dermal_thickness_change_um = last.dermal_thickness_change_um;
  o.instruments = last.instruments;
  o.instruments_baseline = healthy.instruments;
  for (std::size_t l = 0; l < tissue::kLayerCount; ++l) {
    if (healthy.layer_voxels[l] == 0) continue;
    LayerBaseline b;
    b.species = healthy.layer_means[l];
    b.collagen_total = b.species[model::index(Species::CollagenI)] + b.species[model::index(Species::CollagenIII)];
    o.baseline[l] = b;
    o.final_change[l] = layer_change(last.layer_means[l], b);
  }
  if (healthy.lesion.present() && last.lesion.present()) {
    if (healthy.lesion.depth_um > 0.0) o.scar = scar_outcome(healthy.lesion, last.lesion, grading);
    o.colour = LesionColour{.baseline_vessel_ratio = healthy.lesion.vessel_ratio,
                            .vessel_ratio = last.lesion.vessel_ratio,
                            .baseline_melanin_ratio = healthy.lesion.melanin_ratio,
                            .melanin_ratio = last.lesion.melanin_ratio};
    if (healthy.lesion.melanin_ratio != 1.0)
      o.pigment = PigmentOutcome{
          .baseline_melanin_ratio = healthy.lesion.melanin_ratio,
          .melanin_ratio = last.lesion.melanin_ratio,
          .excess_reduction = 1.0 - (last.lesion.melanin_ratio - 1.0) / (healthy.lesion.melanin_ratio - 1.0)};
  }
  for (std::size_t l = 0; l < tissue::kLayerCount; ++l) {
    if (healthy.layer_voxels[l] == 0) continue;
    const DeliveredDose dose{.needled = time_integral(series, l, Species::TopicalAgent),
                             .intact = time_integral(series, l, Species::TopicalAgentIntact)};
    if (dose.needled > 0.0 || dose.intact > 0.0) o.dose[l] = dose;
  }
  return o;
}

}  // namespace skintwin::outcome
