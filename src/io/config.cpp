#include "skintwin/io/config.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "skintwin/core/error.hpp"
#include "skintwin/core/notice.hpp"
#include "skintwin/core/parameter_table.hpp"
#include "skintwin/core/text.hpp"
#include "skintwin/io/files.hpp"

namespace skintwin::io {
namespace {

const char* type_name(KeyType type) {
  switch (type) {
    case KeyType::Boolean: return "boolean";
    case KeyType::Integer: return "integer";
    case KeyType::Real: return "number";
    case KeyType::Text: return "text";
    case KeyType::IntegerList: return "list of integers";
    case KeyType::RealList: return "list of numbers";
    case KeyType::TextList: return "list of text";
  }
  return "?";
}

// Whether a Value alternative is one of the list types.
template <class T>
constexpr bool kIsList = std::is_same_v<T, IntegerList> || std::is_same_v<T, RealList> || std::is_same_v<T, TextList>;

bool is_list(KeyType type) {
  return type == KeyType::IntegerList || type == KeyType::RealList || type == KeyType::TextList;
}

// The spec one item of a list key is checked against (the key itself for a scalar key).
KeySpec item_spec(const KeySpec& spec) {
  KeySpec item = spec;
  if (spec.type == KeyType::IntegerList) item.type = KeyType::Integer;
  if (spec.type == KeyType::RealList) item.type = KeyType::Real;
  if (spec.type == KeyType::TextList) item.type = KeyType::Text;
  return item;
}

// A list's items as scalar Values.
std::vector<Value> items_of(const Value& v) {
  std::vector<Value> items;
  std::visit(
      [&](const auto& x) {
        if constexpr (kIsList<std::decay_t<decltype(x)>>)
          for (const auto& item : x) items.emplace_back(item);
      },
      v);
  return items;
}

// Scalar items -> the list Value of a list key's type (items already of the item type).
Value list_of(KeyType type, const std::vector<Value>& items) {
  const auto gather = [&]<class T>(std::vector<T> out) {
    for (const Value& item : items) out.push_back(std::get<T>(item));
    return Value(std::move(out));
  };
  if (type == KeyType::IntegerList) return gather(IntegerList{});
  if (type == KeyType::RealList) return gather(RealList{});
  return gather(TextList{});
}

// The numeric bounds of a key, worded and checked by the same Range the parameter tables use.
Range range_of(const KeySpec& spec) {
  return {.min = spec.min,
          .max = spec.max,
          .min_exclusive = spec.min_exclusive,
          .max_exclusive = spec.max_exclusive,
          .integer = spec.type == KeyType::Integer || spec.type == KeyType::IntegerList};
}

std::string allowed_text(const KeySpec& spec) {
  if (is_list(spec.type)) {
    const std::string item = allowed_text(item_spec(spec));
    return "allowed: a list (e.g. [a, b]; [] for none), each item " + item.substr(std::string("allowed: ").size());
  }
  switch (spec.type) {
    case KeyType::Boolean: return "allowed: true or false";
    case KeyType::Integer:
    case KeyType::Real: return "allowed: " + range_of(spec).describe(spec.unit);
    case KeyType::IntegerList:
    case KeyType::RealList:
    case KeyType::TextList: break;
    case KeyType::Text:
      if (spec.choices.empty()) return "allowed: text";
      {
        std::string out = "allowed: ";
        for (std::size_t i = 0; i < spec.choices.size(); ++i) out += (i ? ", " : "") + spec.choices[i];
        return out;
      }
  }
  return "";
}

// Checks a value already of the right type against range and choices.
void check_value(const KeySpec& spec, const Value& v) {
  if (is_list(spec.type)) {
    const KeySpec item = item_spec(spec);
    const std::vector<Value> items = items_of(v);
    for (std::size_t i = 0; i < items.size(); ++i) {
      try {
        check_value(item, items[i]);
      } catch (const InputError& e) {
        throw InputError(spec.key, value_to_text(v), fmt::format("item {} ({}) is not allowed; {}", i + 1,
                                                                 value_to_text(items[i]), allowed_text(spec)));
      }
    }
    return;
  }
  const std::string shown = value_to_text(v);
  if (spec.type == KeyType::Real || spec.type == KeyType::Integer) {
    const double x = spec.type == KeyType::Real ? std::get<double>(v) : static_cast<double>(std::get<std::int64_t>(v));
    if (!std::isfinite(x)) throw InputError(spec.key, shown, "not a finite number; " + allowed_text(spec));
    if (!range_of(spec).contains(x))
      throw InputError(spec.key, shown, "out of range; " + allowed_text(spec));
  }
  if (spec.type == KeyType::Text && !spec.choices.empty()) {
    const auto& s = std::get<std::string>(v);
    if (std::find(spec.choices.begin(), spec.choices.end(), s) == spec.choices.end()) {
      std::string hint;
      if (auto near = nearest_name(s, spec.choices)) hint = "did you mean '" + *near + "'? ";
      throw InputError(spec.key, "'" + s + "'", hint + allowed_text(spec));
    }
  }
}

bool matches_type(const KeySpec& spec, const Value& v) {
  switch (spec.type) {
    case KeyType::Boolean: return std::holds_alternative<bool>(v);
    case KeyType::Integer: return std::holds_alternative<std::int64_t>(v);
    case KeyType::Real: return std::holds_alternative<double>(v);
    case KeyType::Text: return std::holds_alternative<std::string>(v);
    case KeyType::IntegerList: return std::holds_alternative<IntegerList>(v);
    case KeyType::RealList: return std::holds_alternative<RealList>(v);
    case KeyType::TextList: return std::holds_alternative<TextList>(v);
  }
  return false;
}

std::string node_text(const toml::node& node) {
  std::ostringstream out;
  node.visit([&](const auto& n) { out << n; });
  return out.str();
}

std::string source_position(const toml::source_region& where) {
  return fmt::format("{}:{}", where.begin.line, where.begin.column);
}

// A TOML node -> Value of the key's type (integers are accepted where numbers are expected).
Value from_node(const KeySpec& spec, const toml::node& node, const std::string& origin) {
  const std::string at = origin + ":" + source_position(node.source());
  auto wrong = [&](const std::string& shown) {
    return InputError(spec.key, shown, fmt::format("expected {} ({}); {}", type_name(spec.type), at, allowed_text(spec)));
  };
  if (is_list(spec.type)) {
    const auto* array = node.as_array();
    if (!array) throw wrong(node_text(node));
    const KeySpec item = item_spec(spec);
    std::vector<Value> items;
    for (const toml::node& element : *array) {
      try {
        items.push_back(from_node(item, element, origin));
      } catch (const InputError&) {
        throw wrong(node_text(node));
      }
    }
    return list_of(spec.type, items);
  }
  switch (spec.type) {
    case KeyType::Boolean:
      if (auto b = node.value_exact<bool>()) return *b;
      break;
    case KeyType::Integer:
      if (auto i = node.value_exact<std::int64_t>()) return *i;
      break;
    case KeyType::Real:
      if (auto d = node.value_exact<double>()) return *d;
      if (auto i = node.value_exact<std::int64_t>()) return static_cast<double>(*i);
      break;
    case KeyType::Text:
      if (auto s = node.value_exact<std::string>()) return *s;
      break;
    case KeyType::IntegerList:
    case KeyType::RealList:
    case KeyType::TextList: break;
  }
  throw wrong(node_text(node));
}

void collect_leaves(const toml::table& table, const std::string& prefix,
                    std::vector<std::pair<std::string, const toml::node*>>& out) {
  for (const auto& [k, node] : table) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      collect_leaves(*sub, key, out);
    } else {
      out.emplace_back(key, &node);
    }
  }
}

const KeySpec& require_spec(const Schema& schema, const std::string& key, const std::string& shown_value,
                            const std::string& where) {
  if (const auto* spec = schema.find(key)) return *spec;
  const auto names = schema.key_names();
  std::string hint;
  if (auto near = nearest_name(key, names)) hint = "did you mean '" + *near + "'? ";
  throw InputError(key, shown_value, "unknown key" + (where.empty() ? "" : " (" + where + ")") + "; " + hint +
                                         "run `skintwin config --defaults` for every key");
}

toml::table parse_toml(const std::string& text, const std::string& origin) {
  try {
    return toml::parse(std::string_view(text), std::string_view(origin));
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}:{}: malformed TOML: {}", origin, source_position(e.source()), e.description()));
  }
}

}  // namespace

void Schema::add(KeySpec spec) {
  if (find(spec.key)) throw std::logic_error("schema: key '" + spec.key + "' declared twice");
  if (!matches_type(spec, spec.default_value))
    throw std::logic_error("schema: default of '" + spec.key + "' does not match its type");
  try {
    check_value(spec, spec.default_value);
  } catch (const InputError& e) {
    throw std::logic_error(std::string("schema: default violates its own spec: ") + e.what());
  }
  keys_.push_back(std::move(spec));
}

const KeySpec* Schema::find(const std::string& key) const {
  const auto it = std::find_if(keys_.begin(), keys_.end(), [&](const KeySpec& s) { return s.key == key; });
  return it == keys_.end() ? nullptr : &*it;
}

std::vector<std::string> Schema::key_names() const {
  std::vector<std::string> names;
  names.reserve(keys_.size());
  for (const auto& s : keys_) names.push_back(s.key);
  return names;
}

std::string value_to_text(const Value& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) return x ? "true" : "false";
        else if constexpr (std::is_same_v<T, std::int64_t>) return std::to_string(x);
        else if constexpr (std::is_same_v<T, double>) return fmt::format("{:g}", x);
        else if constexpr (std::is_same_v<T, std::string>) return x;
        else {
          std::string out = "[";
          for (std::size_t i = 0; i < x.size(); ++i) {
            const std::string item = value_to_text(Value(x[i]));
            out += (i ? ", " : "") + (std::is_same_v<T, TextList> ? "\"" + item + "\"" : item);
          }
          return out + "]";
        }
      },
      v);
}

namespace {

std::string trimmed(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

std::string unquoted(std::string s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) s = s.substr(1, s.size() - 2);
  return s;
}

// "a, b" (bare words, as a shell passes them) -> ["a", "b"]; "" -> [].
TextList split_words(const std::string& text) {
  TextList out;
  if (trimmed(text).empty()) return out;
  std::size_t start = 0;
  for (auto comma = text.find(','); ; comma = text.find(',', start)) {
    out.push_back(unquoted(trimmed(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start))));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// A text list from the command line: bare words (the shell has taken the quotes), with or without
// brackets, or a TOML array with quoted items.
Value text_list(const KeySpec& spec, const std::string& text) {
  const std::string t = trimmed(text);
  if (t.rfind('[', 0) != 0) return split_words(t);
  try {
    const toml::table parsed = toml::parse(std::string_view(std::string("v = ") + t), std::string_view("--set"));
    return from_node(spec, *parsed.get("v"), "--set");
  } catch (const toml::parse_error&) {
    if (t.back() != ']') throw InputError(spec.key, "'" + text + "'", "a list closed by ]; " + allowed_text(spec));
    return split_words(t.substr(1, t.size() - 2));
  }
}

}  // namespace

Value parse_value_text(const KeySpec& spec, const std::string& text) {
  Value v;
  // Parse as a one-line TOML document so that --set accepts exactly what a file accepts; bare
  // words are taken as text for text keys ("--set site.name=cheek").
  // A list may be given without its brackets ("--set course.set_depth_mm=1.5,2"), and a text list
  // as bare words ("--set course.devices=pen-12,roller-192").
  if (spec.type == KeyType::Text) {
    v = unquoted(text);
  } else if (spec.type == KeyType::TextList) {
    v = text_list(spec, text);
  } else {
    const std::string document = is_list(spec.type) && trimmed(text).rfind('[', 0) != 0 ? "[" + text + "]" : text;
    toml::table t;
    try {
      t = toml::parse(std::string_view(std::string("v = ") + document), std::string_view("--set"));
    } catch (const toml::parse_error&) {
      throw InputError(spec.key, "'" + text + "'", "not a valid " + std::string(type_name(spec.type)) + "; " + allowed_text(spec));
    }
    v = from_node(spec, *t.get("v"), "--set");
  }
  check_value(spec, v);
  return v;
}

Config::Config(const Schema& schema) : schema_(&schema) {
  for (const auto& spec : schema.keys()) {
    values_[spec.key] = spec.default_value;
    origins_[spec.key] = {"default"};
  }
}

void Config::apply_toml(const std::string& toml_text, const std::string& origin) {
  const toml::table table = parse_toml(toml_text, origin);
  std::vector<std::pair<std::string, const toml::node*>> leaves;
  collect_leaves(table, "", leaves);
  for (const auto& [key, node] : leaves) {
    const KeySpec& spec = require_spec(*schema_, key, node_text(*node), origin + ":" + source_position(node->source()));
    Value v = from_node(spec, *node, origin);
    check_value(spec, v);
    values_[key] = std::move(v);
    origins_[key] = {origin};
  }
}

void Config::apply_overrides(const std::vector<std::string>& overrides) {
  // A key given twice in --set is a mistake (which one was meant?), not "last wins".
  std::map<std::string, std::string> given;
  for (const auto& item : overrides) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError("--set", "'" + item + "'", "expected KEY=VALUE, e.g. --set device.set_depth_mm=1.0");
    const std::string key = item.substr(0, eq);
    const std::string text = item.substr(eq + 1);
    const KeySpec& spec = require_spec(*schema_, key, "'" + text + "'", "--set");
    if (const auto first = given.find(key); first != given.end())
      throw InputError(key, "'" + text + "'",
                       "given twice in --set (first as '" + first->second + "'); give each key once");
    given.emplace(key, text);
    values_[key] = parse_value_text(spec, text);
    origins_[key] = {"--set"};
  }
}

Config Config::resolve(const Schema& schema, const std::vector<std::filesystem::path>& files,
                       const std::vector<std::string>& overrides) {
  Config config(schema);
  for (const auto& file : files) config.apply_toml(read_text_file(file), file.string());
  config.apply_overrides(overrides);
  return config;
}

Config Config::resolve_text(const Schema& schema, const std::string& toml_text, const std::string& origin,
                            const std::vector<std::string>& overrides) {
  Config config(schema);
  config.apply_toml(toml_text, origin);
  config.apply_overrides(overrides);
  return config;
}

const Value& Config::value(const std::string& key) const {
  const auto it = values_.find(key);
  if (it == values_.end()) throw std::out_of_range("config: no key '" + key + "' in the schema");
  return it->second;
}

const ValueOrigin& Config::origin(const std::string& key) const {
  const auto it = origins_.find(key);
  if (it == origins_.end()) throw std::out_of_range("config: no key '" + key + "' in the schema");
  return it->second;
}

bool Config::flag(const std::string& key) const { return std::get<bool>(value(key)); }
std::int64_t Config::integer(const std::string& key) const { return std::get<std::int64_t>(value(key)); }
double Config::real(const std::string& key) const { return std::get<double>(value(key)); }
const std::string& Config::text(const std::string& key) const { return std::get<std::string>(value(key)); }
const IntegerList& Config::integers(const std::string& key) const { return std::get<IntegerList>(value(key)); }
const RealList& Config::reals(const std::string& key) const { return std::get<RealList>(value(key)); }
const TextList& Config::texts(const std::string& key) const { return std::get<TextList>(value(key)); }
std::size_t Config::list_size(const std::string& key) const {
  return std::visit(
      [](const auto& x) -> std::size_t {
        if constexpr (kIsList<std::decay_t<decltype(x)>>) return x.size();
        else throw std::bad_variant_access();
      },
      value(key));
}

void Config::set(const std::string& key, const Value& v, const std::string& source) {
  const KeySpec& spec = require_spec(*schema_, key, value_to_text(v), source);
  if (!matches_type(spec, v)) throw InputError(key, value_to_text(v), allowed_text(spec));
  check_value(spec, v);
  values_[key] = v;
  origins_[key] = {source};
}

std::string Config::to_toml() const {
  toml::table root;
  for (const auto& spec : schema_->keys()) {
    const Value& v = values_.at(spec.key);
    toml::table* table = &root;
    std::string rest = spec.key;
    for (auto dot = rest.find('.'); dot != std::string::npos; dot = rest.find('.')) {
      const std::string part = rest.substr(0, dot);
      rest = rest.substr(dot + 1);
      if (!table->contains(part)) table->insert(part, toml::table{});
      table = table->get_as<toml::table>(part);
    }
    std::visit(
        [&](const auto& x) {
          if constexpr (kIsList<std::decay_t<decltype(x)>>) {
            toml::array items;
            for (const auto& item : x) items.push_back(item);
            table->insert_or_assign(rest, std::move(items));
          } else {
            table->insert_or_assign(rest, x);
          }
        },
        v);
  }
  std::ostringstream out;
  out << "# Resolved skintwin configuration (defaults <- files <- --set).\n# " << kNotice << "\n"
      << root << "\n";
  return out.str();
}

nlohmann::json Config::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& spec : schema_->keys()) {
    std::visit([&](const auto& x) { out[spec.key] = x; }, values_.at(spec.key));
  }
  return out;
}

std::string schema_table(const Schema& schema) {
  std::size_t key_width = 3;
  std::size_t default_width = 7;
  for (const auto& s : schema.keys()) {
    key_width = std::max(key_width, s.key.size());
    default_width = std::max(default_width, value_to_text(s.default_value).size() + 2);
  }
  std::string out = fmt::format("{:<{}}  {:<{}}  {:<8}  {}\n", "key", key_width, "default", default_width, "unit", "meaning");
  for (const auto& s : schema.keys()) {
    std::string def = value_to_text(s.default_value);
    if (s.type == KeyType::Text) def = "\"" + def + "\"";
    std::string meaning = s.meaning;
    const std::string allowed = allowed_text(s);
    if (s.type != KeyType::Text || !s.choices.empty()) meaning += " [" + allowed.substr(std::string("allowed: ").size()) + "]";
    if (!s.source.empty()) meaning += " Source: " + s.source;
    out += fmt::format("{:<{}}  {:<{}}  {:<8}  {}\n", s.key, key_width, def, default_width, s.unit.empty() ? "-" : s.unit, meaning);
  }
  return out;
}

std::string schema_markdown(const Schema& schema) {
  std::string out = "| key | type | default | unit | meaning | allowed | source |\n|---|---|---|---|---|---|---|\n";
  for (const auto& s : schema.keys()) {
    std::string def = value_to_text(s.default_value);
    if (s.type == KeyType::Text) def = "\"" + def + "\"";
    out += fmt::format("| `{}` | {} | `{}` | {} | {} | {} | {} |\n", s.key, type_name(s.type), def,
                       s.unit.empty() ? "-" : s.unit, s.meaning, allowed_text(s).substr(std::string("allowed: ").size()),
                       s.source.empty() ? "-" : s.source);
  }
  return out;
}

nlohmann::json schema_json(const Schema& schema) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : schema.keys()) {
    nlohmann::json k;
    k["key"] = s.key;
    k["type"] = type_name(s.type);
    std::visit([&](const auto& x) { k["default"] = x; }, s.default_value);
    k["unit"] = s.unit;
    k["meaning"] = s.meaning;
    if (s.min) k["min"] = *s.min;
    if (s.max) k["max"] = *s.max;
    if (s.min && s.min_exclusive) k["min_exclusive"] = true;
    if (s.max && s.max_exclusive) k["max_exclusive"] = true;
    if (!s.choices.empty()) k["choices"] = s.choices;
    if (!s.source.empty()) k["source"] = s.source;
    out.push_back(std::move(k));
  }
  return out;
}

}  // namespace skintwin::io
