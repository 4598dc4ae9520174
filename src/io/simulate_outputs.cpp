// The time series and the outcomes of `skintwin simulate` (text only; run_simulation writes them).
#include <charconv>
#include <cmath>
#include <system_error>
#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "skintwin/core/error.hpp"
#include "skintwin/core/notice.hpp"
#include "skintwin/io/simulate_run.hpp"
#include "skintwin/model/species.hpp"

namespace skintwin::io {
namespace {

using outcome::Snapshot;
using model::Species;

// One CSV column: its name and where its value lives in a Snapshot. Reading and writing go
// through the same table, so the two cannot drift apart.
struct Column {
  std::string name;
  std::function<double&(Snapshot&)> ref;
};

tissue::LayerKind layer_at(std::size_t l) { return static_cast<tissue::LayerKind>(l); }

std::vector<Column> make_columns() {
  std::vector<Column> c;
  c.push_back({"t_days", [](Snapshot& s) -> double& { return s.t_days; }});
  c.push_back({"closure_fraction", [](Snapshot& s) -> double& { return s.closure_fraction; }});
  c.push_back({"erythema_index", [](Snapshot& s) -> double& { return s.erythema_index; }});
  c.push_back({"collagen_iii_fraction_wound", [](Snapshot& s) -> double& { return s.collagen_iii_fraction_wound; }});
  c.push_back({"fibroblast_ratio_wound", [](Snapshot& s) -> double& { return s.fibroblast_ratio_wound; }});
  c.push_back({"inflammation_ratio_wound", [](Snapshot& s) -> double& { return s.inflammation_ratio_wound; }});
  c.push_back({"hypoxic_fraction_wound", [](Snapshot& s) -> double& { return s.hypoxic_fraction_wound; }});
  for (std::size_t l = 0; l < tissue::kLayerCount; ++l)
    c.push_back({fmt::format("vessel_ratio.{}", tissue::layer_name(layer_at(l))),
                 [l](Snapshot& s) -> double& { return s.vessel_ratio[l]; }});
  for (std::size_t sp = 0; sp < model::kSpeciesCount; ++sp)
    c.push_back({fmt::format("wound.{}", model::kSpeciesNames[sp]),
                 [sp](Snapshot& s) -> double& { return s.wound_means[sp]; }});
  for (std::size_t l = 0; l < tissue::kLayerCount; ++l)
    for (std::size_t sp = 0; sp < model::kSpeciesCount; ++sp)
      c.push_back({fmt::format("{}.{}", tissue::layer_name(layer_at(l)), model::kSpeciesNames[sp]),
                   [l, sp](Snapshot& s) -> double& { return s.layer_means[l][sp]; }});
  return c;
}

const std::vector<Column>& columns() {
  static const std::vector<Column> kColumns = make_columns();
  return kColumns;
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(line);
  while (std::getline(in, part, sep)) parts.push_back(part);
  if (!line.empty() && line.back() == sep) parts.emplace_back();
  return parts;
}

// from_chars rounds correctly (subnormals included), so a shortest-form number comes back exact.
double parse_number(const std::string& text, const std::string& where) {
  double v = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
    throw InputError(where, fmt::format("'{}'", text), "a number");
  return v;
}

nlohmann::json peak_json(const outcome::Peak& p) { return {{"value", p.value}, {"day", p.t_days}}; }

double ratio(double value, double baseline) { return baseline > 0.0 ? value / baseline : 0.0; }

}  // namespace

std::vector<std::string> timeseries_columns() {
  std::vector<std::string> names;
  for (const auto& c : columns()) names.push_back(c.name);
  return names;
}

std::string timeseries_csv(std::span<const Snapshot> series) {
  std::string out = fmt::format("# {}\n", kNotice);
  out += fmt::format("{}\n", fmt::join(timeseries_columns(), ","));
  for (Snapshot s : series) {
    std::vector<std::string> cells;
    cells.reserve(columns().size());
    for (const auto& c : columns()) cells.push_back(fmt::format("{}", c.ref(s)));
    out += fmt::format("{}\n", fmt::join(cells, ","));
  }
  return out;
}

std::vector<Snapshot> parse_timeseries_csv(const std::string& text, const std::string& origin) {
  std::istringstream in(text);
  std::string line;
  std::vector<Snapshot> series;
  bool header_seen = false;
  const std::string header = fmt::format("{}", fmt::join(timeseries_columns(), ","));
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    if (line.empty() || line.front() == '#') continue;
    const std::string where = fmt::format("{}:{}", origin, line_no);
    if (!header_seen) {
      if (line != header) throw InputError(where, "the header", "the time-series columns of this skintwin version");
      header_seen = true;
      continue;
    }
    const auto cells = split(line, ',');
    if (cells.size() != columns().size())
      throw InputError(where, fmt::format("{} cells", cells.size()), fmt::format("{} cells", columns().size()));
    Snapshot s;
    for (std::size_t i = 0; i < cells.size(); ++i) columns()[i].ref(s) = parse_number(cells[i], where);
    series.push_back(s);
  }
  if (!header_seen) throw InputError(origin, "no header", "a skintwin time series");
  return series;
}

nlohmann::json session_outcomes(std::span<const Snapshot> series, const Snapshot& healthy, double redness_threshold) {
  const auto wound = [](Species sp) { return [sp](const Snapshot& s) { return s.wound_means[model::index(sp)]; }; };
  const double vessels_healthy = healthy.wound_means[model::index(Species::Vessels)];
  const auto vessels = outcome::peak_of(series, [&](const Snapshot& s) {
    return ratio(s.wound_means[model::index(Species::Vessels)], vessels_healthy);
  });
  const std::size_t papillary = static_cast<std::size_t>(tissue::LayerKind::PapillaryDermis);
  const auto iii = outcome::peak_of(series, [](const Snapshot& s) { return s.collagen_iii_fraction_wound; });
  const Snapshot& last = series.back();

  nlohmann::json j;
  j["growth_factor_wound"] = peak_json(outcome::peak_of(series, wound(Species::GrowthFactor)));
  j["growth_factor_wound"]["healthy"] = healthy.wound_means[model::index(Species::GrowthFactor)];
  j["inflammation_ratio_wound"] =
      peak_json(outcome::peak_of(series, [](const Snapshot& s) { return s.inflammation_ratio_wound; }));
  j["fibroblast_ratio_wound"] =
      peak_json(outcome::peak_of(series, [](const Snapshot& s) { return s.fibroblast_ratio_wound; }));
  j["vessel_ratio_wound"] = peak_json(vessels);
  j["vessel_ratio_wound"]["final"] = ratio(last.wound_means[model::index(Species::Vessels)], vessels_healthy);
  j["vessel_ratio_papillary_dermis"] =
      peak_json(outcome::peak_of(series, [papillary](const Snapshot& s) { return s.vessel_ratio[papillary]; }));
  j["collagen_iii_fraction_wound"] = peak_json(iii);
  j["collagen_iii_fraction_wound"]["healthy"] = healthy.collagen_iii_fraction_wound;
  j["collagen_iii_fraction_wound"]["final"] = last.collagen_iii_fraction_wound;
  j["erythema_index"] = peak_json(outcome::peak_of(series, [](const Snapshot& s) { return s.erythema_index; }));
  j["redness_downtime_days"] = outcome::redness_downtime_days(series, redness_threshold);
  j["redness_threshold"] = redness_threshold;
  const auto all_closed = outcome::closure_time_days(series, 0.99);
  const auto half_closed = outcome::closure_time_days(series, 0.5);
  j["closure_time_h"] = all_closed ? nlohmann::json(*all_closed * 24.0) : nlohmann::json(nullptr);
  j["half_closure_time_h"] = half_closed ? nlohmann::json(*half_closed * 24.0) : nlohmann::json(nullptr);
  j["final_day"] = last.t_days;
  return j;
}

}  // namespace skintwin::io
