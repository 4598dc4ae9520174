#include "skintwin/io/site_catalog.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include "skintwin/core/error.hpp"

namespace skintwin::io {
namespace embedded {
extern const std::string_view sites_csv;  // generated from data/sites.csv (cmake/EmbedText.cmake)
}

namespace {

constexpr std::size_t kFixedColumns = 3;  // name, display_name, region
constexpr std::size_t kNumberColumns = 4 * tissue::kLayerCount;

// Where a field came from, for error messages: "data/sites.csv:12 column 'epi_f_mean'".
struct FieldPlace {
  const std::string& origin;
  std::size_t line;
  std::string_view column;
  std::string key() const { return origin + ":" + std::to_string(line) + " column '" + std::string(column) + "'"; }
};

std::string_view trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

// Splits one CSV record. Fields in double quotes may hold commas; "" inside them is a quote.
std::vector<std::string> split_record(std::string_view line, const std::string& origin, std::size_t line_no) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"') {
        fields.back() += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  if (quoted)
    throw InputError(origin + ":" + std::to_string(line_no), "an unterminated quoted field",
                     "close every opening double quote on the same line");
  for (auto& f : fields) f = std::string(trimmed(f));
  return fields;
}

double parse_thickness(const std::string& text, const FieldPlace& place, bool is_sd) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  const char* allowed = is_sd ? "a finite number >= 0 (micrometres)" : "a finite number > 0 (micrometres)";
  if (text.empty() || ec != std::errc{} || ptr != end || !std::isfinite(value))
    throw InputError(place.key(), "'" + text + "'", allowed);
  if (value < 0.0 || (!is_sd && value == 0.0)) throw InputError(place.key(), "'" + text + "'", allowed);
  return value;
}

bool is_snake_case(std::string_view name) {
  if (name.empty() || name.front() < 'a' || name.front() > 'z') return false;
  for (const char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::string column_list() {
  std::string out;
  for (const auto& c : site_csv_columns()) out += (out.empty() ? "" : ",") + c;
  return out;
}

tissue::Site parse_site_row(const std::vector<std::string>& fields, const std::string& origin, std::size_t line_no) {
  const auto& columns = site_csv_columns();
  auto place = [&](std::size_t i) { return FieldPlace{origin, line_no, columns[i]}; };
  tissue::Site site;
  site.name = fields[0];
  if (!is_snake_case(site.name))
    throw InputError(place(0).key(), "'" + site.name + "'", "a lowercase snake_case name (a-z, 0-9, _; starts with a letter)");
  site.display_name = fields[1].empty() ? site.name : fields[1];
  site.region = fields[2];
  if (site.region != "face" && site.region != "body")
    throw InputError(place(2).key(), "'" + site.region + "'", "face or body");
  for (std::size_t layer = 0; layer < tissue::kLayerCount; ++layer) {
    const std::size_t base = kFixedColumns + 4 * layer;
    auto& lt = site.layers[layer];
    lt.female.mean_um = parse_thickness(fields[base], place(base), false);
    lt.female.sd_um = parse_thickness(fields[base + 1], place(base + 1), true);
    lt.male.mean_um = parse_thickness(fields[base + 2], place(base + 2), false);
    lt.male.sd_um = parse_thickness(fields[base + 3], place(base + 3), true);
  }
  const std::size_t sources_column = kFixedColumns + kNumberColumns;
  site.sources = fields[sources_column];
  if (site.sources.empty())
    throw InputError(place(sources_column).key(), "''", "the citations for the row's numbers");
  site.derivation = fields[sources_column + 1];
  return site;
}

void check_header(const std::vector<std::string>& fields, const std::string& origin, std::size_t line_no) {
  if (fields == site_csv_columns()) return;
  std::string given;
  for (const auto& f : fields) given += (given.empty() ? "" : ",") + f;
  throw InputError(origin + ":" + std::to_string(line_no) + " header", "'" + given + "'", column_list());
}

}  // namespace

const std::vector<std::string>& site_csv_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> out{"name", "display_name", "region"};
    for (const char* layer : {"epi", "pap", "ret", "hyp"})
      for (const char* stat : {"f_mean", "f_sd", "m_mean", "m_sd"}) out.push_back(std::string(layer) + "_" + stat);
    out.emplace_back("sources");
    out.emplace_back("derivation");
    return out;
  }();
  return columns;
}

tissue::SiteCatalog parse_site_catalog_csv(std::string_view csv_text, const std::string& origin) {
  std::vector<tissue::Site> sites;
  std::map<std::string, std::size_t> first_line_of;
  bool header_seen = false;
  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start <= csv_text.size()) {
    const std::size_t newline = csv_text.find('\n', start);
    const std::size_t stop = newline == std::string_view::npos ? csv_text.size() : newline;
    const std::string_view line = csv_text.substr(start, stop - start);
    start = stop + 1;
    ++line_no;
    const std::string_view content = trimmed(line);
    if (content.empty() || content.front() == '#') continue;
    const auto fields = split_record(content, origin, line_no);
    if (!header_seen) {
      check_header(fields, origin, line_no);
      header_seen = true;
      continue;
    }
    if (fields.size() != site_csv_columns().size())
      throw InputError(origin + ":" + std::to_string(line_no), std::to_string(fields.size()) + " columns",
                       std::to_string(site_csv_columns().size()) + " columns: " + column_list());
    tissue::Site site = parse_site_row(fields, origin, line_no);
    const auto [it, inserted] = first_line_of.emplace(site.name, line_no);
    if (!inserted)
      throw InputError(origin + ":" + std::to_string(line_no) + " column 'name'", "'" + site.name + "'",
                       "a name not used before (already on line " + std::to_string(it->second) + ")");
    sites.push_back(std::move(site));
  }
  if (sites.empty()) throw InputError(origin, "no site rows", "a header line and at least one site row");
  return tissue::SiteCatalog(std::move(sites));
}

const tissue::SiteCatalog& builtin_site_catalog() {
  static const tissue::SiteCatalog catalog = parse_site_catalog_csv(embedded::sites_csv, "data/sites.csv (built in)");
  return catalog;
}

}  // namespace skintwin::io
