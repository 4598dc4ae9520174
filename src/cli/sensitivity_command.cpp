// skintwin sensitivity: Morris screening of the model's uncertain parameters (docs/sensitivity.md).
// Each run is the config's simulation with some parameters moved within [v / F, v F] of their
// configured value v (log scale); the elementary effects rank the parameters by what they do to
// the chosen outcomes.
#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.hpp"
#include "progress.hpp"
#include "run_options.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/core/notice.hpp"
#include "skintwin/core/text.hpp"
#include "skintwin/course/simulation.hpp"
#include "skintwin/io/files.hpp"
#include "skintwin/io/parameter_config.hpp"
#include "skintwin/io/simulation_config.hpp"
#include "skintwin/outcome/ensemble.hpp"
#include "skintwin/plan/morris.hpp"

namespace skintwin::cli {
namespace {

namespace fs = std::filesystem;

struct SensitivityOptions {
  RunOptions run;
  std::string parameters;  // comma-separated glob patterns; empty: every [E] and [F] parameter
  std::string outcomes = "redness_downtime_days,layer_change.papillary_dermis.collagen_total_pct,"
                         "layer_change.reticular_dermis.collagen_total_pct,closure_time_h";
  int trajectories = 4;
  int levels = 4;
  double factor = 2.0;
  bool quiet = false;
};

// A parameter the screening moves: from low to high on a log scale around its configured value.
struct Factor {
  std::string key;
  double centre = 0.0;
  double low = 0.0;
  double high = 0.0;
  char source = 'E';

  double at(double unit) const { return low * std::pow(high / low, unit); }
};

// A CSV cell: quoted, inner quotes doubled.
std::string csv_cell(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (const char c : text + ",") {
    if (c == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  return out;
}

bool matches_any(const std::string& key, const std::vector<std::string>& patterns) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return ::fnmatch(p.c_str(), key.c_str(), 0) == 0; });
}

// The parameters to screen, with the ones left out and why (printed, so nothing is dropped silently).
std::vector<Factor> choose_factors(const io::Config& config, const SensitivityOptions& options,
                                   std::vector<std::string>& left_out) {
  const std::vector<std::string> patterns = split_list(options.parameters);
  std::vector<Factor> factors;
  for (const io::ParameterEntry& entry : io::parameter_catalog()) {
    const auto tag = source_tag(entry.info.kind);
    const bool uncertain = entry.info.kind == SourceKind::Estimate || entry.info.kind == SourceKind::Fitted;
    if (patterns.empty() ? !uncertain : !matches_any(entry.key, patterns)) continue;
    if (entry.info.range.integer) {
      left_out.push_back(entry.key + " (a whole number)");
      continue;
    }
    const double v = config.real(entry.key);
    if (!(v > 0.0)) {
      left_out.push_back(fmt::format("{} (configured {:g}: no scale to vary it by)", entry.key, v));
      continue;
    }
    Factor f{.key = entry.key, .centre = v, .low = v / options.factor, .high = v * options.factor, .source = tag[0]};
    const Range& r = entry.info.range;
    if (r.min && f.low < *r.min) f.low = *r.min;
    if (r.max && f.high > *r.max) f.high = *r.max;
    if (!(f.low > 0.0) || !(f.high > f.low) || !r.contains(f.low) || !r.contains(f.high)) {
      left_out.push_back(fmt::format("{} (its allowed range leaves no room around {:g})", entry.key, v));
      continue;
    }
    factors.push_back(f);
  }
  if (factors.empty())
    throw InputError("--parameters", options.parameters.empty() ? "(every [E] and [F] parameter)" : options.parameters,
                     "patterns matching at least one real, positive model parameter, e.g. 'model.rates.*,injury.*' "
                     "(`skintwin config --defaults` lists them)");
  return factors;
}

std::vector<std::string> choose_outcomes(const SensitivityOptions& options) {
  const std::vector<std::string> known = outcome::outcome_names();
  std::vector<std::string> chosen = split_list(options.outcomes);
  for (const std::string& name : chosen)
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw InputError("--outcomes", name, allowed_names_hint(name, known));
  if (chosen.empty()) throw InputError("--outcomes", options.outcomes, "at least one outcome name");
  return chosen;
}

void check_design(const SensitivityOptions& o) {
  if (o.trajectories < 2 || o.trajectories > 100)
    throw InputError("--trajectories", std::to_string(o.trajectories), "2 to 100 (4-10 is usual)");
  if (o.levels < 2 || o.levels > 20 || o.levels % 2 != 0)
    throw InputError("--levels", std::to_string(o.levels), "an even number from 2 to 20 (4 is usual)");
  if (!(o.factor > 1.0) || !(o.factor <= 10.0))
    throw InputError("--factor", fmt::format("{:g}", o.factor), "above 1 and at most 10 (each parameter spans v / F to v F)");
}

int run_sensitivity_command(const SensitivityOptions& options) {
  check_design(options);
  const io::Schema schema = io::default_schema();
  const io::Config base = resolve_run_config(schema, options.run);
  std::vector<std::string> left_out;
  const std::vector<Factor> factors = choose_factors(base, options, left_out);
  const std::vector<std::string> outcomes = choose_outcomes(options);
  const course::SimulationPlan base_plan = io::plan_simulation(base, 0.0).plan;  // every config error before any run
  const auto seed = static_cast<std::uint64_t>(base.integer("run.seed"));
  const auto trajectories = plan::morris_trajectories(factors.size(), options.trajectories, options.levels, seed);
  const std::size_t runs = trajectories.size() * (factors.size() + 1);

  const fs::path dir = output_dir(options.run, "sensitivity");
  fs::create_directories(dir);
  // The configuration every run starts from (the screened parameters at their centres).
  io::write_file_atomic(dir / "config.toml", base.to_toml());
  std::cerr << fmt::format("{} parameters x {} trajectories: {} runs of the config; outputs in {}\n", factors.size(),
                           options.trajectories, runs, dir.string());
  for (const std::string& l : left_out) std::cerr << "  left out: " << l << "\n";

  // Every run's row is written as soon as it is done: a killed screening keeps what it ran.
  std::ofstream rows(dir / "runs.csv");
  rows << "# " << kNotice << "\ntrajectory,point";
  for (const Factor& f : factors) rows << ',' << f.key;
  for (const std::string& o : outcomes) rows << ',' << o;
  rows << ",failure\n";

  const double days_per_run = base_plan.timeline.duration_days;
  const auto sections = static_cast<double>(std::max<std::size_t>(1, base_plan.sampling.sections()));
  // Progress counts the simulated days of all runs (and their sections) together.
  ProgressReporter progress(std::cerr, stderr_is_terminal(), options.quiet,
                            static_cast<double>(runs) * sections * days_per_run, steady_wall_clock(), "runs");
  std::vector<std::vector<std::vector<double>>> outputs(outcomes.size(),
                                                        std::vector<std::vector<double>>(trajectories.size()));
  std::size_t done = 0;
  std::size_t failed = 0;
  for (std::size_t t = 0; t < trajectories.size(); ++t) {
    for (std::size_t j = 0; j < trajectories[t].points.size(); ++j) {
      io::Config config = base;
      const auto& point = trajectories[t].points[j];
      for (std::size_t i = 0; i < factors.size(); ++i) config.set(factors[i].key, factors[i].at(point[i]), "sensitivity");
      const double before = static_cast<double>(done) * sections * days_per_run;
      std::optional<outcome::EnsembleOutcomes> result;
      std::string failure;
      try {
        // Sections may run side by side: each one's day counts toward the run's.
        std::vector<double> section_days(static_cast<std::size_t>(sections), 0.0);
        result = course::run_sections(io::plan_simulation(config, 0.0).plan, [&](std::size_t section, double t_days) {
          section_days.at(section) = t_days;
          double days = 0.0;
          for (const double d : section_days) days += d;
          progress.update(before + days, done);
        });
      } catch (const OutputError&) {
        throw;
      } catch (const InputError& e) {
        // A combination the model refuses (healthy skin not at rest, ...): recorded, and its
        // elementary effects left out, rather than the whole screening lost.
        failure = e.what();
        ++failed;
      }
      rows << t + 1 << ',' << j;
      for (std::size_t i = 0; i < factors.size(); ++i) rows << ',' << fmt::format("{}", factors[i].at(point[i]));
      for (std::size_t o = 0; o < outcomes.size(); ++o) {
        // An outcome without a value (a wound that never closed) counts as 0; a failed run as NaN.
        double value = std::numeric_limits<double>::quiet_NaN();
        std::string cell = "nan";
        if (result) {
          const std::optional<double> v = outcome::outcome_value(result->pooled, outcomes[o]);
          value = v.value_or(0.0);
          if (v) cell = fmt::format("{}", value);
        }
        outputs[o][t].push_back(value);
        rows << ',' << cell;
      }
      rows << ',' << csv_cell(failure) << '\n' << std::flush;
      ++done;
      progress.update(static_cast<double>(done) * sections * days_per_run, done);
    }
  }
  progress.finish();
  if (!rows) throw OutputError((dir / "runs.csv").string(), "could not be written");
  if (failed > 0)
    std::cerr << fmt::format("{} of {} runs were refused by the model (the reason is in runs.csv, column failure); "
                             "their elementary effects are left out (sensitivity.csv, column effects)\n",
                             failed, runs);

  std::string table = fmt::format("# {}\noutcome,parameter,source,centre,low,high,mu,mu_star,sigma,effects,rank\n", kNotice);
  std::cout << fmt::format("# {}\n", kNotice);
  for (std::size_t o = 0; o < outcomes.size(); ++o) {
    const auto effects = plan::elementary_effects(trajectories, outputs[o]);
    const std::vector<std::size_t> order = plan::ranked_by_mu_star(effects);
    std::cout << fmt::format("{}: change over each parameter's range (v / {:g} to v x {:g}), by mu*\n", outcomes[o],
                             options.factor, options.factor);
    for (std::size_t r = 0; r < order.size(); ++r) {
      const std::size_t i = order[r];
      const Factor& f = factors[i];
      table += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", outcomes[o], f.key, f.source, f.centre, f.low, f.high,
                           effects[i].mu, effects[i].mu_star, effects[i].sigma, effects[i].effects, r + 1);
      if (r < 10)
        std::cout << fmt::format("  {:2d}. {:<55} mu* {:>10.4g}  mu {:>+10.4g}  sigma {:>10.4g}\n", r + 1, f.key,
                                 effects[i].mu_star, effects[i].mu, effects[i].sigma);
    }
  }
  io::write_file_atomic(dir / "sensitivity.csv", table);
  std::cerr << "wrote " << (dir / "sensitivity.csv").string() << " and " << (dir / "runs.csv").string()
            << "; a figure: scripts/plot_sensitivity.py " << dir.string() << "\n";
  return 0;
}

}  // namespace

Action add_sensitivity_command(CLI::App& app) {
  auto options = std::make_shared<SensitivityOptions>();
  auto* sub = app.add_subcommand(
      "sensitivity",
      "Rank the model's parameters by their effect on chosen outcomes (Morris elementary effects):\n"
      "r (k + 1) runs of the config, each parameter moved within [v / F, v x F] of its configured value\n"
      "v on a log scale. mu* is the mean absolute change of the outcome over a parameter's whole range,\n"
      "sigma the spread of that change (interactions, non-linearity). Writes DIR/sensitivity.csv,\n"
      "DIR/runs.csv (every run, written as it finishes) and DIR/config.toml; scripts/plot_sensitivity.py\n"
      "DIR draws them.\n"
      "Runs are whole simulations: screen on a cheap config (e.g. --set simulate.spacing_um=40\n"
      "--set simulate.duration_days=10 --set simulate.sections=4) and narrow --parameters\n"
      "(docs/sensitivity.md)");
  add_run_options(sub, options->run, "sensitivity")->required();
  sub->add_option("--parameters", options->parameters,
                  "Comma-separated glob patterns of parameter keys, e.g. 'model.rates.*,injury.crush_width_um' "
                  "(default: every parameter whose source is [E] estimated or [F] fitted)");
  sub->add_option("--outcomes", options->outcomes, "Comma-separated outcome names as in summary.json's spread")
      ->capture_default_str();
  sub->add_option("--trajectories", options->trajectories, "Morris trajectories r (2-100)")->capture_default_str();
  sub->add_option("--levels", options->levels, "Grid levels p (even, 2-20)")->capture_default_str();
  sub->add_option("--factor", options->factor, "Each parameter spans v / F to v x F (F > 1, at most 10)")
      ->capture_default_str();
  sub->add_flag("--quiet", options->quiet, "No progress report on stderr");
  return [options] { return run_sensitivity_command(*options); };
}

}  // namespace skintwin::cli
