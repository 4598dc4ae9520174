#pragma once
// Subcommands of the `skintwin` executable. Each registers its options on the CLI11 app and
// returns the action to run once parsing succeeded; the actions are thin over the library.
#include <functional>

#include <CLI/CLI.hpp>

namespace skintwin::cli {

using Action = std::function<int()>;

Action add_sites_command(CLI::App& app);
Action add_devices_command(CLI::App& app);
Action add_config_command(CLI::App& app);
Action add_punctures_command(CLI::App& app);
Action add_simulate_command(CLI::App& app);
Action add_sensitivity_command(CLI::App& app);

}  // namespace skintwin::cli
