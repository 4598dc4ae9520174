#pragma once
// The parameter descriptor tables as config keys: each row becomes a key "<prefix>.<name>" with
// its unit, default, range and source, settable in TOML and with --set; a resolved config gives
// back the typed struct. See core/parameter_table.hpp.
#include <string>
#include <vector>

#include "skintwin/core/parameter_table.hpp"
#include "skintwin/io/config.hpp"

namespace skintwin::io {

// "[F] fitted here: <source>. <note>" for --defaults and docs.
std::string source_text(const ParameterInfo& info);

KeySpec key_spec(const std::string& key, const ParameterInfo& info, double default_value);

template <class Params>
void add_parameter_keys(Schema& schema, const ParameterTable<Params>& table) {
  for (const auto& row : table.rows()) schema.add(key_spec(table.key(row), row.info, row.default_value));
}

template <class Params>
Params parameters_from(const Config& config, const ParameterTable<Params>& table) {
  Params p{};
  for (const auto& row : table.rows()) {
    const std::string key = table.key(row);
    row.set(p, row.info.range.integer ? static_cast<double>(config.integer(key)) : config.real(key));
  }
  return p;
}

// model.*, injury.*, penetration.*, observables.*
void add_parameter_keys(Schema& schema);

// Every parameter of every table (model, injury, penetration, observables), for tools that vary
// them (skintwin sensitivity).
struct ParameterEntry {
  std::string key;
  double default_value = 0.0;
  ParameterInfo info;
};
std::vector<ParameterEntry> parameter_catalog();

// Every table's Markdown, keyed by its prefix ("model", "injury", ...), for docs/model.md.
struct GeneratedTable {
  std::string prefix;
  std::string markdown;
};
std::vector<GeneratedTable> parameter_tables_markdown();

}  // namespace skintwin::io
