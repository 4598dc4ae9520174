#pragma once
// Layered configuration: the schema (every key with type, default, unit, meaning and allowed
// range, declared once in code) -> TOML file(s) -> `--set key=value` overrides.
// `skintwin config --defaults` and docs/config.md are generated from the same schema.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace skintwin::io {

// The list types hold one value per item of something the run has several of (a course's
// sessions); min/max and choices apply to each element.
enum class KeyType { Boolean, Integer, Real, Text, IntegerList, RealList, TextList };

using IntegerList = std::vector<std::int64_t>;
using RealList = std::vector<double>;
using TextList = std::vector<std::string>;
using Value = std::variant<bool, std::int64_t, double, std::string, IntegerList, RealList, TextList>;

struct KeySpec {
  std::string key;      // dotted path, e.g. "device.set_depth_mm"
  KeyType type = KeyType::Real;
  Value default_value;  // must match `type`
  std::string unit;     // "mm", "1/cm^2", "" for dimensionless or text
  std::string meaning;  // one sentence for --defaults and docs/config.md
  std::optional<double> min;  // bounds for Integer and Real keys, inclusive unless marked
  std::optional<double> max;
  std::vector<std::string> choices;  // allowed values for Text keys; empty means free text
  bool min_exclusive = false;
  bool max_exclusive = false;
  std::string source = {};  // scientific parameters: "[tag] citation" (docs/model.md)
};

class Schema {
public:
  // Throws std::logic_error on a duplicate key or a default that violates its own spec
  // (a programming error, caught by the tests).
  void add(KeySpec spec);
  const KeySpec* find(const std::string& key) const;
  const std::vector<KeySpec>& keys() const noexcept { return keys_; }
  std::vector<std::string> key_names() const;

private:
  std::vector<KeySpec> keys_;
};

// Each stage declares its own keys; default_schema() calls them all. Keep one function per
// stage so that a stage's keys live next to the code that reads them.
void add_run_keys(Schema& schema);     // src/io/config_schema.cpp: run.*, output.*
void add_site_keys(Schema& schema);    // src/io/site_config.cpp: site.*, patient.*
void add_device_keys(Schema& schema);  // src/io/device_config.cpp: device.*, protocol.*
void add_simulation_keys(Schema& schema);  // src/io/simulation_config.cpp: simulate.*
// model.*, injury.*, penetration.*, observables.*: src/io/parameter_config.cpp (from the
// descriptor tables of each stage).
Schema default_schema();

// Where a resolved value came from, for provenance in outputs.
struct ValueOrigin {
  std::string source;  // "default", a file path, or "--set"
};

class Config {
public:
  // Resolves defaults, then each file in order, then each "key=value" override. Throws
  // InputError (naming key, value and what is allowed) on malformed TOML (with line:column),
  // unknown keys (suggesting the nearest), wrong types, NaN/inf, values out of range or not
  // among the choices.
  static Config resolve(const Schema& schema, const std::vector<std::filesystem::path>& files,
                        const std::vector<std::string>& overrides);
  // As resolve() but from TOML text already in memory (`origin` names it in messages).
  static Config resolve_text(const Schema& schema, const std::string& toml_text, const std::string& origin,
                             const std::vector<std::string>& overrides = {});
  // A Config refers to its schema: a temporary one would be gone before the Config is read.
  static Config resolve(const Schema&& schema, const std::vector<std::filesystem::path>& files,
                        const std::vector<std::string>& overrides) = delete;
  static Config resolve_text(const Schema&& schema, const std::string& toml_text, const std::string& origin,
                             const std::vector<std::string>& overrides = {}) = delete;

  bool flag(const std::string& key) const;
  std::int64_t integer(const std::string& key) const;
  double real(const std::string& key) const;
  const std::string& text(const std::string& key) const;
  const IntegerList& integers(const std::string& key) const;
  const RealList& reals(const std::string& key) const;
  const TextList& texts(const std::string& key) const;
  // The items a list key holds (std::bad_variant_access for a scalar key).
  std::size_t list_size(const std::string& key) const;
  // Whether the key was given in a file or --set (not left at its default).
  bool given(const std::string& key) const { return origin(key).source != "default"; }
  const Value& value(const std::string& key) const;
  const ValueOrigin& origin(const std::string& key) const;
  const Schema& schema() const noexcept { return *schema_; }

  // Overwrite one value after resolution (e.g. a seed drawn at run time), validated like --set.
  void set(const std::string& key, const Value& v, const std::string& source);

  // Every key, resolved, as TOML (grouped by table, with units as comments) and as JSON.
  std::string to_toml() const;
  nlohmann::json to_json() const;

private:
  explicit Config(const Schema& schema);
  void apply_toml(const std::string& toml_text, const std::string& origin);
  void apply_overrides(const std::vector<std::string>& overrides);
  const Schema* schema_;
  std::map<std::string, Value> values_;
  std::map<std::string, ValueOrigin> origins_;
};

// "1.5", "true", "pen-12", "[1.5, 2]" or "1.5,2" (a list) -> a Value of the key's type; throws InputError.
Value parse_value_text(const KeySpec& spec, const std::string& text);
std::string value_to_text(const Value& v);

// Human-readable listing of the schema: a table for the terminal, Markdown for docs/config.md.
std::string schema_table(const Schema& schema);
std::string schema_markdown(const Schema& schema);
nlohmann::json schema_json(const Schema& schema);

}  // namespace skintwin::io
