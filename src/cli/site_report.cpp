#include "site_report.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include <fmt/format.h>

#include "skintwin/core/notice.hpp"

namespace skintwin::cli {
namespace {

using tissue::LayerKind;
using tissue::Sex;
using tissue::Site;
using tissue::Thickness;

constexpr std::array<Sex, 3> kAllSexes{Sex::Female, Sex::Male, Sex::Unspecified};

// Terminal columns of UTF-8 text ("±" and "µ" are one column, two bytes).
std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string padded(std::string_view text, std::size_t width) {
  std::string out(text);
  out.append(width - std::min(width, display_width(text)), ' ');
  return out;
}

std::string mean_sd(const Thickness& t) { return fmt::format("{:.0f} ± {:.0f}", t.mean_um, t.sd_um); }

// Rows of cells -> aligned text, two spaces between columns, no trailing blanks.
std::string aligned(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) line += (c + 1 < row.size()) ? padded(row[c], widths[c] + 2) : row[c];
    out += line + "\n";
  }
  return out;
}

// The catalog keeps citations and derivation steps as "; "-separated lists.
std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t stop = text.find("; ", start);
    if (stop == std::string_view::npos) stop = text.size();
    if (stop > start) items.emplace_back(text.substr(start, stop - start));
    start = stop + 2;
  }
  return items;
}

std::string bullet_list(std::string_view title, std::string_view text) {
  std::string out = std::string(title) + ":\n";
  const auto items = split_list(text);
  if (items.empty()) out += "  (none: every value is a direct measurement)\n";
  for (const auto& item : items) out += "  - " + item + "\n";
  return out;
}

std::string layer_label(LayerKind kind) {
  std::string label = tissue::layer_name(kind);
  std::replace(label.begin(), label.end(), '_', ' ');
  return label;
}

std::string layers_block(const Site& site) {
  std::vector<std::vector<std::string>> rows{{"layer (µm, mean ± sd)", "female", "male", "unspecified"}};
  for (std::size_t i = 0; i < tissue::kLayerCount; ++i) {
    const auto kind = static_cast<LayerKind>(i);
    std::vector<std::string> row{layer_label(kind)};
    for (const Sex sex : kAllSexes) row.push_back(mean_sd(site.layer(kind).of(sex)));
    rows.push_back(std::move(row));
  }
  std::vector<std::string> dermis_row{"dermis (papillary + reticular)"};
  for (const Sex sex : kAllSexes) dermis_row.push_back(mean_sd(site.dermis(sex)));
  rows.push_back(std::move(dermis_row));
  return aligned(rows);
}

std::string boundaries_block(const Site& site) {
  std::vector<std::vector<std::string>> rows{{"boundary (depth below the surface, µm)", "female", "male", "unspecified"}};
  for (std::size_t i = 0; i < tissue::kLayerCount; ++i) {
    const auto kind = static_cast<LayerKind>(i);
    const std::string label = i + 1 < tissue::kLayerCount
                                  ? layer_label(kind) + " / " + layer_label(static_cast<LayerKind>(i + 1))
                                  : "bottom of the " + layer_label(kind);
    std::vector<std::string> row{label};
    for (const Sex sex : kAllSexes) row.push_back(fmt::format("{:.0f}", site.bottom_um(kind, sex)));
    rows.push_back(std::move(row));
  }
  return aligned(rows);
}

nlohmann::json thickness_json(const Thickness& t) { return {{"mean_um", t.mean_um}, {"sd_um", t.sd_um}}; }

template <typename F>
nlohmann::json per_sex(F&& value_of) {
  nlohmann::json out = nlohmann::json::object();
  for (const Sex sex : kAllSexes) out[tissue::sex_name(sex)] = value_of(sex);
  return out;
}

}  // namespace

std::string site_table_text(const tissue::SiteCatalog& catalog, tissue::Sex sex) {
  std::vector<std::vector<std::string>> rows{
      {"site", "region", "epidermis", "papillary", "reticular", "dermis", "hypodermis"}};
  for (const auto& site : catalog.sites()) {
    rows.push_back({site.name, site.region, mean_sd(site.layer(LayerKind::Epidermis).of(sex)),
                    mean_sd(site.layer(LayerKind::PapillaryDermis).of(sex)),
                    mean_sd(site.layer(LayerKind::ReticularDermis).of(sex)), mean_sd(site.dermis(sex)),
                    mean_sd(site.layer(LayerKind::Hypodermis).of(sex))});
  }
  std::string out = fmt::format("Skin layer thickness by site, {} (µm, mean ± sd between people)\n\n", tissue::sex_name(sex));
  out += aligned(rows);
  out += "\nSources and derivations: skintwin sites <name>\n";
  out += std::string(kNotice) + "\n";
  return out;
}

std::string site_detail_text(const tissue::Site& site) {
  std::string out = fmt::format("{} [{}], {}\n\n", site.display_name, site.name, site.region);
  out += layers_block(site) + "\n";
  out += boundaries_block(site) + "\n";
  out += bullet_list("Sources", site.sources) + "\n";
  out += bullet_list("Derivation", site.derivation) + "\n";
  out += std::string(kNotice) + "\n";
  return out;
}

nlohmann::json site_json(const tissue::Site& site) {
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t i = 0; i < tissue::kLayerCount; ++i) {
    const auto kind = static_cast<LayerKind>(i);
    layers.push_back({{"layer", tissue::layer_name(kind)},
                      {"thickness", per_sex([&](Sex sex) { return thickness_json(site.layer(kind).of(sex)); })},
                      {"top_um", per_sex([&](Sex sex) { return site.top_um(kind, sex); })},
                      {"bottom_um", per_sex([&](Sex sex) { return site.bottom_um(kind, sex); })}});
  }
  return {{"name", site.name},
          {"display_name", site.display_name},
          {"region", site.region},
          {"layers", layers},
          {"dermis", per_sex([&](Sex sex) { return thickness_json(site.dermis(sex)); })},
          {"dermis_bottom_um", per_sex([&](Sex sex) { return site.dermis_bottom_um(sex); })},
          {"sources", split_list(site.sources)},
          {"derivation", split_list(site.derivation)},
          {"notice", std::string(kNotice)}};
}

nlohmann::json site_catalog_json(const tissue::SiteCatalog& catalog) {
  nlohmann::json sites = nlohmann::json::array();
  for (const auto& site : catalog.sites()) {
    nlohmann::json entry = site_json(site);
    entry.erase("notice");  // carried once, at the top
    sites.push_back(std::move(entry));
  }
  return {{"notice", std::string(kNotice)}, {"units", "micrometres"}, {"sites", std::move(sites)}};
}

}  // namespace skintwin::cli
