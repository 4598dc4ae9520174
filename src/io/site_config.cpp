#include "skintwin/core/error.hpp"
#include "skintwin/io/config.hpp"
#include "skintwin/io/site_catalog.hpp"

namespace skintwin::io {

void add_site_keys(Schema& schema) {
  schema.add({.key = "site.name", .type = KeyType::Text, .default_value = std::string{"cheek"}, .unit = "",
              .meaning = "Anatomical site treated (see `skintwin sites`)"});
  schema.add({.key = "site.sex", .type = KeyType::Text, .default_value = std::string{"unspecified"}, .unit = "",
              .meaning = "Sex used for layer thicknesses; unspecified averages female and male",
              .choices = {"female", "male", "unspecified"}});
}

SiteChoice site_from_config(const Config& config, const tissue::SiteCatalog& catalog) {
  const tissue::Site& site = catalog.get(config.text("site.name"), "site.name");
  const std::string& sex_text = config.text("site.sex");
  // The schema already restricts site.sex; this guards a config built from another schema.
  const auto sex = tissue::sex_from_name(sex_text);
  if (!sex) throw InputError("site.sex", "'" + sex_text + "'", "female, male or unspecified");
  return {&site, *sex};
}

}  // namespace skintwin::io
