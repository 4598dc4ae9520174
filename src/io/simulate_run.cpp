// `skintwin simulate`: runs one session's healing course and writes its outputs atomically;
// checkpoints and resumes it bit for bit.
#include "skintwin/io/simulate_run.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <optional>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "skintwin/core/build_config.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/core/notice.hpp"
#include "skintwin/course/course_state.hpp"
#include "skintwin/course/runner.hpp"
#include "skintwin/device/penetration.hpp"
#include "skintwin/io/checkpoint.hpp"
#include "skintwin/io/field_writer.hpp"
#include "skintwin/io/files.hpp"
#include "skintwin/io/progress.hpp"
#include "skintwin/model/healing_model.hpp"
#include "skintwin/model/species.hpp"

namespace skintwin::io {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFieldsBase = "fields";
constexpr const char* kTimeseries = "timeseries.csv";
// The rows up to the latest checkpoint, so a resumed run can rebuild the whole series; removed
// when the run completes. Its name says it is not the result.
constexpr const char* kPartialTimeseries = "timeseries.partial.csv";
constexpr const char* kSummary = "summary.json";
constexpr const char* kWoundPrefix = "wound.";

std::vector<std::string> species_names() { return {model::kSpeciesNames.begin(), model::kSpeciesNames.end()}; }

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The live objects of a run, rebuilt identically on resume from the plan.
struct Simulation {
  const SimulationPlan& plan;
  model::HealingModel model;
  grid::FieldSet healthy;
  outcome::ObservableParameters observables;

  explicit Simulation(const SimulationPlan& p)
      : plan(p),
        model(p.grid, tissue::LayerMap(p.grid, p.session.site, p.session.sex), model::default_healing_parameters()),
        healthy(model.healthy_state()) {}
};

// Everything a run carries from one stop to the next that is not in the course state.
struct RunRecord {
  std::vector<outcome::Snapshot> series;
  injury::InjurySummary injury;
  double wall_before_s = 0.0;  // wall time of earlier processes of this run (resumed runs)
  int resumes = 0;
};

FieldSeriesOptions field_options(const SimulationPlan& plan) {
  return {.gzip_level = plan.fields_gzip_level, .units = {{"oxygen", "mmHg"}}};
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "<name>.tmp.<pid>": what write_file_atomic leaves when its process is killed mid-write.
bool is_leftover_temporary(std::string_view file) {
  for (std::string_view name : {"checkpoint.h5", "timeseries.csv", "timeseries.partial.csv", "summary.json", "config.toml"}) {
    const std::string prefix = std::string(name) + ".tmp.";
    if (file.starts_with(prefix) && all_digits(file.substr(prefix.size()))) return true;
  }
  return false;
}

// fields.xdmf and fields_<digits>.h5 of this run's series.
bool is_field_series_file(std::string_view file) {
  const std::string base = kFieldsBase;
  if (file == base + ".xdmf") return true;
  const std::string prefix = base + "_";
  return file.starts_with(prefix) && file.ends_with(".h5") &&
         all_digits(file.substr(prefix.size(), file.size() - prefix.size() - 3));
}

// Removes the files of `dir` whose name passes `doomed` (listed first, then removed).
template <class Predicate>
void remove_files_named(const fs::path& dir, Predicate doomed) {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(dir))
    if (doomed(entry.path().filename().string())) paths.push_back(entry.path());
  for (const auto& p : paths) fs::remove(p);
}

void remove_leftover_temporaries(const fs::path& dir) { remove_files_named(dir, is_leftover_temporary); }

// Files a previous run in the same folder may have left under our names.
void remove_previous_outputs(const fs::path& dir) {
  for (const char* name : {kTimeseries, kPartialTimeseries, kSummary}) fs::remove(dir / name);
  fs::remove(checkpoint_path(dir));
  remove_leftover_temporaries(dir);
  remove_files_named(dir, is_field_series_file);
}

grid::FieldSet checkpoint_fields(const course::CourseState& state) {
  std::vector<std::string> names = species_names();
  for (const auto& n : species_names()) names.push_back(kWoundPrefix + n);
  grid::FieldSet all(state.fields.grid(), names);
  for (std::size_t s = 0; s < model::kSpeciesCount; ++s) {
    std::copy(state.fields.field(s).begin(), state.fields.field(s).end(), all.field(s).begin());
    std::copy(state.wound.field(s).begin(), state.wound.field(s).end(), all.field(model::kSpeciesCount + s).begin());
  }
  return all;
}

Checkpoint make_checkpoint(const SimulationPlan& plan, const course::CourseState& state, const RunRecord& record,
                           double wall_s) {
  Checkpoint c{.fields = checkpoint_fields(state),
               .t_days = state.t_min / course::kMinutesPerDay,
               .step = state.steps,
               .dt_min = plan.schedule.dt_min_at(state.t_min - state.last_session_t_min()),
               .seed = plan.seed,
               .config_toml = plan.config_toml};
  c.extra["t_min"] = state.t_min;
  c.extra["next_stop"] = state.next_stop;
  c.extra["checkpoint_every_days"] = plan.timeline.checkpoint_every_days;
  c.extra["wall_s"] = wall_s;
  c.extra["resumes"] = std::int64_t{record.resumes};
  c.extra["sessions"] = static_cast<std::int64_t>(state.sessions.size());
  for (std::size_t i = 0; i < state.sessions.size(); ++i) {
    c.extra[fmt::format("session.{}.t_min", i)] = state.sessions[i].t_min;
    c.extra[fmt::format("session.{}.seed", i)] = static_cast<std::int64_t>(state.sessions[i].seed);
    c.extra[fmt::format("session.{}.punctures", i)] = state.sessions[i].punctures;
  }
  c.extra["injury.damaged_volume_um3"] = record.injury.damaged_volume_um3;
  c.extra["injury.blood_volume_um3"] = record.injury.blood_volume_um3;
  c.extra["injury.surface_bleed_um3"] = record.injury.surface_bleed_um3;
  return c;
}

template <class T>
T extra_value(const Checkpoint& c, const std::string& key, const fs::path& path) {
  const auto it = c.extra.find(key);
  if (it == c.extra.end() || !std::holds_alternative<T>(it->second))
    throw InputError(path.string(), fmt::format("no '{}'", key), "a checkpoint written by `skintwin simulate`");
  return std::get<T>(it->second);
}

nlohmann::json grid_json(const SimulationPlan& plan) {
  const grid::Grid& g = plan.grid;
  return {{"dimensions", g.dimensions()},
          {"nx", g.nx()},
          {"ny", g.ny()},
          {"nz", g.nz()},
          {"spacing_um", g.spacing_um(grid::Axis::X)},
          {"width_mm", g.extent_um(grid::Axis::X) / 1000.0},
          {"length_mm", g.is_2d() ? 0.0 : g.extent_um(grid::Axis::Y) / 1000.0},
          {"depth_mm", g.extent_um(grid::Axis::Z) / 1000.0},
          {"origin_x_mm", plan.placement.origin_x_mm},
          {plan.grid.is_2d() ? "section_y_mm" : "origin_y_mm", plan.placement.origin_y_mm}};
}

nlohmann::json summary_json(const Simulation& sim, const course::CourseState& state, const RunRecord& record,
                            const outcome::Snapshot& healthy_snapshot, double wall_s) {
  const SimulationPlan& plan = sim.plan;
  nlohmann::json j;
  j["notice"] = std::string(kNotice);
  j["versions"] = {{"skintwin", SKINTWIN_VERSION_STRING},
                   {"real", SKINTWIN_REAL_IS_DOUBLE ? "double" : "float"}};
  j["seed"] = plan.seed;
  j["config"] = plan.config_json;
  j["grid"] = grid_json(plan);
  j["session"] = {{"device", plan.session.device.name},
                  {"site", plan.session.site.name},
                  {"sex", tissue::sex_name(plan.session.sex)},
                  {"set_depth_mm", plan.session.request.set_depth_mm},
                  {"mean_depth_um", plan.session.penetration.depth_um},
                  {"punctures_in_area", plan.session.punctures.size()},
                  {"punctures_on_grid", state.sessions.empty() ? 0 : state.sessions.front().punctures},
                  {"damaged_volume_um3", record.injury.damaged_volume_um3},
                  {"blood_volume_um3", record.injury.blood_volume_um3},
                  {"surface_bleed_um3", record.injury.surface_bleed_um3},
                  {"warnings", plan.session.warnings}};
  j["time"] = {{"duration_days", plan.timeline.duration_days},
               {"samples", record.series.size()},
               {"steps", state.steps},
               {"dt_initial_min", plan.schedule.dt_initial_min},
               {"dt_max_min", plan.schedule.dt_max_min},
               {"dt_growth", plan.schedule.growth}};
  j["outcomes"] =
      session_outcomes(record.series, healthy_snapshot, sim.observables.erythema.visible_threshold);
  j["wall_time_s"] = wall_s;
  j["resumed"] = record.resumes;
  return j;
}

std::size_t samples_before(const std::vector<course::Stop>& stops, std::int64_t next_stop) {
  const auto end = stops.begin() + std::min<std::ptrdiff_t>(next_stop, static_cast<std::ptrdiff_t>(stops.size()));
  return static_cast<std::size_t>(std::count_if(stops.begin(), end, [](const course::Stop& s) { return s.sample; }));
}

// From the state at some stop to the end: sample, snapshot, checkpoint, then the final outputs.
SimulationResult continue_run(const Simulation& sim, course::CourseState& state, RunRecord& record,
                              std::optional<FieldSeriesWriter>& writer, const fs::path& dir,
                              const ProgressSettings& progress_settings) {
  const auto start = std::chrono::steady_clock::now();
  const SimulationPlan& plan = sim.plan;
  const outcome::ObservableTracker tracker(sim.model.layers(), sim.healthy, state.wound, sim.observables);
  const outcome::Snapshot healthy_snapshot = tracker.measure(sim.healthy, 0.0);
  const auto stops = course::make_timeline(plan.timeline);
  solver::Stepper stepper = sim.model.make_stepper(state.t_min, state.last_session_t_min());

  std::ostream& progress_out = progress_settings.out ? *progress_settings.out : std::cerr;
  ProgressReporter progress(progress_out, progress_settings.is_tty, progress_settings.quiet || !progress_settings.out,
                            plan.timeline.duration_days);
  const std::int64_t first_steps = state.steps;
  progress.update(state.t_min / course::kMinutesPerDay, 0);

  const course::StopHandlers handlers{
      .at_stop =
          [&](const course::Stop& stop, const course::CourseState& st) {
            if (stop.sample) record.series.push_back(tracker.measure(st.fields, stop.t_days));
            if (stop.fields && writer) writer->append(st.fields, stop.t_days);
            if (stop.checkpoint) {
              write_file_atomic(dir / kPartialTimeseries, timeseries_csv(record.series));
              write_checkpoint(checkpoint_path(dir),
                               make_checkpoint(plan, st, record, record.wall_before_s + seconds_since(start)));
            }
          },
      .progress =
          [&](double t_days, std::int64_t steps) {
            progress.update(t_days, static_cast<std::size_t>(steps - first_steps));
          }};
  course::run_to_end(state, stepper, stops, plan.schedule, handlers);
  progress.finish();

  SimulationResult result;
  result.steps = state.steps;
  result.wall_s = record.wall_before_s + seconds_since(start);
  result.summary = summary_json(sim, state, record, healthy_snapshot, result.wall_s);
  write_file_atomic(dir / kTimeseries, timeseries_csv(record.series));
  write_file_atomic(dir / kSummary, result.summary.dump(2) + "\n");
  fs::remove(dir / kPartialTimeseries);
  return result;
}

}  // namespace

SimulationResult run_simulation(const SimulationPlan& plan, const fs::path& dir, const ProgressSettings& progress) {
  const Simulation sim(plan);
  course::CourseState state{.fields = sim.healthy, .wound = sim.healthy};
  RunRecord record;
  record.injury = injury::apply_punctures(state.fields, sim.model.layers(), injury::default_injury_parameters(),
                                          plan.session.punctures, plan.session.device.needle,
                                          device::default_penetration_model(), plan.placement);
  state.wound = state.fields;
  state.sessions.push_back({.t_min = 0.0,
                            .seed = plan.seed,
                            .punctures = static_cast<std::int64_t>(record.injury.punctures_on_grid)});

  ensure_directory(dir);
  remove_previous_outputs(dir);
  write_file_atomic(dir / "config.toml", plan.config_toml);
  std::optional<FieldSeriesWriter> writer;
  if (plan.timeline.fields_every_days > 0.0)
    writer.emplace(dir, kFieldsBase, plan.grid, species_names(), field_options(plan));
  return continue_run(sim, state, record, writer, dir, progress);
}

SimulationResult resume_simulation(const fs::path& dir, double checkpoint_every_days,
                                   const ProgressSettings& progress) {
  const fs::path path = checkpoint_path(dir);
  Checkpoint ck = read_checkpoint(path);
  const Schema schema = default_schema();
  const Config config = Config::resolve_text(schema, ck.config_toml, path.string());
  const double cadence = checkpoint_every_days >= 0.0 ? checkpoint_every_days
                                                      : extra_value<double>(ck, "checkpoint_every_days", path);
  const SimulationPlan plan = plan_simulation(config, cadence);
  const Simulation sim(plan);

  const grid::Grid& g = ck.fields.grid();
  if (g.nx() != plan.grid.nx() || g.ny() != plan.grid.ny() || g.nz() != plan.grid.nz() ||
      ck.fields.count() != 2 * model::kSpeciesCount)
    throw InputError(path.string(), "its grid or species", "the grid and species its own config describes");
  course::CourseState state{.fields = sim.healthy, .wound = sim.healthy};
  for (std::size_t s = 0; s < model::kSpeciesCount; ++s) {
    std::copy(ck.fields.field(s).begin(), ck.fields.field(s).end(), state.fields.field(s).begin());
    const auto wound = ck.fields.field(model::kSpeciesCount + s);
    std::copy(wound.begin(), wound.end(), state.wound.field(s).begin());
  }
  state.t_min = extra_value<double>(ck, "t_min", path);
  state.steps = ck.step;
  state.next_stop = extra_value<std::int64_t>(ck, "next_stop", path);
  const auto sessions = extra_value<std::int64_t>(ck, "sessions", path);
  for (std::int64_t i = 0; i < sessions; ++i)
    state.sessions.push_back(
        {.t_min = extra_value<double>(ck, fmt::format("session.{}.t_min", i), path),
         .seed = static_cast<std::uint64_t>(extra_value<std::int64_t>(ck, fmt::format("session.{}.seed", i), path)),
         .punctures = extra_value<std::int64_t>(ck, fmt::format("session.{}.punctures", i), path)});

  RunRecord record;
  record.wall_before_s = extra_value<double>(ck, "wall_s", path);
  record.resumes = static_cast<int>(extra_value<std::int64_t>(ck, "resumes", path)) + 1;
  record.injury.punctures_on_grid = state.sessions.empty() ? 0 : static_cast<std::size_t>(state.sessions[0].punctures);
  record.injury.damaged_volume_um3 = extra_value<double>(ck, "injury.damaged_volume_um3", path);
  record.injury.blood_volume_um3 = extra_value<double>(ck, "injury.blood_volume_um3", path);
  record.injury.surface_bleed_um3 = extra_value<double>(ck, "injury.surface_bleed_um3", path);

  const auto stops = course::make_timeline(plan.timeline);
  const std::size_t rows = samples_before(stops, state.next_stop);
  // A finished run has removed its partial rows but holds all of them in the final file.
  const fs::path rows_file = fs::exists(dir / kPartialTimeseries) || !fs::exists(dir / kTimeseries)
                                 ? dir / kPartialTimeseries
                                 : dir / kTimeseries;
  record.series = parse_timeseries_csv(read_text_file(rows_file), rows_file.string());
  if (record.series.size() < rows)
    throw InputError(rows_file.string(), fmt::format("{} rows", record.series.size()),
                     fmt::format("at least the {} rows taken before the checkpoint", rows));
  record.series.resize(rows);

  // Snapshots are labelled with their stop's time, so that is the time to keep them up to.
  const double t_resume_days =
      state.next_stop > 0 && static_cast<std::size_t>(state.next_stop) <= stops.size()
          ? stops[static_cast<std::size_t>(state.next_stop - 1)].t_days
          : 0.0;
  remove_leftover_temporaries(dir);
  std::optional<FieldSeriesWriter> writer;
  if (plan.timeline.fields_every_days > 0.0)
    writer.emplace(FieldSeriesWriter::resume(dir, kFieldsBase, plan.grid, species_names(), t_resume_days,
                                             field_options(plan)));
  return continue_run(sim, state, record, writer, dir, progress);
}

}  // namespace skintwin::io
