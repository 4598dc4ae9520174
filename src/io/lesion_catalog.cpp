#include "skintwin/io/lesion_catalog.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include "skintwin/core/error.hpp"
#include "skintwin/core/text.hpp"
#include "skintwin/io/config.hpp"

namespace skintwin::io {
namespace embedded {
extern const std::string_view lesions_toml;  // generated from data/lesions.toml (cmake/EmbedText.cmake)
}

namespace {

const std::vector<std::string>& known_keys() {
  static const std::vector<std::string> keys{"description", "profile",      "width_mm", "depth_mm",
                                             "edge_fraction", "matrix_share", "shape", "melanogenesis", "source"};
  return keys;
}

std::optional<lesion::Profile> profile_from_name(std::string_view name) {
  if (name == "cone") return lesion::Profile::Cone;
  if (name == "box") return lesion::Profile::Box;
  if (name == "bowl") return lesion::Profile::Bowl;
  return std::nullopt;
}

class KindTable {
public:
  KindTable(const toml::table& table, std::string origin, std::string name)
      : table_(table), origin_(std::move(origin)), name_(std::move(name)) {}

  InputError error(const std::string& key, const std::string& value, const std::string& allowed) const {
    return InputError(fmt::format("{}: [{}].{}", origin_, name_, key), value, allowed);
  }
  std::string text(const std::string& key) const {
    const auto v = table_[key].value<std::string>();
    if (!v || v->empty()) throw error(key, "(missing)", "a non-empty string");
    return *v;
  }
  double number(const std::string& key, double lo, double hi) const {
    const auto v = table_[key].value<double>();
    if (!v) throw error(key, "(missing)", fmt::format("a number from {:g} to {:g}", lo, hi));
    if (!(*v >= lo && *v <= hi)) throw error(key, fmt::format("{:g}", *v), fmt::format("{:g} to {:g}", lo, hi));
    return *v;
  }
  void reject_unknown_keys() const {
    for (const auto& [k, node] : table_) {
      const std::string key(k.str());
      if (std::find(known_keys().begin(), known_keys().end(), key) == known_keys().end())
        throw error(key, "(unknown key)", "a lesion key; " + allowed_names_hint(key, known_keys()));
    }
  }

private:
  const toml::table& table_;
  std::string origin_;
  std::string name_;
};

std::vector<std::string> names_of(const std::vector<lesion::LesionKind>& kinds) {
  std::vector<std::string> names;
  for (const auto& k : kinds) names.push_back(k.name);
  return names;
}

}  // namespace

std::vector<lesion::LesionKind> parse_lesion_catalog_toml(std::string_view toml_text, const std::string& origin) {
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}:{}:{}: {}", origin, e.source().begin.line, e.source().begin.column,
                                 std::string(e.description())));
  }
  std::vector<lesion::LesionKind> kinds;
  for (const auto& [key, node] : root) {
    const std::string name(key.str());
    const toml::table* table = node.as_table();
    if (!table) throw InputError(fmt::format("{}: {}", origin, name), "(not a table)", "a [name] table per lesion kind");
    const KindTable t(*table, origin, name);
    t.reject_unknown_keys();
    lesion::LesionKind kind;
    kind.name = name;
    kind.description = t.text("description");
    const std::string profile = t.text("profile");
    const auto p = profile_from_name(profile);
    if (!p) throw t.error("profile", "'" + profile + "'", "cone, box or bowl");
    kind.profile = *p;
    kind.width_mm = t.number("width_mm", 0.05, 50.0);
    kind.depth_mm = t.number("depth_mm", 0.0, 3.0);
    kind.edge_fraction = t.number("edge_fraction", 0.0, 0.5);
    kind.matrix_share = t.number("matrix_share", 0.05, 1.0);
    kind.melanogenesis = table->contains("melanogenesis") ? t.number("melanogenesis", 0.1, 10.0) : 1.0;
    if (kind.depth_mm > 0.0 && !(kind.matrix_share < 1.0))
      throw t.error("matrix_share", "1", "below 1 for a depressed lesion (its missing matrix)");
    if (!(kind.depth_mm > 0.0) && kind.melanogenesis == 1.0)
      throw t.error("depth_mm", "0", "a depth > 0, or a melanogenesis other than 1");
    const std::string shape = t.text("shape");
    if (shape != "round" && shape != "line") throw t.error("shape", "'" + shape + "'", "round or line");
    kind.line = shape == "line";
    kind.source = t.text("source");
    kinds.push_back(std::move(kind));
  }
  if (kinds.empty()) throw InputError(origin, "(no lesion kinds)", "at least one [name] table");
  return kinds;
}

const std::vector<lesion::LesionKind>& builtin_lesion_catalog() {
  static const std::vector<lesion::LesionKind> catalog = parse_lesion_catalog_toml(embedded::lesions_toml, "data/lesions.toml");
  return catalog;
}

void add_lesion_keys(Schema& schema) {
  std::vector<std::string> names;
  for (const lesion::LesionKind& kind : builtin_lesion_catalog()) names.push_back(kind.name);
  schema.add({.key = "lesion.type", .type = KeyType::Text, .default_value = std::string{"none"}, .unit = "",
              .meaning = fmt::format("Lesion the simulated grid is centred on: none, or a kind of data/lesions.toml "
                                     "({}); a 2D section cuts it across its centre",
                                     fmt::join(names, ", "))});
  schema.add({.key = "lesion.width_mm", .type = KeyType::Real, .default_value = 0.0, .unit = "mm",
              .meaning = "Surface width (diameter) of the lesion; 0 = the kind's default", .min = 0.0, .max = 50.0});
  schema.add({.key = "lesion.depth_mm", .type = KeyType::Real, .default_value = 0.0, .unit = "mm",
              .meaning = "Depth of the lesion's floor below the surrounding skin; 0 = the kind's default", .min = 0.0,
              .max = 3.0});
  schema.add({.key = "lesion.offset_x_mm", .type = KeyType::Real, .default_value = 0.0, .unit = "mm",
              .meaning = "Shift (x) of the lesion's centre from the grid's centre", .min = -50.0, .max = 50.0});
  schema.add({.key = "lesion.offset_y_mm", .type = KeyType::Real, .default_value = 0.0, .unit = "mm",
              .meaning = "Shift (y) of the lesion's centre from the patch's centre (3D)", .min = -50.0, .max = 50.0});
}

void add_delivery_keys(Schema& schema) {
  schema.add({.key = "delivery.hours", .type = KeyType::Real, .default_value = 0.0, .unit = "h",
              .meaning = "A topical agent (model.transport.D_agent_*, model.rates.*agent*) is on the skin this long "
                         "after each session, entering through the open channels and the intact stratum corneum; "
                         "0 = none. Its dose per layer, with and without the needling, is in the outputs",
              .min = 0.0, .max = 720.0});
  schema.add({.key = "delivery.daily_hours", .type = KeyType::Real, .default_value = 0.0, .unit = "h/day",
              .meaning = "A home regimen of the same agent: from delivery.hours after each session to the end of the "
                         "run it is on the skin this many hours a day, taken as its daily mean (a share "
                         "daily_hours / 24 of the time); it enters wherever the skin is open (channels still open "
                         "if it starts within hours of a session, else the intact stratum corneum); 0 = none",
              .min = 0.0, .max = 24.0});
}

std::optional<lesion::Lesion> lesion_from_config(const Config& config) {
  const std::string& type = config.text("lesion.type");
  if (type == "none") return std::nullopt;
  const auto& catalog = builtin_lesion_catalog();
  const auto it = std::find_if(catalog.begin(), catalog.end(), [&](const auto& k) { return k.name == type; });
  if (it == catalog.end()) {
    auto names = names_of(catalog);
    names.insert(names.begin(), "none");
    throw InputError("lesion.type", "'" + type + "'", "a lesion kind; " + allowed_names_hint(type, names));
  }
  const double width = config.real("lesion.width_mm");
  const double depth = config.real("lesion.depth_mm");
  return lesion::Lesion{.kind = *it,
                        .width_mm = width > 0.0 ? width : it->width_mm,
                        .depth_mm = depth > 0.0 ? depth : it->depth_mm,
                        .offset_x_mm = config.real("lesion.offset_x_mm"),
                        .offset_y_mm = config.real("lesion.offset_y_mm")};
}

}  // namespace skintwin::io
