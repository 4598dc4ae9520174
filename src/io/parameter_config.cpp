#include "skintwin/io/parameter_config.hpp"

#include <fmt/format.h>

#include "skintwin/device/penetration.hpp"
#include "skintwin/injury/parameters.hpp"
#include "skintwin/model/parameters.hpp"
#include "skintwin/outcome/observables.hpp"

namespace skintwin::io {
namespace {

// Markdown cells hold no raw '|'.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else out += c;
  }
  return out.empty() ? "-" : out;
}

template <class Params>
std::string table_markdown(const ParameterTable<Params>& table) {
  std::string out = "| key | symbol | default | unit | allowed | source | note |\n|---|---|---|---|---|---|---|\n";
  for (const auto& row : table.rows()) {
    const auto& i = row.info;
    out += fmt::format("| `{}` | {} | {:g} | {} | {} | [{}] {} | {} |\n", table.key(row), cell(i.symbol), row.default_value,
                       cell(i.unit), cell(i.range.describe()), source_tag(i.kind), cell(i.source), cell(i.note));
  }
  return out;
}

}  // namespace

std::string source_text(const ParameterInfo& info) {
  std::string out = fmt::format("[{}] {}", source_tag(info.kind), source_label(info.kind));
  if (!info.source.empty()) out += ": " + info.source;
  if (!info.note.empty()) out += ". Note: " + info.note;
  return out;
}

KeySpec key_spec(const std::string& key, const ParameterInfo& info, double default_value) {
  KeySpec spec{.key = key,
               .type = info.range.integer ? KeyType::Integer : KeyType::Real,
               .default_value = info.range.integer ? Value{static_cast<std::int64_t>(default_value)} : Value{default_value},
               .unit = info.unit,
               .meaning = info.symbol.empty() ? info.meaning : info.symbol + ": " + info.meaning,
               .min = info.range.min,
               .max = info.range.max,
               .min_exclusive = info.range.min_exclusive,
               .max_exclusive = info.range.max_exclusive,
               .source = source_text(info)};
  return spec;
}

void add_parameter_keys(Schema& schema) {
  add_parameter_keys(schema, model::healing_parameter_table());
  add_parameter_keys(schema, injury::injury_parameter_table());
  add_parameter_keys(schema, device::penetration_parameter_table());
  add_parameter_keys(schema, outcome::observable_parameter_table());
}

namespace {
template <class Params>
void add_entries(std::vector<ParameterEntry>& out, const ParameterTable<Params>& table) {
  for (const auto& row : table.rows()) out.push_back({table.key(row), row.default_value, row.info});
}
}  // namespace

std::vector<ParameterEntry> parameter_catalog() {
  std::vector<ParameterEntry> out;
  add_entries(out, model::healing_parameter_table());
  add_entries(out, injury::injury_parameter_table());
  add_entries(out, device::penetration_parameter_table());
  add_entries(out, outcome::observable_parameter_table());
  return out;
}

std::vector<GeneratedTable> parameter_tables_markdown() {
  return {{model::healing_parameter_table().prefix(), table_markdown(model::healing_parameter_table())},
          {injury::injury_parameter_table().prefix(), table_markdown(injury::injury_parameter_table())},
          {device::penetration_parameter_table().prefix(), table_markdown(device::penetration_parameter_table())},
          {outcome::observable_parameter_table().prefix(), table_markdown(outcome::observable_parameter_table())}};
}

}  // namespace skintwin::io
