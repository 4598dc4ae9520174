#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "site_report.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/io/site_catalog.hpp"

namespace skintwin::cli {
namespace {

struct SitesOptions {
  std::string name;
  std::string sex = "unspecified";
  bool json = false;
};

int run_sites(const SitesOptions& options) {
  const auto& catalog = io::builtin_site_catalog();
  if (options.name.empty()) {
    if (options.json) std::cout << site_catalog_json(catalog).dump(2) << "\n";
    else std::cout << site_table_text(catalog, tissue::sex_from_name(options.sex).value_or(tissue::Sex::Unspecified));
    return 0;
  }
  const auto& site = catalog.get(options.name, "SITE");
  if (options.json) std::cout << site_json(site).dump(2) << "\n";
  else std::cout << site_detail_text(site);
  return 0;
}

}  // namespace

Action add_sites_command(CLI::App& app) {
  auto options = std::make_shared<SitesOptions>();
  auto* sub = app.add_subcommand("sites", "List the anatomical sites and their layer thicknesses, or show one with sources");
  sub->add_option("SITE", options->name, "Site to show in detail (e.g. cheek); omit to list all");
  sub->add_option("--sex", options->sex, "Thicknesses for female, male or unspecified (mean of both)")
      ->check(CLI::IsMember({"female", "male", "unspecified"}));
  sub->add_flag("--json", options->json, "Print JSON instead of a table");
  return [options] { return run_sites(*options); };
}

}  // namespace skintwin::cli
