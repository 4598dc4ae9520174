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
  std::string output_dir;
  std::optional<std::int64_t> seed;
};

// Registers CONFIG..., --set, -o/--output and --seed on `sub`; returns the CONFIG option so the
// caller can mark it required.
CLI::Option* add_run_options(CLI::App* sub, RunOptions& options, std::string_view command);

// defaults <- files <- --set, then --seed.
io::Config resolve_run_config(const io::Schema& schema, const RunOptions& options);

// -o if given, else skintwin-runs/<command>-<first config's name>.
std::filesystem::path output_dir(const RunOptions& options, std::string_view command);

}  // namespace skintwin::cli
