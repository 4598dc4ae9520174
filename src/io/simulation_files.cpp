// The output folder of `skintwin simulate` and the run's checkpoint file.
#include "skintwin/io/simulation_files.hpp"

#include <algorithm>
#include <array>
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
#include "hdf5_util.hpp"

namespace skintwin::io {

bool concurrent_writes_allowed() {
  hbool_t threadsafe = 0;
  return H5is_library_threadsafe(&threadsafe) >= 0 && threadsafe;
}

namespace {

namespace fs = std::filesystem;

constexpr const char* kFieldsBase = "fields";
constexpr const char* kTimeseries = "timeseries.csv";
// The rows up to the latest checkpoint, so a resumed run can rebuild the whole series; removed
// when the run completes. Its name says it is not the result.
constexpr const char* kPartialTimeseries = "timeseries.partial.csv";
constexpr const char* kSummary = "summary.json";
constexpr const char* kConfig = "config.toml";
constexpr const char* kWoundPrefix = "wound.";

std::vector<std::string> species_names() { return {model::kSpeciesNames.begin(), model::kSpeciesNames.end()}; }

FieldSeriesOptions field_options(const SimulationSetup& setup) {
  return {.gzip_level = setup.fields_gzip_level, .units = {{"oxygen", "mmHg"}}};
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// fields.xdmf and fields_<digits>.h5 of this run's series.
bool is_field_series_file(std::string_view file) {
  const std::string base = kFieldsBase;
  if (file == base + ".xdmf") return true;
  const std::string prefix = base + "_";
  return file.starts_with(prefix) && file.ends_with(".h5") && file.size() > prefix.size() + 3 &&
         all_digits(file.substr(prefix.size(), file.size() - prefix.size() - 3));
}

// "<name>.tmp.<pid>" for every <name> we write (write_file_atomic and the field series leave one
// when their process is killed mid-write). The folder is locked, so none belongs to a live writer.
bool is_leftover_temporary(std::string_view file) {
  const std::size_t at = file.rfind(".tmp.");
  if (at == std::string_view::npos || !all_digits(file.substr(at + 5))) return false;
  const std::string_view name = file.substr(0, at);
  const std::string checkpoint = checkpoint_path({}).string();
  for (std::string_view ours : {std::string_view(checkpoint), std::string_view(kTimeseries),
                                std::string_view(kPartialTimeseries), std::string_view(kSummary),
                                std::string_view(kConfig)})
    if (name == ours) return true;
  return is_field_series_file(name);
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

}  // namespace

void remove_previous_outputs(const fs::path& dir) {
  for (const char* name : {kTimeseries, kPartialTimeseries, kSummary}) remove_file(dir / name);
  remove_file(checkpoint_path(dir));
  remove_leftover_temporaries(dir);
  remove_files_named(dir, is_field_series_file);
  std::vector<fs::path> stale;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    // Only our own names: section_ and at least two digits (an ensemble of up to 64 sections).
    const std::string_view digits = std::string_view(name).substr(std::min<std::size_t>(name.size(), 8));
    const bool ours = name.starts_with("section_") && digits.size() >= 2 &&
                      std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (entry.is_directory() && ours) stale.push_back(entry.path());
  }
  std::error_code error;
  for (const auto& path : stale)
    if (fs::remove_all(path, error) == static_cast<std::uintmax_t>(-1) || error)
      throw OutputError("remove", path.string(), describe_write_error(error.value()));
}

std::string section_folder_name(std::size_t k) { return fmt::format("section_{:02d}", k + 1); }

namespace {

// The state and the latest injury's footprint as one field set: X for every species, then wound.X for
// the footprint's fields (damage, epidermal_coverage). Checkpoints before 2026-11-30 held wound.X for
// every species; they still resume (state_from reads the two it needs).
grid::FieldSet checkpoint_fields(const course::CourseState& state) {
  std::vector<std::string> names = species_names();
  for (const auto& n : state.wound.names()) names.push_back(kWoundPrefix + n);
  grid::FieldSet all(state.fields.grid(), names);
  for (std::size_t s = 0; s < model::kSpeciesCount; ++s)
    std::copy(state.fields.field(s).begin(), state.fields.field(s).end(), all.field(s).begin());
  for (std::size_t f = 0; f < state.wound.count(); ++f)
    std::copy(state.wound.field(f).begin(), state.wound.field(f).end(), all.field(model::kSpeciesCount + f).begin());
  return all;
}

// The keys under which a checkpoint keeps the rows written beside it (timeseries.partial.csv).
constexpr const char* kRowsKey = "timeseries_rows";
constexpr const char* kRowsChecksumKey = "timeseries_fnv1a64";
// Where the grid lies in the treated area: a section resumed elsewhere would pool the wrong plane.
constexpr const char* kPlacementXKey = "placement.origin_x_mm";
constexpr const char* kPlacementYKey = "placement.origin_y_mm";

Checkpoint to_checkpoint(const SimulationSetup& setup, const course::CourseState& state,
                         const course::RunRecord& record, const course::RunBookkeeping& books,
                         const std::string& rows_csv) {
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
  c.extra[kPlacementXKey] = plan.placement.origin_x_mm;
  c.extra[kPlacementYKey] = plan.placement.origin_y_mm;
  c.extra[kRowsKey] = static_cast<std::int64_t>(record.series.size());
  c.extra[kRowsChecksumKey] = static_cast<std::int64_t>(fnv1a64(rows_csv));
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
  const auto& names = all.names();
  const auto holds = [&](const std::string& name) { return std::find(names.begin(), names.end(), name) != names.end(); };
  const std::vector<std::string> species = species_names();
  const bool every_species = all.count() >= model::kSpeciesCount &&
                             std::equal(species.begin(), species.end(), names.begin());
  const std::vector<std::string> footprint_names = course::injury_footprint_names();
  const bool footprint = std::all_of(footprint_names.begin(), footprint_names.end(),
                                     [&](const std::string& n) { return holds(kWoundPrefix + n); });
  if (!every_species) {
    // Name the first species it lacks: a checkpoint of an older model (before a species was added)
    // cannot continue in this one.
    std::string missing = species.back();
    for (std::size_t s = 0; s < species.size(); ++s)
      if (s >= names.size() || names[s] != species[s]) {
        missing = species[s];
        break;
      }
    throw InputError(path.string(), fmt::format("{} fields, without '{}' in its place", all.count(), missing),
                     "a checkpoint of this model version: every species in model order, then the wound fields "
                     "(start the run again to continue with this version)");
  }
  if (!footprint)
    throw InputError(path.string(), fmt::format("{} fields", all.count()),
                     "every species and the wound fields damage and epidermal_coverage (wound.*)");
  course::CourseState state{.fields = grid::FieldSet(all.grid(), species),
                            .wound = grid::FieldSet(all.grid(), footprint_names)};
  for (std::size_t s = 0; s < model::kSpeciesCount; ++s)
    std::copy(all.field(s).begin(), all.field(s).end(), state.fields.field(s).begin());
  for (std::size_t f = 0; f < footprint_names.size(); ++f) {
    const auto from = all.field(kWoundPrefix + footprint_names[f]);
    std::copy(from.begin(), from.end(), state.wound.field(f).begin());
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

// "a 2D grid of 25 x 53 cells (x z) at 40 x 40 um", "a 3D grid of 25 x 25 x 53 cells (x y z) at ...".
std::string describe_grid(std::int64_t dimensions, std::span<const std::int64_t> cells, std::span<const double> spacing_um) {
  if (cells.size() != 3 || spacing_um.size() != 3) return fmt::format("a {}D grid", dimensions);
  if (dimensions == 2)
    return fmt::format("a 2D grid of {} x {} cells (x z) at {:g} x {:g} um", cells[0], cells[2], spacing_um[0],
                       spacing_um[2]);
  return fmt::format("a {}D grid of {} x {} x {} cells (x y z) at {:g} x {:g} x {:g} um", dimensions, cells[0], cells[1],
                     cells[2], spacing_um[0], spacing_um[1], spacing_um[2]);
}

// Every field snapshot in the folder lies on the checkpoint's grid (a checkpoint copied in from
// another run would otherwise continue a series of another shape).
void check_snapshot_grids(const fs::path& dir, const grid::Grid& grid, const fs::path& checkpoint) {
  const h5::QuietErrors quiet;
  const std::array<std::int64_t, 3> cells{grid.nx(), grid.ny(), grid.nz()};
  const std::vector<double> spacing{grid.spacing_um(grid::Axis::X), grid.spacing_um(grid::Axis::Y),
                                    grid.spacing_um(grid::Axis::Z)};
  for (std::size_t index = 0;; ++index) {
    const fs::path path = dir / fmt::format("{}_{:06d}.h5", kFieldsBase, index);
    if (!fs::exists(path)) return;
    std::int64_t dimensions = 0;
    std::vector<std::int64_t> their_cells;
    std::vector<double> their_spacing;
    try {
      const h5::Handle file = h5::open_file_read(path);
      dimensions = h5::read_int64_attribute(file.id(), "dimensions");
      their_cells = h5::read_int64_attributes(file.id(), "cells_xyz");
      their_spacing = h5::read_double_attributes(file.id(), "spacing_xyz_um");
    } catch (const h5::Failure& e) {
      throw InputError("fields", path.string(), std::string("a readable skintwin field snapshot (") + e.what() + ")");
    }
    if (dimensions != grid.dimensions() || their_cells != std::vector<std::int64_t>(cells.begin(), cells.end()) ||
        their_spacing != spacing) {
      throw InputError("fields", path.string() + " (" + describe_grid(dimensions, their_cells, their_spacing) + ")",
                       fmt::format("snapshots on the grid of {}, {}: the folder's field series belongs to another "
                                   "run (was the checkpoint copied in from elsewhere?); resume in the folder the "
                                   "checkpoint was written in",
                                   checkpoint.string(), describe_grid(grid.dimensions(), cells, spacing)));
    }
  }
}

// The plan places the grid where the checkpointed run had it. A checkpoint written before
// placements were stored (session 7) is taken on trust unless the plan stratifies its sections on
// their injury (new then): its config, resolved today, would place them elsewhere.
void check_placement(const course::SimulationPlan& plan, const std::optional<injury::GridPlacement>& stored,
                     const fs::path& checkpoint) {
  if (!stored) {
    if (plan.sampling.method == course::SamplingMethod::InjuryStratifiedSections)
      throw InputError(checkpoint.string(), "a checkpoint without the grid's placement (written before sections were "
                                            "stratified on their injury)",
                       "a checkpoint of this version (start the run again to continue with this version)");
    return;
  }
  if (stored->origin_x_mm != plan.placement.origin_x_mm || stored->origin_y_mm != plan.placement.origin_y_mm)
    throw InputError(checkpoint.string(),
                     fmt::format("a grid at x = {:g}, y = {:g} mm", stored->origin_x_mm, stored->origin_y_mm),
                     fmt::format("the placement its config gives today (x = {:g}, y = {:g} mm): a config resolved "
                                 "with another version's defaults; start the run again",
                                 plan.placement.origin_x_mm, plan.placement.origin_y_mm));
}

}  // namespace

SimulationFiles::SimulationFiles(FolderLock lock, const SimulationSetup& setup)
    : lock_(std::move(lock)), dir_(lock_.dir()), setup_(&setup) {}

SimulationFiles SimulationFiles::create(FolderLock lock, const SimulationSetup& setup) {
  const fs::path dir = lock.dir();
  remove_previous_outputs(dir);
  write_file_atomic(dir / kConfig, setup.config_toml);
  SimulationFiles files(std::move(lock), setup);
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
  stored.timeseries_rows = extra_value<std::int64_t>(ck, kRowsKey, path);
  stored.timeseries_fnv1a64 = static_cast<std::uint64_t>(extra_value<std::int64_t>(ck, kRowsChecksumKey, path));
  if (ck.extra.contains(kPlacementXKey) && ck.extra.contains(kPlacementYKey))
    stored.placement = injury::GridPlacement{.origin_x_mm = extra_value<double>(ck, kPlacementXKey, path),
                                             .origin_y_mm = extra_value<double>(ck, kPlacementYKey, path)};
  return stored;
}

SimulationFiles SimulationFiles::resume(FolderLock lock, const SimulationSetup& setup,
                                        const course::Simulation& simulation, StoredRun& stored) {
  const fs::path dir = lock.dir();
  auto& state = stored.checkpoint.state;
  simulation.check_resumable(state, checkpoint_path(dir).string());
  check_placement(setup.plan, stored.placement, checkpoint_path(dir));
  check_snapshot_grids(dir, state.fields.grid(), checkpoint_path(dir));
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
  // The rows written beside the checkpoint are a prefix of the file (a run killed between the two
  // writes leaves more); they must be exactly the ones it was written with.
  const auto written = static_cast<std::size_t>(std::max<std::int64_t>(stored.timeseries_rows, 0));
  if (written != rows || series.size() < written ||
      fnv1a64(timeseries_csv(std::span<const outcome::Snapshot>(series).first(written))) != stored.timeseries_fnv1a64)
    throw InputError(rows_file.string(), "rows that are not the ones " + checkpoint_path(dir).string() + " was written with",
                     fmt::format("the {} rows of the checkpoint's own run (checksummed in it): the folder's time "
                                 "series belongs to another run or was edited; resume in the folder the "
                                 "checkpoint was written in",
                                 written));
  series.resize(rows);

  // Snapshots are labelled with their stop's time, so that is the time to keep them up to.
  const double t_resume_days = state.next_stop > 0 && static_cast<std::size_t>(state.next_stop) <= stops.size()
                                   ? stops[static_cast<std::size_t>(state.next_stop - 1)].t_days
                                   : 0.0;
  // Everything checked: from here on the folder is changed.
  remove_leftover_temporaries(dir);
  SimulationFiles files(std::move(lock), setup);
  // --resume continues the run the checkpoint holds, config and seed included, so that the result
  // is that run's; an edited config.toml cannot change it, and is put back so the folder's config
  // reproduces what is in it.
  const fs::path config_file = dir / kConfig;
  if (!fs::exists(config_file) || read_text_file(config_file) != stored.config_toml) {
    if (fs::exists(config_file))
      files.warnings_.push_back(fmt::format(
          "{} differs from the config stored in {}; --resume continues the checkpointed run with its own config "
          "and ignores edits, so config.toml was rewritten from the checkpoint (to run the edited config, start "
          "a new run into another folder)",
          config_file.string(), checkpoint_path(dir).string()));
    write_file_atomic(config_file, stored.config_toml);
  }
  if (setup.plan.timeline.fields_every_days > 0.0)
    files.fields_.emplace(FieldSeriesWriter::resume(dir, kFieldsBase, setup.plan.grid, species_names(), t_resume_days,
                                                    field_options(setup)));
  return files;
}

void SimulationFiles::at_stop(const course::Stop& stop, const course::CourseState& state,
                              const course::RunRecord& record, const course::RunBookkeeping& bookkeeping) {
  if (stop.fields && fields_) fields_->append(state.fields, stop.t_days);
  if (stop.checkpoint) {
    const std::string rows = timeseries_csv(record.series);
    write_file_atomic(dir_ / kPartialTimeseries, rows);
    write_checkpoint(checkpoint_path(dir_), to_checkpoint(*setup_, state, record, bookkeeping, rows));
  }
}

void SimulationFiles::finish(const course::RunRecord& record, const nlohmann::json& summary) {
  write_file_atomic(dir_ / kTimeseries, timeseries_csv(record.series));
  write_file_atomic(dir_ / kSummary, summary.dump(2) + "\n");
  remove_file(dir_ / kPartialTimeseries);
}

}  // namespace skintwin::io
