#include "skintwin/outcome/observables.hpp"
#include "collagen_rows.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "skintwin/core/error.hpp"

namespace skintwin::outcome {
namespace {

using model::Species;
using tissue::LayerKind;

double value_at(const grid::FieldSet& fields, Species s, std::size_t voxel) {
  return static_cast<double>(fields.field(model::index(s))[voxel]);
}

using tissue::is_dermis;

// Σ_z w(z) <X(z)>_x over the dermis, X given per voxel.
template <class PerVoxel>
double optical_sum(const tissue::LayerMap& layers, const grid::Grid& grid, const ErythemaParameters& p, PerVoxel x) {
  const std::size_t plane = layers.plane_size();
  double sum = 0.0;
  for (int k = 0; k < grid.nz(); ++k) {
    if (!is_dermis(layers.layer_of_z(k))) continue;
    const double weight = std::exp(-grid.center_um(grid::Axis::Z, k) / p.optical_depth_um);
    double row = 0.0;
    const std::size_t first = static_cast<std::size_t>(k) * plane;
    for (std::size_t v = first; v < first + plane; ++v) row += x(v);
    sum += weight * row / static_cast<double>(plane);
  }
  return sum;
}

// Epidermal voxels open after the injury, grouped into face-connected sets (lateral sides wrap).
std::vector<std::vector<std::size_t>> find_openings(const tissue::LayerMap& layers, const grid::FieldSet& injured,
                                                    double open_below) {
  const grid::Grid& g = injured.grid();
  const auto coverage = injured.field(std::string(model::species_name(Species::EpidermalCoverage)));
  auto open = [&](std::size_t v) {
    return layers.layer_of_voxel(v) == LayerKind::Epidermis && static_cast<double>(coverage[v]) < open_below;
  };
  std::vector<char> seen(g.voxels(), 0);
  std::vector<std::vector<std::size_t>> openings;
  for (std::size_t start = 0; start < g.voxels(); ++start) {
    if (seen[start] || !open(start)) continue;
    std::vector<std::size_t> members;
    std::deque<std::size_t> queue{start};
    seen[start] = 1;
    while (!queue.empty()) {
      const std::size_t v = queue.front();
      queue.pop_front();
      members.push_back(v);
      const int i = static_cast<int>(v % static_cast<std::size_t>(g.nx()));
      const int j = static_cast<int>((v / static_cast<std::size_t>(g.nx())) % static_cast<std::size_t>(g.ny()));
      const int k = static_cast<int>(v / layers.plane_size());
      const int nbrs[6][3] = {{i - 1, j, k}, {i + 1, j, k}, {i, j - 1, k}, {i, j + 1, k}, {i, j, k - 1}, {i, j, k + 1}};
      for (const auto& n : nbrs) {
        if (n[2] < 0 || n[2] >= g.nz()) continue;
        const int ni = (n[0] + g.nx()) % g.nx();
        const int nj = (n[1] + g.ny()) % g.ny();
        const std::size_t w = g.index(ni, nj, n[2]);
        if (seen[w] || !open(w)) continue;
        seen[w] = 1;
        queue.push_back(w);
      }
    }
    openings.push_back(std::move(members));
  }
  return openings;
}

double mean_over(std::span<const grid::Real> field, const std::vector<std::size_t>& voxels) {
  if (voxels.empty()) return 0.0;
  double sum = 0.0;
  for (const std::size_t v : voxels) sum += static_cast<double>(field[v]);
  return sum / static_cast<double>(voxels.size());
}

double mean_over(const grid::FieldSet& fields, Species s, const std::vector<std::size_t>& voxels) {
  return mean_over(fields.field(model::index(s)), voxels);
}

// Σ_z w <V> of a vessel field over the dermis: what new vessels are counted against.
double optical_vessels_of(const tissue::LayerMap& layers, const grid::Grid& grid, const ErythemaParameters& p,
                          std::span<const grid::Real> vessels) {
  return optical_sum(layers, grid, p, [&](std::size_t v) { return static_cast<double>(vessels[v]); });
}

double ratio_or_zero(double value, double reference) { return reference > 0.0 ? value / reference : 0.0; }

}  // namespace

namespace {
// The components against the healthy resident cells and vessels, per voxel; `optical_vessels` is
// Σ_z w <V_b> of those vessels.
ErythemaComponents erythema_against(const tissue::LayerMap& layers, std::span<const grid::Real> resident,
                                    std::span<const grid::Real> healthy_vessels, double optical_vessels,
                                    const grid::FieldSet& fields, const ErythemaParameters& p) {
  const grid::Grid& g = fields.grid();
  const std::size_t plane = layers.plane_size();
  const auto damage = fields.field(model::index(Species::Damage));
  const auto cells = fields.field(model::index(Species::InflammatoryCells));
  // Column integrals below the epidermis, as means over the columns: injured tissue and
  // inflammatory cells along the whole column dilate the arterioles that rise through it.
  double damage_sum = 0.0;
  double inflammation_sum = 0.0;
  for (int k = 0; k < g.nz(); ++k) {
    if (layers.layer_of_z(k) == LayerKind::Epidermis) continue;
    const std::size_t first = static_cast<std::size_t>(k) * plane;
    double row_damage = 0.0;
    double row_inflammation = 0.0;
    for (std::size_t v = first; v < first + plane; ++v) {
      row_damage += static_cast<double>(damage[v]);
      const double m_b = static_cast<double>(resident[v]);
      row_inflammation += m_b > 0.0 ? std::max(0.0, static_cast<double>(cells[v]) / m_b - 1.0) : 0.0;
    }
    damage_sum += row_damage * g.spacing_um(grid::Axis::Z);
    inflammation_sum += row_inflammation * g.spacing_um(grid::Axis::Z);
  }
  ErythemaComponents c;
  c.column_damage_um = damage_sum / static_cast<double>(plane);
  c.column_inflammation_um = inflammation_sum / static_cast<double>(plane);
  const double surplus = optical_sum(layers, g, p, [&](std::size_t v) {
    return std::max(0.0, value_at(fields, Species::Vessels, v) - static_cast<double>(healthy_vessels[v]));
  });
  c.new_vessel_blood = optical_vessels > 0.0 ? surplus / optical_vessels : 0.0;
  return c;
}
}  // namespace

ErythemaComponents erythema_components(const tissue::LayerMap& layers, const grid::FieldSet& healthy,
                                       const grid::FieldSet& fields, const ErythemaParameters& p) {
  const auto vessels = healthy.field(model::index(Species::Vessels));
  return erythema_against(layers, healthy.field(model::index(Species::InflammatoryCells)), vessels,
                          optical_vessels_of(layers, fields.grid(), p, vessels), fields, p);
}

double vasoactive_load(const ErythemaComponents& c, const ErythemaParameters& p) {
  return (c.column_damage_um + c.column_inflammation_um / p.inflammation_per_damage) / p.load_length_um;
}

double erythema_index(const ErythemaComponents& c, const ErythemaParameters& p) {
  const double load = vasoactive_load(c, p);
  return p.index_scale * (p.dilation_gain * load / (1.0 + load) + p.new_vessel_perfusion * c.new_vessel_blood);
}

double erythema_index(const tissue::LayerMap& layers, const grid::FieldSet& healthy, const grid::FieldSet& fields,
                      const ErythemaParameters& p) {
  return erythema_index(erythema_components(layers, healthy, fields, p), p);
}

namespace {
// Every species' mean over each layer's voxels; `counts` gets the voxels of each layer.
LayerMeans layer_means_of(const grid::FieldSet& fields, const tissue::LayerMap& layers,
                          std::array<std::size_t, tissue::kLayerCount>& counts) {
  LayerMeans means{};
  // A layer is a set of whole z-planes: looked up once per plane (a lookup per voxel was most of
  // the cost). The sums run voxel by voxel in the same order as ever.
  const std::size_t plane = layers.plane_size();
  const auto nz = static_cast<std::size_t>(layers.nz());
  if (fields.grid().voxels() != nz * plane)
    throw std::invalid_argument("layer means: the fields' grid is not the layer map's");
  for (std::size_t k = 0; k < nz; ++k) counts[static_cast<std::size_t>(layers.layer_of_z(static_cast<int>(k)))] += plane;
  for (std::size_t sp = 0; sp < model::kSpeciesCount; ++sp) {
    const auto field = fields.field(sp);
    for (std::size_t k = 0; k < nz; ++k) {
      double& sum = means[static_cast<std::size_t>(layers.layer_of_z(static_cast<int>(k)))][sp];
      for (std::size_t v = k * plane; v < (k + 1) * plane; ++v) sum += static_cast<double>(field[v]);
    }
  }
  for (std::size_t l = 0; l < tissue::kLayerCount; ++l)
    for (double& m : means[l]) m = counts[l] ? m / static_cast<double>(counts[l]) : 0.0;
  return means;
}
}  // namespace

namespace {
constexpr std::array<Species, 4> kReferenceSpecies = {Species::InflammatoryCells, Species::Vessels, Species::Fibroblasts,
                                                      Species::CollagenCrossLinked};

std::vector<std::string> reference_names() {
  std::vector<std::string> names;
  for (const Species s : kReferenceSpecies) names.emplace_back(model::species_name(s));
  return names;
}
}  // namespace

HealthyReference::HealthyReference(const tissue::LayerMap& layers, const grid::FieldSet& healthy,
                                   const ErythemaParameters& erythema)
    : fields_(healthy.grid(), reference_names()) {
  if (healthy.count() != model::kSpeciesCount)
    throw std::invalid_argument("HealthyReference: the healthy state must hold every model species");
  if (healthy.grid().voxels() != layers.plane_size() * static_cast<std::size_t>(layers.nz()))
    throw std::invalid_argument("HealthyReference: the healthy state's grid is not the layer map's");
  for (std::size_t f = 0; f < kReferenceSpecies.size(); ++f) {
    const auto from = healthy.field(model::index(kReferenceSpecies[f]));
    std::copy(from.begin(), from.end(), fields_.field(f).begin());
  }
  std::array<std::size_t, tissue::kLayerCount> layer_voxels{};
  layer_means_ = layer_means_of(healthy, layers, layer_voxels);
  for (int k = 0; k < layers.nz(); ++k) {
    if (!is_dermis(layers.layer_of_z(k))) continue;
    const double c = detail::row_collagen(healthy, layers.plane_size(), k);
    if (!(c > 0.0)) continue;
    dermis_rows_.push_back(k);
    row_collagen_.push_back(c);
  }
  optical_vessels_ = optical_vessels_of(layers, healthy.grid(), erythema, field(Species::Vessels));
}

std::span<const grid::Real> HealthyReference::field(Species species) const {
  for (std::size_t f = 0; f < kReferenceSpecies.size(); ++f)
    if (kReferenceSpecies[f] == species) return fields_.field(f);
  throw std::out_of_range("HealthyReference: " + std::string(model::species_name(species)) + " is not kept");
}

struct ObservableTracker::State {
  State(const tissue::LayerMap& l, std::shared_ptr<const HealthyReference> h, ObservableParameters p)
      : layers(l), healthy(std::move(h)), parameters(p) {}
  tissue::LayerMap layers;
  std::shared_ptr<const HealthyReference> healthy;  // shared with the caller and the other sessions' trackers
  ObservableParameters parameters;
  std::vector<std::size_t> wound;
  std::vector<std::vector<std::size_t>> openings;
  double healthy_fibroblasts_wound = 0.0;
  double healthy_inflammation_wound = 0.0;
  double healthy_cross_linked_wound = 0.0;
  std::shared_ptr<const LesionGauge> gauge;
};

ObservableTracker::ObservableTracker(const tissue::LayerMap& layers, const grid::FieldSet& healthy,
                                     const grid::FieldSet& injured, const ObservableParameters& parameters)
    : ObservableTracker(layers, std::make_shared<const HealthyReference>(layers, healthy, parameters.erythema), injured,
                        parameters) {}

ObservableTracker::ObservableTracker(const tissue::LayerMap& layers, std::shared_ptr<const HealthyReference> healthy,
                                     const grid::FieldSet& injured, const ObservableParameters& parameters,
                                     std::shared_ptr<const LesionGauge> gauge) {
  if (!healthy) throw std::invalid_argument("ObservableTracker: no healthy reference");
  const auto names = injured.names();
  const auto has = [&](Species s) { return std::find(names.begin(), names.end(), model::species_name(s)) != names.end(); };
  if (!has(Species::Damage) || !has(Species::EpidermalCoverage))
    throw std::invalid_argument("ObservableTracker: the injured state must hold at least damage and epidermal_coverage");
  if (injured.grid().voxels() != healthy->grid().voxels())
    throw std::invalid_argument("ObservableTracker: the injured and the healthy state are on different grids");
  auto state = std::make_shared<State>(layers, std::move(healthy), parameters);
  const auto damage = injured.field(std::string(model::species_name(Species::Damage)));
  for (std::size_t v = 0; v < damage.size(); ++v)
    if (static_cast<double>(damage[v]) > parameters.wound_damage_threshold) state->wound.push_back(v);
  state->openings = find_openings(layers, injured, parameters.open_coverage_threshold);
  const HealthyReference& h = *state->healthy;
  state->healthy_fibroblasts_wound = mean_over(h.field(Species::Fibroblasts), state->wound);
  state->healthy_inflammation_wound = mean_over(h.field(Species::InflammatoryCells), state->wound);
  state->healthy_cross_linked_wound = mean_over(h.field(Species::CollagenCrossLinked), state->wound);
  state->gauge = std::move(gauge);
  state_ = std::move(state);
}

std::size_t ObservableTracker::wound_voxels() const { return state_->wound.size(); }
std::size_t ObservableTracker::openings() const { return state_->openings.size(); }

Snapshot ObservableTracker::measure(const grid::FieldSet& fields, double t_days) const {
  const State& st = *state_;
  const grid::Grid& g = fields.grid();
  Snapshot s;
  s.t_days = t_days;

  std::array<std::size_t, tissue::kLayerCount>& counts = s.layer_voxels;
  s.layer_means = layer_means_of(fields, st.layers, counts);
  for (std::size_t sp = 0; sp < model::kSpeciesCount; ++sp)
    s.wound_means[sp] = mean_over(fields, static_cast<Species>(sp), st.wound);
  for (std::size_t l = 0; l < tissue::kLayerCount; ++l) {
    s.vessel_ratio[l] = ratio_or_zero(s.layer_means[l][model::index(Species::Vessels)],
                                   st.healthy->layer_means()[l][model::index(Species::Vessels)]);
  }

  const auto coverage = fields.field(model::index(Species::EpidermalCoverage));
  std::size_t closed = 0;
  for (const auto& opening : st.openings) {
    double lowest = 1.0;
    for (const std::size_t v : opening) lowest = std::min(lowest, static_cast<double>(coverage[v]));
    if (lowest >= st.parameters.open_coverage_threshold) ++closed;
  }
  s.closure_fraction = st.openings.empty() ? 1.0 : static_cast<double>(closed) / static_cast<double>(st.openings.size());

  double c3 = 0.0;
  double c_total = 0.0;
  std::size_t hypoxic = 0;
  for (const std::size_t v : st.wound) {
    c3 += value_at(fields, Species::CollagenIII, v);
    c_total += value_at(fields, Species::CollagenIII, v) + value_at(fields, Species::CollagenI, v);
    if (value_at(fields, Species::Oxygen, v) < st.parameters.hypoxia_threshold_mmHg) ++hypoxic;
  }
  s.collagen_iii_fraction_wound = ratio_or_zero(c3, c_total);
  s.hypoxic_fraction_wound =
      st.wound.empty() ? 0.0 : static_cast<double>(hypoxic) / static_cast<double>(st.wound.size());
  s.fibroblast_ratio_wound =
      ratio_or_zero(s.wound_means[model::index(Species::Fibroblasts)], st.healthy_fibroblasts_wound);
  s.inflammation_ratio_wound =
      ratio_or_zero(s.wound_means[model::index(Species::InflammatoryCells)], st.healthy_inflammation_wound);
  s.tensile_strength_wound =
      ratio_or_zero(s.wound_means[model::index(Species::CollagenCrossLinked)], st.healthy_cross_linked_wound);
  const HealthyReference& h = *st.healthy;
  s.erythema = erythema_against(st.layers, h.field(Species::InflammatoryCells), h.field(Species::Vessels),
                                h.optical_vessels(), fields, st.parameters.erythema);
  s.erythema_index = erythema_index(s.erythema, st.parameters.erythema);
  for (std::size_t r = 0; r < h.dermis_rows().size(); ++r)
    s.dermal_thickness_change_um += (detail::row_collagen(fields, st.layers.plane_size(), h.dermis_rows()[r]) /
                                         h.row_collagen()[r] -
                                     1.0) *
                                    g.spacing_um(grid::Axis::Z);
  s.instruments = instrument_readings(s.layer_means, h.layer_means(), counts, st.parameters.instruments);
  if (st.gauge) s.lesion = st.gauge->read(fields);
  return s;
}

Peak peak_of(std::span<const Snapshot> series, const Quantity& quantity) {
  if (series.empty()) throw std::invalid_argument("peak_of: empty series");
  Peak best{quantity(series.front()), series.front().t_days};
  for (const Snapshot& s : series.subspan(1)) {
    const double q = quantity(s);
    if (q > best.value) best = {q, s.t_days};
  }
  return best;
}

double redness_downtime_days(std::span<const Snapshot> series, double threshold, double t0_days) {
  for (std::size_t n = series.size(); n-- > 0;) {
    if (!(series[n].erythema_index > threshold)) continue;
    if (n + 1 == series.size()) return series[n].t_days - t0_days;
    const Snapshot& above = series[n];
    const Snapshot& below = series[n + 1];
    const double share = (above.erythema_index - threshold) / (above.erythema_index - below.erythema_index);
    return above.t_days + share * (below.t_days - above.t_days) - t0_days;
  }
  return 0.0;
}

std::optional<double> closure_time_days(std::span<const Snapshot> series, double closed_fraction) {
  for (std::size_t n = 0; n < series.size(); ++n) {
    if (series[n].closure_fraction < closed_fraction) continue;
    if (n == 0) return series[n].t_days;
    const Snapshot& before = series[n - 1];
    const Snapshot& after = series[n];
    const double share = (closed_fraction - before.closure_fraction) / (after.closure_fraction - before.closure_fraction);
    return before.t_days + share * (after.t_days - before.t_days);
  }
  return std::nullopt;
}

namespace {

ParameterTable<ObservableParameters> make_table() {
  ParameterTable<ObservableParameters> t("observables", "Observables (`ObservableParameters`)");
  const std::string redness_fit =
      "fitted to the redness durations by depth (about 2-3 days at 0.25-0.5 mm, 4-5 at 1.0-1.5 mm, 6-7 at 2-2.5 mm, "
      "each +- 0.5 d, and >= 1 d at 0.25 mm; data/literature.md) over the treated area: the pooled series of 8 "
      "sections stratified on their injury, default example, 20 µm, seed 1; ℓ_I, R_M and θ_vis together (one set for "
      "all depths; scripts/fit_redness.py); a_dil, δ and φ held";
  t.add({.name = "erythema.optical_depth_um", .symbol = "δ", .unit = "µm",
         .meaning = "Depth scale of the optical weight w(z) = exp(-z / δ) over the dermis rows of the erythema index",
         .range = positive(), .kind = SourceKind::Estimate,
         .source = "spec 5: green light samples the superficial plexus"},
        [](auto& p) -> auto& { return p.erythema.optical_depth_um; });
  t.add({.name = "erythema.dilation_gain", .symbol = "a_dil", .unit = "",
         .meaning = "Vasodilation of the mature plexus: blood = V_b (1 + a_dil I / (1 + I)) for a column load I",
         .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "spec 5: blood of the plexus at most 2.5x",
         .note = "spec 5 tagged it [F: redness]; the redness fit held it at this estimate"},
        [](auto& p) -> auto& { return p.erythema.dilation_gain; });
  t.add({.name = "erythema.load_length_um", .symbol = "ℓ_I", .unit = "µm of fully damaged tissue",
         .meaning = "Column length of fully destroyed tissue that dilates the plexus above it half-maximally (I = 1)",
         .range = positive(), .kind = SourceKind::Fitted, .source = redness_fit,
         .note = "refitted twice in issue 9: 140 µm when the load became the area's mean column load, fitted on one "
                 "section on a channel; 2.5 µm when refitted on the area (stratified sections). 15 µm for each "
                 "column's own load before. It replaced spec 5's dilation by the local macrophage excess (K_dil), "
                 "with which redness lasted 19-21 days at every depth. The fit fixes the load at which redness fades "
                 "(about 0.26 ℓ_I at θ_vis = 31), not ℓ_I alone: (1.5 µm, 44) and (3.7 µm, 23) fit as well"},
        [](auto& p) -> auto& { return p.erythema.load_length_um; });
  t.add({.name = "erythema.inflammation_per_damage", .symbol = "R_M", .unit = "M / M_b excess",
         .meaning = "Macrophage excess (M / M_b - 1) that adds as much vasoactive load as full destruction (D = 1)",
         .range = positive(), .kind = SourceKind::Fitted, .source = redness_fit,
         .note = "2000 before the refit over the area (fitted per column, then held); held at 2000 the area fit "
                 "keeps every window but with 0.10 day of margin instead of 0.29"},
        [](auto& p) -> auto& { return p.erythema.inflammation_per_damage; });
  t.add({.name = "erythema.new_vessel_perfusion", .symbol = "φ", .unit = "",
         .meaning = "Share of the newly grown vessels' surplus (V - V_b)+ that is perfused and seen",
         .range = fraction(), .kind = SourceKind::Estimate,
         .source = "immature sprouts carry little flow: the capillaries of days 7-14 are immature and visible redness "
                   "is gone by then"},
        [](auto& p) -> auto& { return p.erythema.new_vessel_perfusion; });
  t.add({.name = "erythema.index_scale", .symbol = "κ_EI", .unit = "%",
         .meaning = "Scale of the erythema index: ΔEI = κ_EI x relative change of superficial blood",
         .range = positive(), .kind = SourceKind::Numerical,
         .source = "definition (spec 5): 100 gives the percent change of superficial blood"},
        [](auto& p) -> auto& { return p.erythema.index_scale; });
  t.add({.name = "erythema.visible_threshold", .symbol = "θ_vis", .unit = "ΔEI units",
         .meaning = "ΔEI above which redness is visible; redness downtime is the last time ΔEI exceeds it",
         .range = non_negative(), .kind = SourceKind::Fitted, .source = redness_fit,
         .note = "7.75 when fitted on one section on a channel, 25 for each column's own load before issue 9; "
                 "spec 5 started at 15 %"},
        [](auto& p) -> auto& { return p.erythema.visible_threshold; });
  t.add({.name = "wound_damage_threshold", .symbol = "", .unit = "",
         .meaning = "Wound zone W: voxels with damage above this right after the injury (lumen + crush)",
         .range = fraction(), .kind = SourceKind::Estimate,
         .source = "spec 5: W = voxels with Dm(t0) > 0.1"},
        [](auto& p) -> auto& { return p.wound_damage_threshold; });
  t.add({.name = "open_coverage_threshold", .symbol = "", .unit = "",
         .meaning = "An epidermal voxel is open below this coverage; an opening is closed when its lowest coverage is "
                    "back at or above it",
         .range = fraction(), .kind = SourceKind::Estimate,
         .source = "spec 5: closed when Ep >= 0.9 over the channel's surface footprint (the whole mouth covered)"},
        [](auto& p) -> auto& { return p.open_coverage_threshold; });
  t.add({.name = "hypoxia_threshold_mmHg", .symbol = "", .unit = "mmHg",
         .meaning = "Oxygen below which a wound-zone voxel counts as hypoxic (hypoxic_fraction_wound)",
         .range = non_negative(), .kind = SourceKind::Measured,
         .source = "wound dead-space pO2 1-10 mmHg (Knighton, Silver & Hunt 1981, Surgery 90:262) [R]; the top of "
                   "that range"},
        [](auto& p) -> auto& { return p.hypoxia_threshold_mmHg; });
  t.add({.name = "scar_surface_spread_um", .symbol = "λ_S", .unit = "um",
         .meaning = "A lesion's depth: standard deviation of the Gaussian over which new matrix volume under one "
                    "column lifts the surface around it (the dermis is a continuous layer that cannot rise column by "
                    "column); 0 = each column on its own",
         .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "half the facial dermis' thickness (759-1969 um, Chopra 2015 ASJ, lesions.md; cheek about 1.2 "
                   "mm): a local swelling of an elastic layer lifts its surface over a width of the order of the "
                   "layer's thickness (full width at half maximum 1.2 mm) [E]"},
        [](auto& p) -> auto& { return p.scar_surface_spread_um; });
  const std::string grade_source =
      "Goodman & Baron 2006 (J Cosmet Dermatol, DOI 10.1111/j.1473-2165.2006.00222.x; lesions.md section 1) [R2] "
      "grade atrophic scars by sight (macular; mild, not obvious at 50 cm; moderate, obvious at 50 cm; severe), not "
      "by depth; no study relating the grades to measured depth is in the data files. ";
  t.add({.name = "scar_grade_mild_um", .symbol = "d_2", .unit = "um",
         .meaning = "Goodman-Baron-style scar grade: a lesion floor at least this deep is a contour defect (grade 2, "
                    "mild); shallower, a flat mark (grade 1, macular)",
         .range = positive(), .kind = SourceKind::Estimate,
         .source = grade_source +
                   "100 um [E]: the shallowest boxcar scars of Jacob 2001 (JAAD 45:109, 0.1-0.5 mm) [R2], within the "
                   "20-200 um depth of the skin's own microrelief lines [R2] (lesions.md sections 1 and 3)"},
        [](auto& p) -> auto& { return p.scar_grading.mild_um; });
  t.add({.name = "scar_grade_moderate_um", .symbol = "d_3", .unit = "um",
         .meaning = "Goodman-Baron-style scar grade: a lesion floor at least this deep is obvious at a social distance "
                    "(grade 3, moderate)",
         .range = positive(), .kind = SourceKind::Estimate,
         .source = grade_source +
                   "250 um [E]: between the grade-1 wrinkle (just perceptible, < 0.2 mm deep: Lemperle 2001 PRS) [R] "
                   "and the 0.36 +- 0.12 mm of acne scars that patients come to treat (HF-US, Malinowska 2020) [R]"},
        [](auto& p) -> auto& { return p.scar_grading.moderate_um; });
  t.add({.name = "scar_grade_severe_um", .symbol = "d_4", .unit = "um",
         .meaning = "Goodman-Baron-style scar grade: a lesion floor at least this deep is severe (grade 4)",
         .range = positive(), .kind = SourceKind::Estimate,
         .source = grade_source +
                   "500 um [E]: Jacob 2001's deep boxcar scars (>= 0.5 mm) [R2]; 95.8 % of ice-pick and boxcar scars "
                   "of moderate to severe acne measured 0.2-0.5 mm by 22 MHz ultrasound (Dermatol Surg 2013, PMID "
                   "24118266) [R]"},
        [](auto& p) -> auto& { return p.scar_grading.severe_um; });
  const std::string cutometer_face =
      "healthy adult face, 2 mm probe: R0 0.20-0.33 mm, R2 0.66-0.82, R7 0.37-0.52 (Hojan-Jezierska; Kawałkiewicz, "
      "J Cosmet Dermatol 2020; lesions.md section 8) [R]; the middle of the range";
  const std::string same_for_body = "the facial value at every site: no body-site figure is in the data files";
  t.add({.name = "instruments.r0_healthy_mm", .symbol = "R0_0", .unit = "mm",
         .meaning = "Suction-cup firmness (Cutometer R0 = Uf, the deformation under suction) of healthy skin",
         .range = positive(), .kind = SourceKind::Measured, .source = cutometer_face, .note = same_for_body},
        [](auto& p) -> auto& { return p.instruments.r0_healthy_mm; });
  t.add({.name = "instruments.r2_healthy", .symbol = "R2_0", .unit = "",
         .meaning = "Gross elasticity (Cutometer R2 = Ua / Uf) of healthy skin",
         .range = fraction(), .kind = SourceKind::Measured, .source = cutometer_face, .note = same_for_body},
        [](auto& p) -> auto& { return p.instruments.r2_healthy; });
  t.add({.name = "instruments.r7_healthy", .symbol = "R7_0", .unit = "",
         .meaning = "Biological elasticity (Cutometer R7 = Ur / Uf) of healthy skin",
         .range = fraction(), .kind = SourceKind::Measured, .source = cutometer_face, .note = same_for_body},
        [](auto& p) -> auto& { return p.instruments.r7_healthy; });
  t.add({.name = "instruments.collagen_iii_weight", .symbol = "w_III", .unit = "",
         .meaning = "Stiffness and ultrasound echo of collagen III per unit, against collagen I",
         .range = fraction(), .kind = SourceKind::Estimate,
         .source = "new collagen III fibres are thin and little cross-linked; a healing wound's tensile strength is "
                   "about 20 % of normal at 3 weeks, when it holds much collagen (literature.md) [E]"},
        [](auto& p) -> auto& { return p.instruments.collagen_iii_weight; });
  t.add({.name = "instruments.elastin_stiffness_share", .symbol = "φ_E", .unit = "",
         .meaning = "Elastin's share of the dermis' low-strain stiffness, the regime a suction cup probes",
         .range = fraction(), .kind = SourceKind::Estimate,
         .source = "elastic fibres bear the load at small strain, collagen is recruited at larger strain; R2 and R7 "
                   "fall with age as elastic fibres degrade (Ryu 2008 Skin Res Technol 14:354; lesions.md) [E]"},
        [](auto& p) -> auto& { return p.instruments.elastin_stiffness_share; });
  return t;
}

}  // namespace

const ParameterTable<ObservableParameters>& observable_parameter_table() {
  static const ParameterTable<ObservableParameters> table = make_table();
  return table;
}

void validate(const ObservableParameters& parameters) {
  observable_parameter_table().validate(parameters);
  const ScarGrading& g = parameters.scar_grading;
  if (!(g.moderate_um > g.mild_um))
    throw InputError("observables.scar_grade_moderate_um", fmt::format("{:g}", g.moderate_um),
                           fmt::format("more than observables.scar_grade_mild_um ({:g} um)", g.mild_um));
  if (!(g.severe_um > g.moderate_um))
    throw InputError("observables.scar_grade_severe_um", fmt::format("{:g}", g.severe_um),
                           fmt::format("more than observables.scar_grade_moderate_um ({:g} um)", g.moderate_um));
}

int scar_grade(double depth_um, const ScarGrading& grading) {
  if (depth_um >= grading.severe_um) return 4;
  if (depth_um >= grading.moderate_um) return 3;
  if (depth_um >= grading.mild_um) return 2;
  return 1;
}

}  // namespace skintwin::outcome
