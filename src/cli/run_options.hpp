#pragma once
// Options shared by the commands that run something from a config (punctures, simulate): the
// config files, --set overrides, --seed and the output folder, resolved the same way for both.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "skintwin/io/config.hpp"

namespace skintwin::cli {

struct RunOptions {
  std::vector<std::string> files;
  std::vector<std::string> overrides;
  std::optional<std::string> output_dir;  // -o as given; "" is an error, not the default
  std::optional<std::string> seed;        // --seed as typed: checked by resolve_run_config, not clamped
};

// Registers CONFIG..., --set, -o/--output and --seed on `sub`; returns the CONFIG option so the
// caller can mark it required.
CLI::Option* add_run_options(CLI::App* sub, RunOptions& options, std::string_view command);

// defaults <- files <- --set, then --seed. Throws InputError for --seed that is not a whole
// number from 0 to run.seed's maximum, --seed beside --set run.seed=..., and an empty -o.
io::Config resolve_run_config(const io::Schema& schema, const RunOptions& options);

// -o if given, else skintwin-runs/<command>-<first config's name>.
std::filesystem::path output_dir(const RunOptions& options, std::string_view command);

}  // namespace skintwin::cli
