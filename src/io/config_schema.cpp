#include "skintwin/io/config.hpp"
#include "skintwin/io/lesion_catalog.hpp"
#include "skintwin/io/parameter_config.hpp"

namespace skintwin::io {

void add_run_keys(Schema& schema) {
  schema.add({.key = "run.seed", .type = KeyType::Integer, .default_value = std::int64_t{1}, .unit = "",
              .meaning = "Seed of the counter-based random generator; the same seed gives the same numbers",
              .min = 0.0, .max = 9007199254740991.0});
  schema.add({.key = "run.label", .type = KeyType::Text, .default_value = std::string{}, .unit = "",
              .meaning = "Free-text label copied into every output of the run"});
}

Schema default_schema() {
  Schema schema;
  add_run_keys(schema);
  add_site_keys(schema);
  add_device_keys(schema);
  add_simulation_keys(schema);
  add_lesion_keys(schema);
  add_delivery_keys(schema);
  add_parameter_keys(schema);
  return schema;
}

}  // namespace skintwin::io
