#include "run_options.hpp"

namespace skintwin::cli {

CLI::Option* add_run_options(CLI::App* sub, RunOptions& options, std::string_view command) {
  auto* config = sub->add_option("CONFIG", options.files, "TOML config file(s); later files override earlier ones")
                     ->check(CLI::ExistingFile);
  sub->add_option("--set", options.overrides, "Override one key, e.g. --set device.set_depth_mm=1.0 (repeatable)");
  sub->add_option("-o,--output", options.output_dir,
                  "Output folder (default: skintwin-runs/" + std::string(command) + "-<config name>)");
  sub->add_option("--seed", options.seed, "Random seed (same as --set run.seed=N)")->check(CLI::NonNegativeNumber);
  return config;
}

io::Config resolve_run_config(const io::Schema& schema, const RunOptions& options) {
  const std::vector<std::filesystem::path> paths(options.files.begin(), options.files.end());
  io::Config config = io::Config::resolve(schema, paths, options.overrides);
  if (options.seed) config.set("run.seed", *options.seed, "--seed");
  return config;
}

std::filesystem::path output_dir(const RunOptions& options, std::string_view command) {
  if (!options.output_dir.empty()) return options.output_dir;
  return std::filesystem::path("skintwin-runs") /
         (std::string(command) + "-" + std::filesystem::path(options.files.front()).stem().string());
}

}  // namespace skintwin::cli
