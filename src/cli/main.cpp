#include <cstdio>
#include <exception>
#include <string>

#include <fmt/core.h>

#include "commands.hpp"
#include "skintwin/core/build_config.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/core/notice.hpp"

namespace {

int run(int argc, char** argv) {
  CLI::App app{fmt::format(
      "skintwin {}: simulate microneedling (percutaneous collagen induction) on layered human skin.\n{}\n\n"
      "Start with `skintwin sites`, `skintwin devices`, then `skintwin punctures examples/pen_12_cheek.toml`.\n"
      "Every config key, its unit and default: `skintwin config --defaults`.",
      SKINTWIN_VERSION_STRING, skintwin::kNotice)};
  app.name("skintwin");
  app.set_version_flag("--version", std::string(SKINTWIN_VERSION_STRING));
  app.require_subcommand(1);
  app.fallthrough(false);

  skintwin::cli::Action action;
  auto bind = [&](CLI::App* sub, skintwin::cli::Action a) { sub->callback([&action, a] { action = a; }); };
  for (auto* add : {&skintwin::cli::add_sites_command, &skintwin::cli::add_devices_command,
                    &skintwin::cli::add_config_command, &skintwin::cli::add_punctures_command,
                    &skintwin::cli::add_simulate_command}) {
    const std::size_t before = app.get_subcommands({}).size();
    skintwin::cli::Action a = (*add)(app);
    bind(app.get_subcommands({})[before], a);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version succeed (0) and print what CLI11 prints.
    if (e.get_exit_code() == 0) return app.exit(e);
    // Usage mistakes are input errors (2), on one line like every other input error, with where
    // to read the usage of the command that was being parsed.
    std::string command = "skintwin";
    for (const CLI::App* sub : app.get_subcommands({}))
      if (sub->parsed()) command += " " + sub->get_name();
    std::string message = e.what();
    for (char& c : message)
      if (c == '\n') c = ' ';
    std::fprintf(stderr, "skintwin: error: %s; run '%s --help' for usage\n", message.c_str(), command.c_str());
    return skintwin::kExitInputError;
  }
  return action ? action() : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const skintwin::InputError& e) {
    std::fprintf(stderr, "skintwin: error: %s\n", e.what());
    return skintwin::kExitInputError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "skintwin: internal error: %s\n", e.what());
    return 1;
  }
}
