// The output folder of `skintwin simulate` and the run's checkpoint file.
#include "skintwin/io/simulation_files.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "skintwin/core/build_config.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/core/notice.hpp"
#include "skintwin/core/units.hpp"
#include "skintwin/io/checkpoint.hpp"
#include "skintwin/io/files.hpp"
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

FieldSeriesOptions field_options(const SimulationSetup& setup) {
  return {.gzip_level = setup.fields_gzip_level, .units = {{"oxygen", "mmHg"}}};
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
  for (const auto& p : paths) remove_file(p);
}

void remove_leftover_temporaries(const fs::path& dir) { remove_files_named(dir, is_leftover_temporary); }

// Files a previous run in the same folder may have left under our names.
void remove_previous_outputs(const fs::path& dir) {
  for (const char* name : {kTimeseries, kPartialTimeseries, kSummary}) remove_file(dir / name);
  remove_file(checkpoint_path(dir));
  remove_leftover_temporaries(dir);
  remove_files_named(dir, is_field_series_file);
}

// The state and the wound reference as one field set: X and wound.X for every species.
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

Checkpoint to_checkpoint(const SimulationSetup& setup, const course::CourseState& state,
                         const course::RunRecord& record, const course::RunBookkeeping& books) {
  const auto& plan = setup.plan;
  Checkpoint c{.fields = checkpoint_fields(state),
               .t_days = units::days(state.t_min),
               .step = state.steps,
               .dt_min = plan.schedule.dt_min_at(state.t_min - state.last_session_t_min()),
               .seed = plan.seed,
               .config_toml = setup.config_toml};
  c.extra["t_min"] = state.t_min;
  c.extra["next_stop"] = state.next_stop;
  c.extra["checkpoint_every_days"] = books.checkpoint_every_days;
  c.extra["wall_s"] = books.wall_s;
  c.extra["resumes"] = books.resumes;
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

course::CourseState state_from(const Checkpoint& ck, const fs::path& path) {
  const grid::FieldSet& all = ck.fields;
  if (all.count() != 2 * model::kSpeciesCount)
    throw InputError(path.string(), fmt::format("{} fields", all.count()),
                     fmt::format("{} (the species and their wound reference)", 2 * model::kSpeciesCount));
  course::CourseState state{.fields = grid::FieldSet(all.grid(), species_names()),
                            .wound = grid::FieldSet(all.grid(), species_names())};
  for (std::size_t s = 0; s < model::kSpeciesCount; ++s) {
    std::copy(all.field(s).begin(), all.field(s).end(), state.fields.field(s).begin());
    const auto wound = all.field(model::kSpeciesCount + s);
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
  return state;
}

}  // namespace

SimulationFiles::SimulationFiles(fs::path dir, const SimulationSetup& setup) : dir_(std::move(dir)), setup_(&setup) {}

SimulationFiles SimulationFiles::create(const fs::path& dir, const SimulationSetup& setup) {
  ensure_directory(dir);
  remove_previous_outputs(dir);
  write_file_atomic(dir / "config.toml", setup.config_toml);
  SimulationFiles files(dir, setup);
  if (setup.plan.timeline.fields_every_days > 0.0)
    files.fields_.emplace(dir, kFieldsBase, setup.plan.grid, species_names(), field_options(setup));
  return files;
}

StoredRun SimulationFiles::read_checkpoint(const fs::path& dir) {
  const fs::path path = checkpoint_path(dir);
  const Checkpoint ck = io::read_checkpoint(path);
  StoredRun stored{.checkpoint = {.state = state_from(ck, path)}, .config_toml = ck.config_toml, .seed = ck.seed};
  auto& record = stored.checkpoint.record;
  record.injury.punctures_on_grid = stored.checkpoint.state.sessions.empty()
                                        ? 0
                                        : static_cast<std::size_t>(stored.checkpoint.state.sessions[0].punctures);
  record.injury.damaged_volume_um3 = extra_value<double>(ck, "injury.damaged_volume_um3", path);
  record.injury.blood_volume_um3 = extra_value<double>(ck, "injury.blood_volume_um3", path);
  record.injury.surface_bleed_um3 = extra_value<double>(ck, "injury.surface_bleed_um3", path);
  auto& books = stored.checkpoint.bookkeeping;
  books.wall_s = extra_value<double>(ck, "wall_s", path);
  books.resumes = extra_value<std::int64_t>(ck, "resumes", path);
  books.checkpoint_every_days = extra_value<double>(ck, "checkpoint_every_days", path);
  return stored;
}

SimulationFiles SimulationFiles::resume(const fs::path& dir, const SimulationSetup& setup,
                                        const course::Simulation& simulation, StoredRun& stored) {
  auto& state = stored.checkpoint.state;
  simulation.check_resumable(state, checkpoint_path(dir).string());
  const auto stops = simulation.stops();
  const std::size_t rows = course::samples_before(stops, state.next_stop);
  // A finished run has removed its partial rows but holds all of them in the final file.
  const fs::path rows_file = fs::exists(dir / kPartialTimeseries) || !fs::exists(dir / kTimeseries)
                                 ? dir / kPartialTimeseries
                                 : dir / kTimeseries;
  auto& series = stored.checkpoint.record.series;
  series = parse_timeseries_csv(read_text_file(rows_file), rows_file.string());
  if (series.size() < rows)
    throw InputError(rows_file.string(), fmt::format("{} rows", series.size()),
                     fmt::format("at least the {} rows taken before the checkpoint", rows));
  series.resize(rows);

  // Snapshots are labelled with their stop's time, so that is the time to keep them up to.
  const double t_resume_days = state.next_stop > 0 && static_cast<std::size_t>(state.next_stop) <= stops.size()
                                   ? stops[static_cast<std::size_t>(state.next_stop - 1)].t_days
                                   : 0.0;
  remove_leftover_temporaries(dir);
  SimulationFiles files(dir, setup);
  if (setup.plan.timeline.fields_every_days > 0.0)
    files.fields_.emplace(FieldSeriesWriter::resume(dir, kFieldsBase, setup.plan.grid, species_names(), t_resume_days,
                                                    field_options(setup)));
  return files;
}

void SimulationFiles::at_stop(const course::Stop& stop, const course::CourseState& state,
                              const course::RunRecord& record, const course::RunBookkeeping& bookkeeping) {
  if (stop.fields && fields_) fields_->append(state.fields, stop.t_days);
  if (stop.checkpoint) {
    write_file_atomic(dir_ / kPartialTimeseries, timeseries_csv(record.series));
    write_checkpoint(checkpoint_path(dir_), to_checkpoint(*setup_, state, record, bookkeeping));
  }
}

void SimulationFiles::finish(const course::RunRecord& record, const nlohmann::json& summary) {
  write_file_atomic(dir_ / kTimeseries, timeseries_csv(record.series));
  write_file_atomic(dir_ / kSummary, summary.dump(2) + "\n");
  remove_file(dir_ / kPartialTimeseries);
}

}  // namespace skintwin::io
