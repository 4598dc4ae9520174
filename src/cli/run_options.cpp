#include "run_options.hpp"

#include <charconv>
#include <system_error>

#include <fmt/format.h>

#include "skintwin/core/error.hpp"

namespace skintwin::cli {
namespace {

// --seed as typed -> run.seed, refusing what CLI11 would silently clamp or wrap.
std::int64_t parse_seed(const io::Schema& schema, const std::string& text) {
  const io::KeySpec* spec = schema.find("run.seed");
  const auto max_seed = static_cast<std::uint64_t>(spec && spec->max ? *spec->max : 9007199254740991.0);
  const std::string allowed = fmt::format("a whole number from 0 to {} (the range of run.seed)", max_seed);
  std::uint64_t seed = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, seed);
  if (text.empty() || ptr != end || (ec != std::errc{} && ec != std::errc::result_out_of_range))
    throw InputError("--seed", "'" + text + "'", allowed);
  if (ec == std::errc::result_out_of_range || seed > max_seed) throw InputError("--seed", text, "too large; " + allowed);
  return static_cast<std::int64_t>(seed);
}

void check_run_options(const RunOptions& options) {
  if (options.output_dir && options.output_dir->empty())
    throw InputError("-o", "''", "a folder path; leave -o out for the default skintwin-runs/<command>-<config name>");
  if (!options.seed) return;
  for (const auto& item : options.overrides)
    if (item.rfind("run.seed=", 0) == 0)
      throw InputError("--seed", *options.seed,
                       "not together with --set " + item + ": give the seed once, with either of them");
}

}  // namespace

CLI::Option* add_run_options(CLI::App* sub, RunOptions& options, std::string_view command) {
  auto* config = sub->add_option("CONFIG", options.files, "TOML config file(s); later files override earlier ones")
                     ->check(CLI::ExistingFile);
  sub->add_option("--set", options.overrides,
                  "Override one key, e.g. --set device.set_depth_mm=1.0 (repeatable, each key once)");
  sub->add_option("-o,--output", options.output_dir,
                  "Output folder (default: skintwin-runs/" + std::string(command) + "-<config name>)");
  sub->add_option("--seed", options.seed, "Random seed, 0 to 9007199254740991 (same as --set run.seed=N)");
  return config;
}

io::Config resolve_run_config(const io::Schema& schema, const RunOptions& options) {
  check_run_options(options);
  const std::vector<std::filesystem::path> paths(options.files.begin(), options.files.end());
  io::Config config = io::Config::resolve(schema, paths, options.overrides);
  if (options.seed) config.set("run.seed", parse_seed(schema, *options.seed), "--seed");
  return config;
}

std::filesystem::path output_dir(const RunOptions& options, std::string_view command) {
  check_run_options(options);
  if (options.output_dir) return *options.output_dir;
  return std::filesystem::path("skintwin-runs") /
         (std::string(command) + "-" + std::filesystem::path(options.files.front()).stem().string());
}

}  // namespace skintwin::cli
