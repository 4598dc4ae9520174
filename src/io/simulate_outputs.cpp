// The time series, the outcomes and the summary of `skintwin simulate` as text (SimulationFiles
// writes them).
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>
#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "skintwin/core/error.hpp"
#include "skintwin/core/units.hpp"
#include "skintwin/core/notice.hpp"
#include "skintwin/core/build_config.hpp"
#include "skintwin/io/simulation_files.hpp"
#include "skintwin/model/species.hpp"

namespace skintwin::io {
namespace {

using outcome::Snapshot;

// One CSV column: its name and where its value lives in a Snapshot. Reading and writing go
// through the same table, so the two cannot drift apart.
struct Column {
  std::string name;
  std::function<double&(Snapshot&)> ref;
};

tissue::LayerKind layer_at(std::size_t l) { return static_cast<tissue::LayerKind>(l); }

std::vector<Column> make_columns() {
  std::vector<Column> c;
  c.push_back({"t_days", [](Snapshot& s) -> double& { return s.t_days; }});
  c.push_back({"closure_fraction", [](Snapshot& s) -> double& { return s.closure_fraction; }});
  c.push_back({"erythema_index", [](Snapshot& s) -> double& { return s.erythema_index; }});
  c.push_back({"erythema.column_damage_um", [](Snapshot& s) -> double& { return s.erythema.column_damage_um; }});
  c.push_back({"erythema.column_inflammation_um",
               [](Snapshot& s) -> double& { return s.erythema.column_inflammation_um; }});
  c.push_back({"erythema.new_vessel_blood", [](Snapshot& s) -> double& { return s.erythema.new_vessel_blood; }});
  c.push_back({"collagen_iii_fraction_wound", [](Snapshot& s) -> double& { return s.collagen_iii_fraction_wound; }});
  c.push_back({"fibroblast_ratio_wound", [](Snapshot& s) -> double& { return s.fibroblast_ratio_wound; }});
  c.push_back({"inflammation_ratio_wound", [](Snapshot& s) -> double& { return s.inflammation_ratio_wound; }});
  c.push_back({"hypoxic_fraction_wound", [](Snapshot& s) -> double& { return s.hypoxic_fraction_wound; }});
  c.push_back({"tensile_strength_wound", [](Snapshot& s) -> double& { return s.tensile_strength_wound; }});
  c.push_back({"dermal_thickness_change_um", [](Snapshot& s) -> double& { return s.dermal_thickness_change_um; }});
  c.push_back({"cutometer_r0_mm", [](Snapshot& s) -> double& { return s.instruments.r0_mm; }});
  c.push_back({"cutometer_r2", [](Snapshot& s) -> double& { return s.instruments.r2; }});
  c.push_back({"cutometer_r7", [](Snapshot& s) -> double& { return s.instruments.r7; }});
  c.push_back({"echo_density_change", [](Snapshot& s) -> double& { return s.instruments.echo_density_change; }});
  c.push_back({"scar_depth_um", [](Snapshot& s) -> double& { return s.lesion.depth_um; }});
  c.push_back({"scar_mean_depth_um", [](Snapshot& s) -> double& { return s.lesion.mean_depth_um; }});
  c.push_back({"scar_width_mm", [](Snapshot& s) -> double& { return s.lesion.width_mm; }});
  c.push_back({"scar_area_mm2", [](Snapshot& s) -> double& { return s.lesion.area_mm2; }});
  c.push_back({"melanin_ratio_lesion", [](Snapshot& s) -> double& { return s.lesion.melanin_ratio; }});
  c.push_back({"vessel_ratio_lesion", [](Snapshot& s) -> double& { return s.lesion.vessel_ratio; }});
  for (std::size_t l = 0; l < tissue::kLayerCount; ++l)
    c.push_back({fmt::format("vessel_ratio.{}", tissue::layer_name(layer_at(l))),
                 [l](Snapshot& s) -> double& { return s.vessel_ratio[l]; }});
  for (std::size_t sp = 0; sp < model::kSpeciesCount; ++sp)
    c.push_back({fmt::format("wound.{}", model::kSpeciesNames[sp]),
                 [sp](Snapshot& s) -> double& { return s.wound_means[sp]; }});
  for (std::size_t l = 0; l < tissue::kLayerCount; ++l)
    for (std::size_t sp = 0; sp < model::kSpeciesCount; ++sp)
      c.push_back({fmt::format("{}.{}", tissue::layer_name(layer_at(l)), model::kSpeciesNames[sp]),
                   [l, sp](Snapshot& s) -> double& { return s.layer_means[l][sp]; }});
  return c;
}

const std::vector<Column>& columns() {
  static const std::vector<Column> kColumns = make_columns();
  return kColumns;
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(line);
  while (std::getline(in, part, sep)) parts.push_back(part);
  if (!line.empty() && line.back() == sep) parts.emplace_back();
  return parts;
}

// from_chars rounds correctly (subnormals included), so a shortest-form number comes back exact.
double parse_number(const std::string& text, const std::string& where) {
  double v = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
    throw InputError(where, fmt::format("'{}'", text), "a number");
  return v;
}

nlohmann::json peak_json(const outcome::Peak& p) { return {{"value", p.value}, {"day", p.t_days}}; }

nlohmann::json number_or_null(const std::optional<double>& h) { return h ? nlohmann::json(*h) : nlohmann::json(nullptr); }

nlohmann::json grid_json(const course::SimulationPlan& plan) {
  const grid::Grid& g = plan.grid;
  return {{"dimensions", g.dimensions()},
          {"nx", g.nx()},
          {"ny", g.ny()},
          {"nz", g.nz()},
          {"spacing_um", g.spacing_um(grid::Axis::X)},
          {"width_mm", g.extent_um(grid::Axis::X) / units::kUmPerMm},
          {"length_mm", g.is_2d() ? 0.0 : g.extent_um(grid::Axis::Y) / units::kUmPerMm},
          {"depth_mm", g.extent_um(grid::Axis::Z) / units::kUmPerMm},
          {"origin_x_mm", plan.placement.origin_x_mm},
          {g.is_2d() ? "section_y_mm" : "origin_y_mm", plan.placement.origin_y_mm}};
}

}  // namespace

std::vector<std::string> timeseries_columns() {
  std::vector<std::string> names;
  for (const auto& c : columns()) names.push_back(c.name);
  return names;
}

// The header is the first line, so CSV readers with their defaults (pandas.read_csv, Python's
// csv module, spreadsheets) take it as the column names. The notice is in summary.json and
// config.toml of the same folder: a leading "# notice" line, which contains a comma, made
// pandas read a one-line header of two columns.
std::string timeseries_csv(std::span<const Snapshot> series) {
  std::string out = fmt::format("{}\n", fmt::join(timeseries_columns(), ","));
  for (Snapshot s : series) {
    std::vector<std::string> cells;
    cells.reserve(columns().size());
    for (const auto& c : columns()) cells.push_back(fmt::format("{}", c.ref(s)));
    out += fmt::format("{}\n", fmt::join(cells, ","));
  }
  return out;
}

std::vector<Snapshot> parse_timeseries_csv(const std::string& text, const std::string& origin) {
  std::istringstream in(text);
  std::string line;
  std::vector<Snapshot> series;
  bool header_seen = false;
  const std::string header = fmt::format("{}", fmt::join(timeseries_columns(), ","));
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    // Files written before the header moved to the first line start with a "# notice" line;
    // skipping comment lines keeps their output folders resumable.
    if (line.empty() || line.front() == '#') continue;
    const std::string where = fmt::format("{}:{}", origin, line_no);
    if (!header_seen) {
      if (line != header) throw InputError(where, "the header", "the time-series columns of this skintwin version");
      header_seen = true;
      continue;
    }
    const auto cells = split(line, ',');
    if (cells.size() != columns().size())
      throw InputError(where, fmt::format("{} cells", cells.size()), fmt::format("{} cells", columns().size()));
    Snapshot s;
    for (std::size_t i = 0; i < cells.size(); ++i) columns()[i].ref(s) = parse_number(cells[i], where);
    series.push_back(s);
  }
  if (!header_seen) throw InputError(origin, "no header", "a skintwin time series");
  return series;
}

nlohmann::json outcomes_json(const outcome::SessionOutcomes& o) {
  nlohmann::json j;
  j["growth_factor_wound"] = peak_json(o.growth_factor_wound);
  j["growth_factor_wound"]["healthy"] = o.growth_factor_healthy;
  j["inflammation_ratio_wound"] = peak_json(o.inflammation_ratio_wound);
  j["fibroblast_ratio_wound"] = peak_json(o.fibroblast_ratio_wound);
  j["vessel_ratio_wound"] = peak_json(o.vessel_ratio_wound);
  j["vessel_ratio_wound"]["final"] = o.vessel_ratio_wound_final;
  j["vessel_ratio_papillary_dermis"] = peak_json(o.vessel_ratio_papillary_dermis);
  j["collagen_iii_fraction_wound"] = peak_json(o.collagen_iii_fraction_wound);
  j["collagen_iii_fraction_wound"]["healthy"] = o.collagen_iii_fraction_healthy;
  j["collagen_iii_fraction_wound"]["final"] = o.collagen_iii_fraction_final;
  j["tensile_strength_wound"] = {{"after_injury", o.tensile_strength_after_injury},
                                 {"final", o.tensile_strength_final},
                                 {"recovery", number_or_null(o.tensile_strength_recovery)},
                                 {"recovered_80pct_days", number_or_null(o.tensile_strength_80pct_days)}};
  j["erythema_index"] = peak_json(o.erythema_index);
  j["redness_downtime_days"] = o.redness_downtime_days;
  j["redness_threshold"] = o.redness_threshold;
  j["closure_time_h"] = number_or_null(o.closure_time_h);
  j["half_closure_time_h"] = number_or_null(o.half_closure_time_h);
  j["final_day"] = o.final_day;
  j["dermal_thickness_change_um"] = o.dermal_thickness_change_um;
  const auto readings = [](const outcome::InstrumentReadings& r) {
    return nlohmann::json{{"r0_mm", r.r0_mm}, {"r2", r.r2}, {"r7", r.r7}, {"echo_density_change", r.echo_density_change}};
  };
  j["instruments"] = readings(o.instruments);
  j["instruments"]["baseline"] = readings(o.instruments_baseline);
  j["cutometer_r0_mm"] = o.instruments.r0_mm;
  j["cutometer_r2"] = o.instruments.r2;
  j["cutometer_r7"] = o.instruments.r7;
  j["echo_density_change"] = o.instruments.echo_density_change;
  nlohmann::json change = nlohmann::json::object();
  for (std::size_t l = 0; l < tissue::kLayerCount; ++l) {
    const auto& c = o.final_change[l];
    if (!c) continue;
    change[tissue::layer_name(static_cast<tissue::LayerKind>(l))] = {{"collagen_total_pct", number_or_null(c->collagen_total_pct)},
                                                                      {"elastin_pct", number_or_null(c->elastin_pct)},
                                                                      {"vessels_pct", number_or_null(c->vessels_pct)}};
  }
  j["layer_change"] = change;
  if (o.scar) {
    j["scar_depth_reduction"] = o.scar->depth_reduction;
    j["scar"] = {{"depth_reduction", o.scar->depth_reduction},
                 {"volume_reduction", o.scar->volume_reduction},
                 {"baseline_depth_um", o.scar->baseline_depth_um},
                 {"depth_um", o.scar->depth_um},
                 {"baseline_mean_depth_um", o.scar->baseline_mean_depth_um},
                 {"mean_depth_um", o.scar->mean_depth_um},
                 {"baseline_width_mm", number_or_null(o.scar->baseline_width_mm)},
                 {"width_mm", number_or_null(o.scar->width_mm)},
                 {"baseline_area_mm2", number_or_null(o.scar->baseline_area_mm2)},
                 {"area_mm2", number_or_null(o.scar->area_mm2)},
                 {"baseline_grade", o.scar->baseline_grade},
                 {"grade", o.scar->grade}};
  }
  if (o.colour)
    j["lesion_colour"] = {{"baseline_vessel_ratio", o.colour->baseline_vessel_ratio},
                          {"vessel_ratio", o.colour->vessel_ratio},
                          {"baseline_melanin_ratio", o.colour->baseline_melanin_ratio},
                          {"melanin_ratio", o.colour->melanin_ratio}};
  if (o.pigment) {
    j["melanin_excess_reduction"] = o.pigment->excess_reduction;
    j["pigment"] = {{"baseline_melanin_ratio", o.pigment->baseline_melanin_ratio},
                    {"melanin_ratio", o.pigment->melanin_ratio},
                    {"excess_reduction", o.pigment->excess_reduction}};
  }
  nlohmann::json dose = nlohmann::json::object();
  for (std::size_t l = 0; l < tissue::kLayerCount; ++l) {
    const auto& d = o.dose[l];
    if (!d) continue;
    dose[tissue::layer_name(static_cast<tissue::LayerKind>(l))] = {
        {"needled_applied_x_days", d->needled},
        {"intact_applied_x_days", d->intact},
        {"ratio", d->intact > 0.0 ? nlohmann::json(d->needled / d->intact) : nlohmann::json(nullptr)}};
  }
  if (!dose.empty()) j["delivered_dose"] = dose;
  return j;
}

nlohmann::json sampling_json(const course::SimulationPlan& plan) {
  const course::Sampling& s = plan.sampling;
  nlohmann::json j;
  j["method"] = std::string(course::sampling_method_name(s.method));
  if (s.method == course::SamplingMethod::Patch3d) {
    j["sections"] = 0;
    return j;
  }
  j["section_y_mm"] = s.section_y_mm;
  j["section_x_mm"] = s.section_x_mm;
  j["band_mm"] = {s.band_start_mm, s.band_end_mm};
  j["section_damage_um2"] = s.section_damage_um2;
  if (s.ensemble_sections == 0) {
    j["candidates_per_section"] = s.candidates_per_section;
    j["candidates_damage_mean_um2"] = s.candidates_damage_mean_um2;
  }
  if (s.ensemble_sections > 0) {
    j["section"] = s.member + 1;
    j["of_sections"] = s.ensemble_sections;
  } else {
    j["sections"] = s.sections();
  }
  return j;
}

nlohmann::json spread_json(std::span<const outcome::OutcomeSpread> spread) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& s : spread) {
    j[s.name] = {{"members", s.members}, {"mean", s.mean}, {"sd", s.sd}, {"sem", s.sem}, {"min", s.min}, {"max", s.max}};
    if (s.sem_stratified) j[s.name]["sem_stratified"] = *s.sem_stratified;
  }
  return j;
}

nlohmann::json baseline_json(const outcome::SessionOutcomes& o) {
  nlohmann::json j = nlohmann::json::object();
  for (std::size_t l = 0; l < tissue::kLayerCount; ++l) {
    if (!o.baseline[l]) continue;
    nlohmann::json layer;
    for (std::size_t s = 0; s < model::kSpeciesCount; ++s) layer[std::string(model::kSpeciesNames[s])] = o.baseline[l]->species[s];
    layer["collagen_total"] = o.baseline[l]->collagen_total;
    j[tissue::layer_name(static_cast<tissue::LayerKind>(l))] = layer;
  }
  return j;
}

// One row per session of the course: its day, seed, punctures on the grid and outcomes (days
// counted from the session; layer changes at the segment's end, the eve of the next session).
// How session k's needles met the lesion, over every section's placement (one for a single
// section or a patch).
nlohmann::json floor_reach_json(const course::SimulationPlan& plan, std::size_t k) {
  lesion::FloorReach total;
  double below_um = 0.0;
  const std::size_t members = std::max<std::size_t>(1, plan.sampling.sections());
  for (std::size_t m = 0; m < members; ++m) {
    const auto placement = course::section_placement(plan, m);
    const auto r = lesion::floor_reach(course::session_strikes(plan, k, placement), *plan.lesion, plan.grid, placement);
    total.landed += r.landed;
    total.reached += r.reached;
    below_um += r.mean_depth_below_floor_um * static_cast<double>(r.landed);
  }
  return {{"landed", total.landed},
          {"reached_floor", total.reached},
          {"reached_floor_fraction", total.landed ? static_cast<double>(total.reached) / static_cast<double>(total.landed)
                                                  : 0.0},
          {"mean_depth_below_floor_um", total.landed ? below_um / static_cast<double>(total.landed) : 0.0}};
}

nlohmann::json sessions_json(const course::SimulationPlan& plan, std::span<const outcome::SessionOutcomes> sessions,
                             const std::function<std::int64_t(std::size_t)>& punctures_on_grid) {
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t k = 0; k < sessions.size(); ++k) {
    const course::CourseSession session = course::course_session(plan, k);
    const course::PunctureSession& s = session.punctures;
    rows.push_back({{"session", k + 1},
                    {"day", session.t_days},
                    {"seed", session.seed},
                    {"device", s.setup.device.name},
                    {"set_depth_mm", s.setup.request.set_depth_mm},
                    {"passes", s.setup.request.passes},
                    {"punctures_in_area", s.punctures.size()},
                    {"punctures_on_grid", punctures_on_grid(k)},
                    {"outcomes", outcomes_json(sessions[k])}});
    if (plan.lesion) rows.back()["lesion_needles"] = floor_reach_json(plan, k);
    if (s.setup.lesion_zone_set_depth_mm) rows.back()["lesion_set_depth_mm"] = *s.setup.lesion_zone_set_depth_mm;
    if (!s.warnings.empty()) rows.back()["warnings"] = s.warnings;
  }
  return rows;
}

const char* profile_name(lesion::Profile p) {
  switch (p) {
    case lesion::Profile::Cone: return "cone";
    case lesion::Profile::Box: return "box";
    case lesion::Profile::Bowl: return "bowl";
  }
  return "?";
}

nlohmann::json lesion_json(const course::SimulationPlan& plan) {
  if (!plan.lesion) return nullptr;
  const lesion::Lesion& l = *plan.lesion;
  return {{"type", l.kind.name},
          {"description", l.kind.description},
          {"profile", profile_name(l.kind.profile)},
          {"shape", l.kind.line ? "line" : "round"},
          {"width_mm", l.width_mm},
          {"depth_mm", l.depth_mm},
          {"matrix_share", l.kind.matrix_share},
          {"offset_x_mm", l.offset_x_mm},
          {"offset_y_mm", l.offset_y_mm},
          {"source", l.kind.source}};
}

nlohmann::json simulation_summary_json(const SimulationSetup& setup, const course::CourseState& state,
                                       const course::RunRecord& record, const outcome::SessionOutcomes& outcomes,
                                       std::span<const outcome::SessionOutcomes> sessions, const RunTotals& totals) {
  const course::SimulationPlan& plan = setup.plan;
  const course::PunctureSession& session = plan.session;
  nlohmann::json j;
  j["notice"] = std::string(kNotice);
  j["versions"] = {{"skintwin", SKINTWIN_VERSION_STRING}, {"real", SKINTWIN_REAL_IS_DOUBLE ? "double" : "float"}};
  j["seed"] = plan.seed;
  j["config"] = setup.config_json;
  j["grid"] = grid_json(plan);
  j["lesion"] = lesion_json(plan);
  j["session"] = {{"device", session.setup.device.name},
                  {"site", session.setup.site.name},
                  {"sex", tissue::sex_name(session.setup.sex)},
                  {"set_depth_mm", session.setup.request.set_depth_mm},
                  {"mean_depth_um", session.penetration.depth_um},
                  {"punctures_in_area", session.punctures.size()},
                  {"punctures_on_grid", state.sessions.empty() ? 0 : state.sessions.front().punctures},
                  {"damaged_volume_um3", record.injury.damaged_volume_um3},
                  {"blood_volume_um3", record.injury.blood_volume_um3},
                  {"surface_bleed_um3", record.injury.surface_bleed_um3},
                  {"warnings", session.warnings}};
  j["time"] = {{"duration_days", plan.timeline.duration_days},
               {"samples", record.series.size()},
               {"steps", totals.steps},
               {"dt_initial_min", plan.schedule.dt_initial_min},
               {"dt_max_min", plan.schedule.dt_max_min},
               {"dt_growth", plan.schedule.growth},
               {"dt_settled_after_days", units::days(plan.schedule.settled_after_min)},
               {"dt_settled_max_min", plan.schedule.dt_settled_max_min}};
  j["sampling"] = sampling_json(plan);
  j["outcomes"] = outcomes_json(outcomes);
  j["sessions"] = sessions_json(plan, sessions, [&](std::size_t k) -> std::int64_t {
    return k < state.sessions.size() ? state.sessions[k].punctures : 0;
  });
  j["baseline"] = baseline_json(outcomes);
  j["wall_time_s"] = totals.wall_s;
  j["resumed"] = totals.resumes;
  return j;
}

nlohmann::json ensemble_summary_json(const SimulationSetup& setup, const outcome::EnsembleOutcomes& ensemble,
                                     std::span<const EnsembleMember> members, const RunTotals& totals) {
  if (members.empty() || members.size() != ensemble.members.size())
    throw std::invalid_argument("ensemble_summary_json: one summary per member needed");
  // What every section shares (notice, versions, config, session, time) comes from the first.
  nlohmann::json j = members.front().summary;
  j["grid"]["section_y_mm"] = setup.plan.sampling.section_y_mm;
  j["grid"]["origin_x_mm"] = setup.plan.sampling.section_x_mm;
  j["sampling"] = sampling_json(setup.plan);
  std::int64_t on_grid = 0;
  for (const auto& m : members) on_grid += m.summary["session"]["punctures_on_grid"].get<std::int64_t>();
  j["session"]["punctures_on_grid"] = on_grid;
  for (const char* per_section : {"damaged_volume_um3", "blood_volume_um3", "surface_bleed_um3"}) j["session"].erase(per_section);
  j["time"]["steps"] = totals.steps;
  j["outcomes"] = outcomes_json(ensemble.pooled);
  j["sessions"] = sessions_json(setup.plan, ensemble.sessions, [&](std::size_t k) {
    std::int64_t session_on_grid = 0;
    for (const auto& m : members)
      if (m.summary.contains("sessions") && k < m.summary["sessions"].size())
        session_on_grid += m.summary["sessions"][k]["punctures_on_grid"].get<std::int64_t>();
    return session_on_grid;
  });
  j["baseline"] = baseline_json(ensemble.pooled);
  j["spread"] = spread_json(ensemble.spread);
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t m = 0; m < members.size(); ++m)
    list.push_back({{"dir", members[m].dir},
                    {"section_y_mm", setup.plan.sampling.section_y_mm.at(m)},
                    {"section_x_mm", setup.plan.sampling.section_x_mm.at(m)},
                    {"punctures_on_grid", members[m].summary["session"]["punctures_on_grid"]},
                    {"outcomes", outcomes_json(ensemble.members[m])}});
  j["members"] = list;
  j["wall_time_s"] = totals.wall_s;
  if (totals.elapsed_s >= 0.0) j["elapsed_s"] = totals.elapsed_s;
  j["resumed"] = totals.resumes;
  return j;
}

}  // namespace skintwin::io
