#include <csignal>
#include <cstdio>
#include <exception>
#include <filesystem>
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
      "Every config key, its unit and default: `skintwin config --defaults`.\n"
      "Exit codes: 0 done, 1 internal error (a bug: please report it), 2 bad input (config, arguments,\n"
      "a damaged checkpoint), 3 an output could not be written (disk full, no permission; earlier\n"
      "complete files, such as the last good checkpoint, are kept). See docs/simulate.md.",
      SKINTWIN_VERSION_STRING, skintwin::kNotice)};
  app.name("skintwin");
  app.set_version_flag("--version", std::string(SKINTWIN_VERSION_STRING));
  app.require_subcommand(1);
  app.fallthrough(false);

  skintwin::cli::Action action;
  auto bind = [&](CLI::App* sub, skintwin::cli::Action a) { sub->callback([&action, a] { action = a; }); };
  for (auto* add : {&skintwin::cli::add_sites_command, &skintwin::cli::add_devices_command,
                    &skintwin::cli::add_config_command, &skintwin::cli::add_punctures_command,
                    &skintwin::cli::add_simulate_command, &skintwin::cli::add_sensitivity_command}) {
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
  // A file-size limit (ulimit -f) would otherwise kill the process mid-write; ignored, the write
  // fails with EFBIG and is reported like a full disk.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    return run(argc, argv);
  } catch (const skintwin::OutputError& e) {
    std::fprintf(stderr, "skintwin: error: %s\n", e.what());
    return skintwin::kExitOutputError;
  } catch (const skintwin::InputError& e) {
    std::fprintf(stderr, "skintwin: error: %s\n", e.what());
    return skintwin::kExitInputError;
  } catch (const std::filesystem::filesystem_error& e) {
    // io reports its own failures as OutputError; this is the net for any file system call left.
    std::fprintf(stderr, "skintwin: error: could not use %s: %s\n", e.path1().string().c_str(),
                 e.code().message().c_str());
    return skintwin::kExitOutputError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "skintwin: internal error: %s\n", e.what());
    return skintwin::kExitInternalError;
  }
}
