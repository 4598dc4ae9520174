#pragma once
// The lesion catalog (data/lesions.toml, compiled into the library) and the lesion a config asks
// for (lesion.*).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "skintwin/lesion/lesion.hpp"

namespace skintwin::io {

class Config;
class Schema;

// Strict parser: every table is a kind; unknown keys, a missing key, an unknown profile or a value
// out of range throw InputError naming "<origin>: [name].key".
std::vector<lesion::LesionKind> parse_lesion_catalog_toml(std::string_view toml_text, const std::string& origin);

// data/lesions.toml as built into the library, parsed once on first use.
const std::vector<lesion::LesionKind>& builtin_lesion_catalog();

void add_lesion_keys(Schema& schema);    // lesion.*
void add_delivery_keys(Schema& schema);  // delivery.*

// lesion.type "none" (the default): no lesion. An unknown type throws InputError naming
// lesion.type with the known ones.
std::optional<lesion::Lesion> lesion_from_config(const Config& config);

}  // namespace skintwin::io
