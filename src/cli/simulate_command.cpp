#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "run_options.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/core/notice.hpp"
#include "skintwin/io/config.hpp"
#include "simulate_run.hpp"
#include "progress.hpp"
#include "skintwin/io/simulation_config.hpp"

namespace skintwin::cli {
namespace {

struct SimulateOptions {
  RunOptions run;
  std::optional<double> checkpoint_every_days;
  std::string resume_dir;
  bool quiet = false;
};

std::string hours_or_dash(const std::optional<double>& hours) {
  return hours ? fmt::format("{:.1f}", *hours) : std::string("-");
}

// A fraction in whole percent, without the "-0" of a tiny negative one.
double whole_percent(double fraction) {
  const double rounded = std::round(100.0 * fraction);
  return rounded == 0.0 ? 0.0 : rounded;
}

// A lesion's depth and pigment before and at the end, and a topical agent's dose per layer.
void print_lesion_and_delivery(const outcome::SessionOutcomes& o) {
  if (o.scar)
    std::cout << fmt::format("scar floor depth     {:.0f} um -> {:.0f} um ({:.0f} % of the depth filled; {:.0f} % of the "
                             "missing volume)\n",
                             o.scar->baseline_depth_um, o.scar->depth_um, whole_percent(o.scar->depth_reduction),
                             whole_percent(o.scar->volume_reduction));
  if (o.scar && o.scar->width_mm)
    std::cout << fmt::format("scar width           {:.2f} mm -> {:.2f} mm at half its depth before treatment{}\n",
                             o.scar->baseline_width_mm.value_or(0.0), *o.scar->width_mm,
                             o.scar->area_mm2 ? fmt::format(" (area {:.2f} -> {:.2f} mm2)",
                                                            o.scar->baseline_area_mm2.value_or(0.0), *o.scar->area_mm2)
                                              : std::string());
  if (o.scar)
    std::cout << fmt::format("scar grade           {} -> {} (Goodman-Baron-style, read from the floor's depth: 1 macular, "
                             "2 mild, 3 moderate, 4 severe; docs/lesions.md)\n",
                             o.scar->baseline_grade, o.scar->grade);
  if (o.colour)
    std::cout << fmt::format("lesion colour        vessels {:.3g} -> {:.3g}, melanin {:.3g} -> {:.3g} x the skin beside it "
                             "(papillary plexus and epidermis)\n",
                             o.colour->baseline_vessel_ratio, o.colour->vessel_ratio, o.colour->baseline_melanin_ratio,
                             o.colour->melanin_ratio);
  if (o.pigment)
    std::cout << fmt::format("lesion melanin       {:.3g} -> {:.3g} x the skin beside it ({:.0f} % of the excess gone)\n",
                             o.pigment->baseline_melanin_ratio, o.pigment->melanin_ratio,
                             whole_percent(o.pigment->excess_reduction));
  for (std::size_t l = 0; l < tissue::kLayerCount; ++l) {
    const auto& d = o.dose[l];
    if (!d) continue;
    std::cout << fmt::format("agent dose {:<17} {:.3g} (needled) vs {:.3g} (intact) applied x days\n",
                             tissue::layer_name(static_cast<tissue::LayerKind>(l)), d->needled, d->intact);
  }
}

// What the safety rules and the penetration model say about each session's protocol (also in
// summary.json), before the run starts.
void print_protocol_warnings(const course::SimulationPlan& plan) {
  const std::size_t sessions = course::course_sessions(plan);
  for (std::size_t k = 0; k < sessions; ++k)
    for (const std::string& warning : course::course_session(plan, k).punctures.warnings)
      std::cerr << "skintwin: warning: " << (sessions > 1 ? fmt::format("session {}: ", k + 1) : "") << warning << "\n";
}

void print_outcomes(const SimulationResult& result, const std::filesystem::path& dir) {
  const outcome::SessionOutcomes& o = result.outcomes;
  std::cout << fmt::format("# {}\n", kNotice);
  // An ensemble's own wall time, beside its sections' summed (they may have run side by side).
  const bool ensemble = result.elapsed_s >= 0.0;
  std::cout << fmt::format("simulated {:g} days in {} steps, {:.1f} s wall{}\n", result.duration_days, result.steps,
                           ensemble ? result.elapsed_s : result.wall_s,
                           ensemble ? fmt::format(" ({:.1f} s summed over the sections)", result.wall_s) : "");
  std::cout << fmt::format("channels closed      {} h (half of them {} h)\n", hours_or_dash(o.closure_time_h),
                           hours_or_dash(o.half_closure_time_h));
  const std::pair<const char*, const outcome::Peak*> peaks[] = {
      {"growth_factor_wound", &o.growth_factor_wound},
      {"inflammation_ratio_wound", &o.inflammation_ratio_wound},
      {"fibroblast_ratio_wound", &o.fibroblast_ratio_wound},
      {"vessel_ratio_wound", &o.vessel_ratio_wound},
      {"collagen_iii_fraction_wound", &o.collagen_iii_fraction_wound},
      {"erythema_index", &o.erythema_index}};
  for (const auto& [name, peak] : peaks)
    std::cout << fmt::format("{:<28} peak {:.3g} on day {:.2f}\n", name, peak->value, peak->t_days);
  const auto& summary = result.summary;
  const bool course = summary.contains("sessions") && summary["sessions"].size() > 1;
  std::cout << fmt::format("redness downtime     {:.1f} days{}\n", o.redness_downtime_days,
                           course ? " (all sessions together)" : "");
  if (course) {
    for (const auto& row : summary["sessions"]) {
      const auto& so = row["outcomes"];
      const auto number = [](const nlohmann::json& v, const char* format) {
        return v.is_number() ? fmt::format(fmt::runtime(format), v.get<double>()) : std::string("-");
      };
      const nlohmann::json papillary = so["layer_change"].value("papillary_dermis", nlohmann::json::object());
      const std::string over_lesion =
          row.contains("lesion_set_depth_mm") ? fmt::format(" ({:g} mm on the lesion)", row["lesion_set_depth_mm"].get<double>()) : "";
      std::cout << fmt::format("  session {} on day {:g} ({} {:g} mm{}, {} passes): {} punctures on the grid, closed {} h, "
                               "red {:.1f} days, papillary collagen {} % on day {:g} after it\n",
                               row["session"].get<int>(), row["day"].get<double>(), row["device"].get<std::string>(),
                               row["set_depth_mm"].get<double>(), over_lesion, row["passes"].get<int>(),
                               row["punctures_on_grid"].get<std::int64_t>(), number(so["closure_time_h"], "{:.1f}"),
                               so["redness_downtime_days"].get<double>(),
                               number(papillary.value("collagen_total_pct", nlohmann::json()), "{:+.1f}"),
                               so["final_day"].get<double>());
    }
  }
  if (o.tensile_strength_recovery)
    std::cout << fmt::format("wound tensile strength {:.0f} % of the skin before{} -> {:.0f} % on day {:g} ({:.0f} % of the loss "
                             "recovered{}; cross-linked collagen I, docs/model.md)\n",
                             100.0 * o.tensile_strength_after_injury, course ? " (last session's wound)" : " after the injury",
                             100.0 * o.tensile_strength_final, o.final_day, 100.0 * *o.tensile_strength_recovery,
                             o.tensile_strength_80pct_days
                                 ? fmt::format(", 80 % of it by day {:.1f} after the session", *o.tensile_strength_80pct_days)
                                 : "");
  const auto& before = o.instruments_baseline;
  const auto& after = o.instruments;
  std::cout << fmt::format("skin meters          Cutometer R0 {:.3f} -> {:.3f} mm, R2 {:.2f} -> {:.2f}, R7 {:.2f} -> {:.2f}; "
                           "dermal echo density {:+.1f} % (composition through an estimated relation, docs/model.md)\n",
                           before.r0_mm, after.r0_mm, before.r2, after.r2, before.r7, after.r7,
                           100.0 * after.echo_density_change);
  print_lesion_and_delivery(o);
  if (!summary.contains("members")) {
    std::cerr << "wrote " << (dir / "timeseries.csv").string() << ", " << (dir / "summary.json").string()
              << ", fields.xdmf and config.toml in " << dir.string() << "\n";
    return;
  }
  const std::size_t sections = summary["members"].size();
  std::cout << fmt::format("pooled over {} sections; spread over them in summary.json (\"spread\")\n", sections);
  // The error of the pooled answer, per outcome a reader acts on: the design's (stratified) standard
  // error where the sections are stratified, the plain one otherwise; then how far single sections
  // stray, which is not an error of the answer.
  const auto& spread = summary["spread"];
  for (const auto& [key, label, unit] : {std::tuple{"redness_downtime_days", "redness downtime", "days"},
                                         std::tuple{"layer_change.papillary_dermis.collagen_total_pct",
                                                    "papillary collagen change", "points of %"}}) {
    if (!spread.contains(key)) continue;
    const auto& r = spread[key];
    const bool stratified = r.contains("sem_stratified");
    std::cout << fmt::format("  {}: standard error {:.2g} {} ({}); single sections {:.1f} to {:.1f}\n", label,
                             (stratified ? r["sem_stratified"] : r["sem"]).get<double>(), unit,
                             stratified ? "stratified sections" : "sd / sqrt(sections)", r["min"].get<double>(),
                             r["max"].get<double>());
  }
  std::cerr << "wrote the pooled " << (dir / "timeseries.csv").string() << " and " << (dir / "summary.json").string()
            << "; each section's own outputs (fields.xdmf too) in " << (dir / "section_01").string() << " to "
            << (dir / fmt::format("section_{:02d}", sections)).string() << "\n";
}

int run_simulate_command(const SimulateOptions& options) {
  const ProgressSettings progress{.out = &std::cerr, .is_tty = stderr_is_terminal(), .quiet = options.quiet};
  if (options.checkpoint_every_days &&
      !(std::isfinite(*options.checkpoint_every_days) && *options.checkpoint_every_days > 0.0))
    throw InputError("--checkpoint-every", fmt::format("{:g}", *options.checkpoint_every_days),
                     "a number of simulated days above 0, e.g. 1 (leave it out for no checkpoints)");
  if (!options.resume_dir.empty()) {
    if (!options.run.files.empty() || !options.run.overrides.empty() || options.run.seed || options.run.output_dir)
      throw InputError("--resume", options.resume_dir,
                       "no CONFIG, --set, --seed or -o with --resume (the run continues with its own config)");
    const std::filesystem::path dir(options.resume_dir);
    const auto result = resume_simulation(dir, options.checkpoint_every_days.value_or(-1.0), progress);
    print_outcomes(result, dir);
    return 0;
  }
  if (options.run.files.empty()) throw InputError("CONFIG", "none", "a TOML config file, or --resume DIR");

  const io::Schema schema = io::default_schema();
  const io::Config config = resolve_run_config(schema, options.run);
  // All validation happens before anything is written.
  const io::SimulationSetup setup = io::plan_simulation(config, options.checkpoint_every_days.value_or(0.0));
  for (const std::string& warning : io::unused_key_warnings(config)) std::cerr << "skintwin: warning: " << warning << "\n";
  print_protocol_warnings(setup.plan);
  const std::filesystem::path dir = output_dir(options.run, "simulate");
  const auto result = run_simulation(setup, dir, progress);
  print_outcomes(result, dir);
  return 0;
}

}  // namespace

Action add_simulate_command(CLI::App& app) {
  auto options = std::make_shared<SimulateOptions>();
  auto* sub = app.add_subcommand(
      "simulate",
      "Simulate the healing after one microneedling session, or a course of sessions (course.sessions,\n"
      "course.interval_days), on 2D sections or a 3D patch of skin: writes\n"
      "timeseries.csv, summary.json, fields (HDF5 + XDMF for ParaView), config.toml and, if asked, checkpoint.h5.\n"
      "2D runs an ensemble of sections over the treated area (simulate.sections, default 8, stratified on the\n"
      "damage each holds), each in DIR/section_NN, and reports their pooled answer with its spread in DIR\n"
      "(docs/simulate.md, Sampling); the sections run side by side, one per thread (OMP_NUM_THREADS).\n"
      "A course: one row per session in summary.json (docs/simulate.md, Courses); sessions that differ take one\n"
      "item each in lists, e.g. --set course.sessions=3 --set course.set_depth_mm=1,1.5,1.5\n"
      "(course.session_days, course.devices, course.passes, course.lesion_set_depth_mm for a deeper setting\n"
      "over a lesion).\n"
      "Every model parameter is a config key too (model.*, injury.*, penetration.*, observables.*), e.g.\n"
      "--set model.rates.r_F_per_min=8e-4; `skintwin config --defaults` lists them with unit, range and source");
  add_run_options(sub, options->run, "simulate");
  sub->add_option("--checkpoint-every", options->checkpoint_every_days,
                  "Write the full state to DIR/checkpoint.h5 every DAYS (> 0) of simulated time (and at the end)");
  sub->add_option("--resume", options->resume_dir, "Continue the killed run in DIR from its checkpoint.h5")
      ->check(CLI::ExistingDirectory);
  sub->add_flag("--quiet", options->quiet, "No progress report on stderr");
  return [options] { return run_simulate_command(*options); };
}

}  // namespace skintwin::cli
