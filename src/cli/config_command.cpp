#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/core/notice.hpp"
#include "skintwin/io/config.hpp"

namespace skintwin::cli {
namespace {

struct ConfigOptions {
  std::vector<std::string> files;
  std::vector<std::string> overrides;
  bool defaults = false;
  bool json = false;
  bool markdown = false;
};

int run_config(const ConfigOptions& options) {
  const io::Schema schema = io::default_schema();
  if (options.defaults) {
    if (options.json) std::cout << io::schema_json(schema).dump(2) << "\n";
    else if (options.markdown) std::cout << io::schema_markdown(schema);
    else std::cout << "# " << kNotice << "\n" << io::schema_table(schema);
    return 0;
  }
  if (options.markdown)
    throw InputError("--markdown", "without --defaults",
                     "use it with --defaults (skintwin config --defaults --markdown); a resolved config prints as "
                     "TOML, or JSON with --json");
  std::vector<std::filesystem::path> paths(options.files.begin(), options.files.end());
  const io::Config config = io::Config::resolve(schema, paths, options.overrides);
  if (options.json) std::cout << config.to_json().dump(2) << "\n";
  else std::cout << config.to_toml();
  return 0;
}

}  // namespace

Action add_config_command(CLI::App& app) {
  auto options = std::make_shared<ConfigOptions>();
  auto* sub = app.add_subcommand(
      "config",
      "Show every config key with its default, unit, meaning, allowed range and (for the scientific parameters\n"
      "model.*, injury.*, penetration.*, observables.*) its source (--defaults), or the resolved config of files + --set");
  sub->add_option("CONFIG", options->files, "TOML files, later ones override earlier ones")->check(CLI::ExistingFile);
  sub->add_option("--set", options->overrides, "Override one key, e.g. --set device.set_depth_mm=1.0 (repeatable, each key once)");
  sub->add_flag("--defaults", options->defaults, "List every key with its default, unit, meaning, allowed values and source");
  auto* json = sub->add_flag("--json", options->json, "Print JSON");
  sub->add_flag("--markdown", options->markdown, "With --defaults (only): the Markdown table of docs/config.md")->excludes(json);
  return [options] { return run_config(*options); };
}

}  // namespace skintwin::cli
