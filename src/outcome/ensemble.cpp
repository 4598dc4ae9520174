#include "skintwin/outcome/ensemble.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "skintwin/model/species.hpp"

namespace skintwin::outcome {
namespace {

using model::Species;

double ratio_or_zero(double value, double reference) { return reference > 0.0 ? value / reference : 0.0; }

using PerMember = std::function<double(std::size_t)>;

// Σ w_m x_m / Σ w_m, or `empty` when every weight is 0.
double weighted_mean(std::size_t count, const PerMember& weight, const PerMember& value, double empty = 0.0) {
  double sum = 0.0;
  double total = 0.0;
  for (std::size_t m = 0; m < count; ++m) {
    const double w = weight(m);
    if (w > 0.0) sum += w * value(m);
    total += w;
  }
  return total > 0.0 ? sum / total : empty;
}

double voxels_of(const Snapshot& s) {
  double v = 0.0;
  for (const std::size_t c : s.layer_voxels) v += static_cast<double>(c);
  return v;
}

// One snapshot of every member (at(m)) pooled.
Snapshot pool_snapshots(std::span<const SectionSeries> members, const std::function<const Snapshot&(std::size_t)>& at,
                        const ErythemaParameters& erythema) {
  const std::size_t n = members.size();
  const PerMember wound = [&](std::size_t m) { return static_cast<double>(members[m].wound_voxels); };
  Snapshot s;
  s.t_days = at(0).t_days;
  for (std::size_t l = 0; l < tissue::kLayerCount; ++l) {
    const PerMember layer_voxels = [&](std::size_t m) { return static_cast<double>(at(m).layer_voxels[l]); };
    for (std::size_t m = 0; m < n; ++m) s.layer_voxels[l] += at(m).layer_voxels[l];
    for (std::size_t sp = 0; sp < model::kSpeciesCount; ++sp)
      s.layer_means[l][sp] = weighted_mean(n, layer_voxels, [&](std::size_t m) { return at(m).layer_means[l][sp]; });
    // Every section has the same healthy layers, so the ratios to healthy average like the means.
    s.vessel_ratio[l] = weighted_mean(n, layer_voxels, [&](std::size_t m) { return at(m).vessel_ratio[l]; });
  }
  for (std::size_t sp = 0; sp < model::kSpeciesCount; ++sp)
    s.wound_means[sp] = weighted_mean(n, wound, [&](std::size_t m) { return at(m).wound_means[sp]; });
  s.closure_fraction = weighted_mean(
      n, [&](std::size_t m) { return static_cast<double>(members[m].openings); },
      [&](std::size_t m) { return at(m).closure_fraction; }, 1.0);
  const double c3 = s.wound_means[model::index(Species::CollagenIII)];
  s.collagen_iii_fraction_wound = ratio_or_zero(c3, c3 + s.wound_means[model::index(Species::CollagenI)]);
  s.hypoxic_fraction_wound = weighted_mean(n, wound, [&](std::size_t m) { return at(m).hypoxic_fraction_wound; });
  // Ratios to healthy over the pooled wound zone: pooled numerator over pooled denominator.
  const auto healthy_wound = [&](Species sp) {
    return weighted_mean(n, wound, [&](std::size_t m) { return members[m].healthy.wound_means[model::index(sp)]; });
  };
  s.fibroblast_ratio_wound =
      ratio_or_zero(s.wound_means[model::index(Species::Fibroblasts)], healthy_wound(Species::Fibroblasts));
  s.inflammation_ratio_wound =
      ratio_or_zero(s.wound_means[model::index(Species::InflammatoryCells)], healthy_wound(Species::InflammatoryCells));
  s.tensile_strength_wound =
      ratio_or_zero(s.wound_means[model::index(Species::CollagenCrossLinked)], healthy_wound(Species::CollagenCrossLinked));
  // The erythema components are means over the area, weighted by each section's columns (all
  // sections of one ensemble have as many voxels per column, so by its voxels); the index of the
  // whole area is the index of the pooled components (the dilation saturates in the area's load).
  const PerMember area = [&](std::size_t m) { return voxels_of(at(m)); };
  s.erythema.column_damage_um = weighted_mean(n, area, [&](std::size_t m) { return at(m).erythema.column_damage_um; });
  s.erythema.column_inflammation_um =
      weighted_mean(n, area, [&](std::size_t m) { return at(m).erythema.column_inflammation_um; });
  s.erythema.new_vessel_blood = weighted_mean(n, area, [&](std::size_t m) { return at(m).erythema.new_vessel_blood; });
  s.erythema_index = erythema_index(s.erythema, erythema);
  s.dermal_thickness_change_um =
      weighted_mean(n, area, [&](std::size_t m) { return at(m).dermal_thickness_change_um; });
  // An instrument placed at random on the treated area: its readings averaged over the sections.
  using Reading = double InstrumentReadings::*;
  for (const Reading r : {&InstrumentReadings::r0_mm, &InstrumentReadings::r2, &InstrumentReadings::r7,
                          &InstrumentReadings::echo_density_change})
    s.instruments.*r = weighted_mean(n, area, [&](std::size_t m) { return at(m).instruments.*r; });
  // Every section cuts the lesion across its centre: their readings average with equal weights.
  if (at(0).lesion.present()) {
    s.lesion = {.depth_um = 0.0,
                .mean_depth_um = 0.0,
                .melanin_ratio = 0.0,
                .vessel_ratio = 0.0,
                .width_mm = 0.0,
                .area_mm2 = 0.0};
    for (std::size_t m = 0; m < n; ++m) {
      s.lesion.depth_um += at(m).lesion.depth_um / static_cast<double>(n);
      s.lesion.mean_depth_um += at(m).lesion.mean_depth_um / static_cast<double>(n);
      s.lesion.melanin_ratio += at(m).lesion.melanin_ratio / static_cast<double>(n);
      s.lesion.vessel_ratio += at(m).lesion.vessel_ratio / static_cast<double>(n);
      s.lesion.width_mm += at(m).lesion.width_mm / static_cast<double>(n);  // NaN stays NaN
      s.lesion.area_mm2 += at(m).lesion.area_mm2 / static_cast<double>(n);
    }
  }
  return s;
}

// A named scalar outcome and which members it is taken over.
enum class Over { All, Wounded, WithOpenings };
struct Named {
  std::string name;
  Over over;
  std::function<std::optional<double>(const SessionOutcomes&)> value;
};

std::vector<Named> named_outcomes() {
  std::vector<Named> list = {
      {"redness_downtime_days", Over::All, [](const SessionOutcomes& o) { return o.redness_downtime_days; }},
      {"erythema_index.value", Over::All, [](const SessionOutcomes& o) { return o.erythema_index.value; }},
      {"closure_time_h", Over::WithOpenings, [](const SessionOutcomes& o) { return o.closure_time_h; }},
      {"growth_factor_wound.value", Over::Wounded, [](const SessionOutcomes& o) { return o.growth_factor_wound.value; }},
      {"inflammation_ratio_wound.value", Over::Wounded,
       [](const SessionOutcomes& o) { return o.inflammation_ratio_wound.value; }},
      {"fibroblast_ratio_wound.value", Over::Wounded,
       [](const SessionOutcomes& o) { return o.fibroblast_ratio_wound.value; }},
      {"vessel_ratio_wound.value", Over::Wounded, [](const SessionOutcomes& o) { return o.vessel_ratio_wound.value; }},
      {"collagen_iii_fraction_wound.value", Over::Wounded,
       [](const SessionOutcomes& o) { return o.collagen_iii_fraction_wound.value; }},
      {"tensile_strength_wound.final", Over::Wounded,
       [](const SessionOutcomes& o) -> std::optional<double> { return o.tensile_strength_final; }},
      {"tensile_strength_wound.recovery", Over::Wounded,
       [](const SessionOutcomes& o) { return o.tensile_strength_recovery; }},
      {"tensile_strength_wound.recovered_80pct_days", Over::Wounded,
       [](const SessionOutcomes& o) { return o.tensile_strength_80pct_days; }},
      {"dermal_thickness_change_um", Over::All,
       [](const SessionOutcomes& o) -> std::optional<double> { return o.dermal_thickness_change_um; }},
      {"cutometer_r0_mm", Over::All, [](const SessionOutcomes& o) -> std::optional<double> { return o.instruments.r0_mm; }},
      {"cutometer_r2", Over::All, [](const SessionOutcomes& o) -> std::optional<double> { return o.instruments.r2; }},
      {"cutometer_r7", Over::All, [](const SessionOutcomes& o) -> std::optional<double> { return o.instruments.r7; }},
      {"echo_density_change", Over::All,
       [](const SessionOutcomes& o) -> std::optional<double> { return o.instruments.echo_density_change; }},
      {"scar_depth_reduction", Over::All,
       [](const SessionOutcomes& o) -> std::optional<double> {
         if (!o.scar) return std::nullopt;
         return o.scar->depth_reduction;
       }},
      {"scar.width_mm", Over::All,
       [](const SessionOutcomes& o) -> std::optional<double> { return o.scar ? o.scar->width_mm : std::nullopt; }},
      {"scar.area_mm2", Over::All,
       [](const SessionOutcomes& o) -> std::optional<double> { return o.scar ? o.scar->area_mm2 : std::nullopt; }},
      {"lesion_colour.vessel_ratio", Over::All,
       [](const SessionOutcomes& o) -> std::optional<double> {
         if (!o.colour) return std::nullopt;
         return o.colour->vessel_ratio;
       }},
      {"melanin_excess_reduction", Over::All,
       [](const SessionOutcomes& o) -> std::optional<double> {
         if (!o.pigment) return std::nullopt;
         return o.pigment->excess_reduction;
       }},
  };
  using Field = std::optional<double> LayerChange::*;
  const std::pair<const char*, Field> fields[] = {{"collagen_total_pct", &LayerChange::collagen_total_pct},
                                                  {"elastin_pct", &LayerChange::elastin_pct},
                                                  {"vessels_pct", &LayerChange::vessels_pct}};
  for (std::size_t l = 0; l < tissue::kLayerCount; ++l) {
    const std::string layer(tissue::layer_name(static_cast<tissue::LayerKind>(l)));
    for (const auto& [name, field] : fields)
      list.push_back({"layer_change." + layer + "." + name, Over::All, [l, field](const SessionOutcomes& o) {
                        const auto& change = o.final_change[l];
                        return change ? (*change).*field : std::nullopt;
                      }});
  }
  return list;
}

OutcomeSpread spread_of(const std::string& name, const std::vector<double>& values) {
  OutcomeSpread s{.name = name, .members = values.size()};
  if (values.empty()) return s;
  double sum = 0.0;
  for (const double v : values) sum += v;
  s.mean = sum / static_cast<double>(values.size());
  double squares = 0.0;
  for (const double v : values) squares += (v - s.mean) * (v - s.mean);
  if (values.size() > 1) {
    s.sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
    s.sem = s.sd / std::sqrt(static_cast<double>(values.size()));
  }
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  s.min = *lo;
  s.max = *hi;
  return s;
}

}  // namespace

SectionSeries pool_sections(std::span<const SectionSeries> members, const ErythemaParameters& erythema) {
  if (members.empty()) throw std::invalid_argument("pool_sections: no members");
  const std::size_t samples = members.front().series.size();
  for (const SectionSeries& m : members) {
    if (m.series.size() != samples)
      throw std::invalid_argument(fmt::format("pool_sections: {} samples in one member, {} in another", samples, m.series.size()));
    for (std::size_t n = 0; n < samples; ++n)
      if (m.series[n].t_days != members.front().series[n].t_days)
        throw std::invalid_argument(fmt::format("pool_sections: sample {} at day {} in one member, {} in another", n,
                                                members.front().series[n].t_days, m.series[n].t_days));
  }
  SectionSeries pooled;
  for (const SectionSeries& m : members) {
    pooled.wound_voxels += m.wound_voxels;
    pooled.openings += m.openings;
  }
  pooled.healthy =
      pool_snapshots(members, [&](std::size_t m) -> const Snapshot& { return members[m].healthy; }, erythema);
  pooled.series.reserve(samples);
  for (std::size_t n = 0; n < samples; ++n)
    pooled.series.push_back(pool_snapshots(
        members, [&](std::size_t m) -> const Snapshot& { return members[m].series[n]; }, erythema));
  return pooled;
}

std::optional<double> collapsed_strata_sem(std::span<const double> values) {
  const std::size_t n = values.size();
  if (n < 2) return std::nullopt;
  double variance_sum = 0.0;  // N^2 x the variance of the mean
  std::size_t begin = 0;
  while (begin < n) {
    const std::size_t size = (n - begin == 3) ? 3 : 2;
    double mean = 0.0;
    for (std::size_t h = begin; h < begin + size; ++h) mean += values[h];
    mean /= static_cast<double>(size);
    double squares = 0.0;
    for (std::size_t h = begin; h < begin + size; ++h) squares += (values[h] - mean) * (values[h] - mean);
    variance_sum += static_cast<double>(size) / static_cast<double>(size - 1) * squares;
    begin += size;
  }
  return std::sqrt(variance_sum) / static_cast<double>(n);
}

std::vector<std::string> outcome_names() {
  std::vector<std::string> names;
  for (const Named& n : named_outcomes()) names.push_back(n.name);
  return names;
}

std::optional<double> outcome_value(const SessionOutcomes& outcomes, std::string_view name) {
  for (const Named& n : named_outcomes())
    if (n.name == name) return n.value(outcomes);
  return std::nullopt;
}

std::vector<SessionOutcomes> per_session_outcomes(std::span<const SectionSeries> segments, double redness_threshold,
                                                  const ScarGrading& grading) {
  std::vector<SessionOutcomes> outcomes;
  for (const SectionSeries& segment : segments) {
    if (segment.series.empty())
      throw std::invalid_argument("per_session_outcomes: a session without rows (every session stop is a sample)");
    std::vector<Snapshot> rows = segment.series;
    const double start_day = rows.front().t_days;
    for (Snapshot& r : rows) r.t_days -= start_day;
    outcomes.push_back(session_outcomes(rows, segment.healthy, redness_threshold, grading));
  }
  return outcomes;
}

namespace {

// The larger of two peaks; `b` is `offset_days` into the course.
Peak larger(const Peak& a, const Peak& b, double offset_days) {
  return b.value > a.value ? Peak{.value = b.value, .t_days = b.t_days + offset_days} : a;
}

}  // namespace

CourseOutcomes course_outcomes(std::span<const SectionSeries> segments, double redness_threshold,
                               const ScarGrading& grading) {
  const SectionSeries all = joined(segments);
  CourseOutcomes out{.course = session_outcomes(all.series, all.healthy, redness_threshold, grading),
                     .sessions = per_session_outcomes(segments, redness_threshold, grading)};
  if (segments.size() < 2) return out;
  SessionOutcomes& whole = out.course;
  const std::vector<SessionOutcomes>& sessions = out.sessions;
  const SessionOutcomes& first = sessions.front();
  const SessionOutcomes& last = sessions.back();
  // Each session's wound-zone quantities against its own wound zone's healthy state.
  for (Peak SessionOutcomes::*peak :
       {&SessionOutcomes::growth_factor_wound, &SessionOutcomes::inflammation_ratio_wound,
        &SessionOutcomes::fibroblast_ratio_wound, &SessionOutcomes::vessel_ratio_wound,
        &SessionOutcomes::collagen_iii_fraction_wound}) {
    Peak best = first.*peak;
    for (std::size_t k = 1; k < sessions.size(); ++k)
      best = larger(best, sessions[k].*peak, segments[k].series.front().t_days);
    whole.*peak = best;
  }
  whole.growth_factor_healthy = first.growth_factor_healthy;
  whole.collagen_iii_fraction_healthy = first.collagen_iii_fraction_healthy;
  whole.vessel_ratio_wound_final = last.vessel_ratio_wound_final;
  whole.collagen_iii_fraction_final = last.collagen_iii_fraction_final;
  // The wound whose strength the course ends with: the last session's.
  whole.tensile_strength_after_injury = last.tensile_strength_after_injury;
  whole.tensile_strength_final = last.tensile_strength_final;
  whole.tensile_strength_recovery = last.tensile_strength_recovery;
  whole.tensile_strength_80pct_days = last.tensile_strength_80pct_days;
  whole.closure_time_h = first.closure_time_h;
  whole.half_closure_time_h = first.half_closure_time_h;
  double red_days = 0.0;
  for (const SessionOutcomes& s : sessions) red_days += s.redness_downtime_days;
  whole.redness_downtime_days = red_days;
  return out;
}

SectionSeries joined(std::span<const SectionSeries> segments) {
  if (segments.empty()) throw std::invalid_argument("joined: no segments");
  SectionSeries all{.healthy = segments.front().healthy, .openings = segments.front().openings};
  for (const SectionSeries& segment : segments) {
    all.series.insert(all.series.end(), segment.series.begin(), segment.series.end());
    all.wound_voxels += segment.wound_voxels;
  }
  return all;
}

EnsembleOutcomes ensemble_outcomes(std::span<const SectionSeries> members, const ErythemaParameters& erythema,
                                   bool stratified, const ScarGrading& grading) {
  std::vector<std::vector<SectionSeries>> one_session;
  one_session.reserve(members.size());
  for (const SectionSeries& m : members) one_session.push_back({m});
  return ensemble_outcomes(one_session, erythema, stratified, grading);
}

EnsembleOutcomes ensemble_outcomes(std::span<const std::vector<SectionSeries>> members, const ErythemaParameters& erythema,
                                   bool stratified, const ScarGrading& grading) {
  if (members.empty()) throw std::invalid_argument("ensemble_outcomes: no members");
  const std::size_t sessions = members.front().size();
  for (const auto& m : members)
    if (m.size() != sessions)
      throw std::invalid_argument(fmt::format("ensemble_outcomes: {} sessions in one member, {} in another", sessions, m.size()));
  const double redness_threshold = erythema.visible_threshold;
  std::vector<SectionSeries> pooled_sessions;
  for (std::size_t k = 0; k < sessions; ++k) {
    std::vector<SectionSeries> column;
    for (const auto& m : members) column.push_back(m[k]);
    pooled_sessions.push_back(pool_sections(column, erythema));
  }
  EnsembleOutcomes e;
  CourseOutcomes pooled = course_outcomes(pooled_sessions, redness_threshold, grading);
  e.pooled = std::move(pooled.course);
  e.sessions = std::move(pooled.sessions);
  for (const SectionSeries& segment : pooled_sessions)
    e.series.insert(e.series.end(), segment.series.begin(), segment.series.end());
  for (const auto& m : members) e.members.push_back(course_outcomes(m, redness_threshold, grading).course);
  // A member counts for the wound-zone outcomes if any session left it a wound zone, for closure
  // (the first session's) if its first session opened the epidermis.
  const auto wounded = [&](std::size_t m) {
    return std::any_of(members[m].begin(), members[m].end(), [](const SectionSeries& s) { return s.wound_voxels > 0; });
  };
  for (const Named& named : named_outcomes()) {
    std::vector<double> values;
    for (std::size_t m = 0; m < members.size(); ++m) {
      if (named.over == Over::Wounded && !wounded(m)) continue;
      if (named.over == Over::WithOpenings && members[m].front().openings == 0) continue;
      if (const auto v = named.value(e.members[m])) values.push_back(*v);
    }
    if (values.empty()) continue;
    e.spread.push_back(spread_of(named.name, values));
    if (stratified && values.size() == members.size()) e.spread.back().sem_stratified = collapsed_strata_sem(values);
  }
  return e;
}

}  // namespace skintwin::outcome
