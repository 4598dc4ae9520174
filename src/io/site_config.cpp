#include "skintwin/io/config.hpp"

namespace skintwin::io {

void add_site_keys(Schema& schema) {
  schema.add({.key = "site.name", .type = KeyType::Text, .default_value = std::string{"cheek"}, .unit = "",
              .meaning = "Anatomical site treated (see `skintwin sites`)"});
  schema.add({.key = "site.sex", .type = KeyType::Text, .default_value = std::string{"unspecified"}, .unit = "",
              .meaning = "Sex used for layer thicknesses; unspecified averages female and male",
              .choices = {"female", "male", "unspecified"}});
}

}  // namespace skintwin::io
