#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "puncture_report.hpp"
#include "run_options.hpp"
#include "skintwin/io/config.hpp"
#include "skintwin/io/files.hpp"
#include "skintwin/io/folder_lock.hpp"
#include "skintwin/io/puncture_outputs.hpp"
#include "skintwin/io/simulation_config.hpp"

namespace skintwin::cli {
namespace {

struct PuncturesOptions {
  RunOptions run;
  bool json = false;
};

int run_punctures_command(const PuncturesOptions& options) {
  const io::Schema schema = io::default_schema();
  const io::Config config = resolve_run_config(schema, options.run);

  // All validation happens before anything is written. A course's first session (its lists' first
  // items, checked like the whole course's).
  const course::PunctureSession run = course::puncture_session(io::course_schedule_from(config).sessions.front());

  const std::filesystem::path dir = output_dir(options.run, "punctures");
  // Held until the files are written, so two runs into one folder cannot mix their outputs.
  const io::FolderLock lock = io::FolderLock::acquire(dir, "punctures");
  io::write_file_atomic(dir / "config.toml", config.to_toml());
  io::write_file_atomic(dir / "punctures.csv", io::punctures_csv(run));
  const nlohmann::json summary = io::puncture_summary_json(run);
  io::write_file_atomic(dir / "summary.json", summary.dump(2) + "\n");

  if (options.json) std::cout << summary.dump(2) << "\n";
  else std::cout << puncture_summary_text(run);
  std::cerr << "wrote " << (dir / "punctures.csv").string() << ", " << (dir / "summary.json").string() << ", "
            << (dir / "config.toml").string() << "\n";
  return 0;
}

}  // namespace

Action add_punctures_command(CLI::App& app) {
  auto options = std::make_shared<PuncturesOptions>();
  auto* sub = app.add_subcommand(
      "punctures",
      "Generate the punctures of one treatment (device, set depth, passes, area) on a site: density, coverage,\n"
      "real depth reached and layers crossed; writes punctures.csv, summary.json and the resolved config.toml");
  add_run_options(sub, options->run, "punctures")->required();
  sub->add_flag("--json", options->json, "Print the summary as JSON instead of text");
  return [options] { return run_punctures_command(*options); };
}

}  // namespace skintwin::cli
