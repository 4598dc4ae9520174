#include "skintwin/injury/injury.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "skintwin/core/units.hpp"
#include "skintwin/device/penetration.hpp"
#include "skintwin/model/species.hpp"

namespace skintwin::injury {
namespace {

using grid::Axis;
using model::Species;

// Puncture position in the grid's own coordinates (µm from the grid origin).
struct LocalPosition {
  double x_um = 0.0;
  double y_um = 0.0;
};

LocalPosition local_position(const device::Puncture& p, const GridPlacement& placement) {
  return {(p.x_mm - placement.origin_x_mm) * units::kUmPerMm, (p.y_mm - placement.origin_y_mm) * units::kUmPerMm};
}

// Shortest signed distance on a periodic axis of length `period_um` (the nearest image).
double periodic_delta(double delta_um, double period_um) { return delta_um - period_um * std::round(delta_um / period_um); }

// The channel of one puncture as a body of revolution: lumen radius r(z) down to its depth, a
// crush zone that decays away from the lumen wall (below the tip: away from the tip point).
class Channel {
public:
  Channel(const InjuryParameters& p, const device::Puncture& puncture, const device::Needle& needle,
          const device::PenetrationModel& penetration)
      : needle_(needle),
        penetration_(penetration),
        depth_um_(puncture.depth_um),
        crush_width_um_(p.crush_width_um),
        cutoff_um_(p.crush_width_um * std::log(1.0 / p.crush_cutoff_damage)) {}

  // Lateral radius beyond which the puncture damages nothing (the taper widens toward the surface).
  double reach_um() const { return device::channel_radius_um(penetration_, needle_, depth_um_, 0.0) + cutoff_um_; }
  double bottom_reach_um() const { return depth_um_ + cutoff_um_; }
  double depth_um() const { return depth_um_; }

  struct Sample {
    double damage = 0.0;
    bool lumen = false;
  };
  Sample at(double rho_um, double z_um) const {
    double wall_distance_um = 0.0;
    if (z_um <= depth_um_) {
      const double radius_um = device::channel_radius_um(penetration_, needle_, depth_um_, z_um);
      if (rho_um <= radius_um) return {1.0, true};
      wall_distance_um = rho_um - radius_um;
    } else {
      wall_distance_um = std::hypot(rho_um, z_um - depth_um_);
    }
    if (wall_distance_um >= cutoff_um_) return {};
    return {std::exp(-wall_distance_um / crush_width_um_), false};
  }

private:
  const device::Needle& needle_;
  const device::PenetrationModel& penetration_;
  double depth_um_;
  double crush_width_um_;
  double cutoff_um_;
};

// Cell indices along a periodic axis whose cells may lie within `reach_um` of `centre_um`, each once.
std::vector<int> lateral_cells(double centre_um, double reach_um, double spacing_um, int n) {
  const int first = static_cast<int>(std::floor((centre_um - reach_um) / spacing_um));
  const int last = static_cast<int>(std::floor((centre_um + reach_um) / spacing_um));
  std::vector<int> cells;
  if (last - first + 1 >= n) {
    for (int i = 0; i < n; ++i) cells.push_back(i);
    return cells;
  }
  for (int i = first; i <= last; ++i) cells.push_back(((i % n) + n) % n);
  return cells;
}

// Offsets of the sub-sample points within a cell, as fractions of its width.
std::vector<double> subsample_fractions(int per_axis) {
  std::vector<double> f;
  for (int a = 0; a < per_axis; ++a) f.push_back((a + 0.5) / per_axis);
  return f;
}

struct SessionAccumulator {
  explicit SessionAccumulator(std::size_t voxels)
      : survival(voxels, 1.0), cell_survival(voxels, 1.0), vessel_survival(voxels, 1.0), matrix_survival(voxels, 1.0),
        clot(voxels, 0.0), store_gain(voxels, 0.0), fast_gain(voxels, 0.0) {}
  std::vector<double> survival;         // prod (1 - d_i): share of tissue this session left intact
  std::vector<double> cell_survival;    // prod (1 - ℓ_i - λ_K crush_i): cells left alive
  std::vector<double> vessel_survival;  // prod (1 - ℓ_i - λ_V crush_i): capillaries left whole
  std::vector<double> matrix_survival;  // prod (1 - matrix loss_i)
  std::vector<double> clot;             // clot density the blood leaves (max over punctures)
  std::vector<double> store_gain;       // growth factor added to the clot store
  std::vector<double> fast_gain;        // growth factor released at once
};

double saturate(double value, double level) { return level * (1.0 - std::exp(-value / level)); }

// The share of a voxel's cells (λ = λ_K) or capillaries (λ = λ_V) one puncture kills: all in its
// lumen, λ per unit of crush damage. λ = 1 gives the damage itself, bit for bit, so the default
// kills exactly what the session's survival says.
double killed_share(const VoxelHit& h, double lambda) {
  return lambda == 1.0 ? h.damage : h.lumen + lambda * std::max(0.0, h.damage - h.lumen);
}

}  // namespace

bool puncture_on_grid(const grid::Grid& grid, const device::Puncture& puncture, const GridPlacement& placement) {
  const LocalPosition at = local_position(puncture, placement);
  const bool in_x = at.x_um >= 0.0 && at.x_um < grid.extent_um(Axis::X);
  if (grid.is_2d()) return in_x;
  return in_x && at.y_um >= 0.0 && at.y_um < grid.extent_um(Axis::Y);
}

std::vector<VoxelHit> puncture_footprint(const grid::Grid& grid, const InjuryParameters& parameters,
                                         const device::Puncture& puncture, const device::Needle& needle,
                                         const device::PenetrationModel& penetration, const GridPlacement& placement) {
  std::vector<VoxelHit> hits;
  if (!(puncture.depth_um > 0.0)) return hits;
  const Channel channel(parameters, puncture, needle, penetration);
  const LocalPosition at = local_position(puncture, placement);
  const double reach_um = channel.reach_um();
  const double plane_offset_um = grid.is_2d() ? std::abs(at.y_um) : 0.0;
  if (plane_offset_um >= reach_um) return hits;

  const double dx = grid.spacing_um(Axis::X);
  const double dy = grid.spacing_um(Axis::Y);
  const double dz = grid.spacing_um(Axis::Z);
  const double period_x_um = grid.extent_um(Axis::X);
  const double period_y_um = grid.extent_um(Axis::Y);
  const std::vector<int> xs = lateral_cells(at.x_um, reach_um, dx, grid.nx());
  const std::vector<int> ys = grid.is_2d() ? std::vector<int>{0} : lateral_cells(at.y_um, reach_um, dy, grid.ny());
  const int k_last = std::min(grid.nz() - 1, static_cast<int>(std::floor(channel.bottom_reach_um() / dz)));
  const std::vector<double> f = subsample_fractions(parameters.subsamples_per_axis);
  const std::vector<double> fy = grid.is_2d() ? std::vector<double>{0.5} : f;
  const double samples = static_cast<double>(f.size() * f.size() * fy.size());

  for (int k = 0; k <= k_last; ++k) {
    for (const int j : ys) {
      for (const int i : xs) {
        double damage = 0.0;
        double lumen = 0.0;
        for (const double fz : f) {
          const double z_um = (k + fz) * dz;
          for (const double fyy : fy) {
            const double ry = grid.is_2d() ? plane_offset_um : periodic_delta((j + fyy) * dy - at.y_um, period_y_um);
            for (const double fx : f) {
              const double rx = periodic_delta((i + fx) * dx - at.x_um, period_x_um);
              const Channel::Sample s = channel.at(std::hypot(rx, ry), z_um);
              damage += s.damage;
              lumen += s.lumen ? 1.0 : 0.0;
            }
          }
        }
        if (damage > 0.0) hits.push_back({grid.index(i, j, k), damage / samples, lumen / samples});
      }
    }
  }
  return hits;
}

namespace {

// Bleeding of one puncture (spec 4.3): blood from the perfused vessels it cuts, filling its
// lumen; the rest overflows at the surface. Vessels already cut this session bleed no more.
struct Bleed {
  double blood_um3 = 0.0;
  double lumen_um3 = 0.0;
  double fill = 0.0;  // β: blood fraction of the lumen
};

// `vessels_left` is the share of each voxel's vessels this session's earlier punctures left whole;
// a puncture cuts all of them in its lumen and λ_V of them per unit of crush damage.
Bleed bleed(const std::vector<VoxelHit>& hits, std::span<const grid::Real> vessels_before,
            const std::vector<double>& vessels_left, double voxel_um3, const InjuryParameters& p) {
  Bleed b;
  for (const VoxelHit& h : hits) {
    const double perfused = static_cast<double>(vessels_before[h.voxel]) * vessels_left[h.voxel];
    b.blood_um3 += p.bleed_per_cut_vessel * perfused * killed_share(h, p.vessel_loss_crush) * voxel_um3;
    b.lumen_um3 += h.lumen * voxel_um3;
  }
  if (b.blood_um3 <= 0.0) return b;
  // A puncture whose lumen misses the section plane still bled into it: its crush zone takes
  // the blood as if the lumen were full.
  b.fill = b.lumen_um3 > 0.0 ? std::min(1.0, b.blood_um3 / b.lumen_um3) : 1.0;
  return b;
}

void accumulate(SessionAccumulator& acc, const std::vector<VoxelHit>& hits, const Bleed& b, const InjuryParameters& p) {
  const double gf_store = p.blood_growth_factor * (1.0 - p.fast_growth_factor_fraction) * b.fill;
  const double gf_fast = p.blood_growth_factor * p.fast_growth_factor_fraction * b.fill;
  for (const VoxelHit& h : hits) {
    const double crush = std::max(0.0, h.damage - h.lumen);
    acc.survival[h.voxel] *= 1.0 - h.damage;
    acc.cell_survival[h.voxel] *= 1.0 - killed_share(h, p.cell_loss_crush);
    acc.vessel_survival[h.voxel] *= 1.0 - killed_share(h, p.vessel_loss_crush);
    acc.matrix_survival[h.voxel] *= 1.0 - (p.matrix_loss_lumen * h.lumen + p.matrix_loss_crush * crush);
    acc.clot[h.voxel] = std::max(acc.clot[h.voxel], b.fill * (h.lumen + p.clot_crush_fraction * crush));
    acc.store_gain[h.voxel] += gf_store * h.damage;
    acc.fast_gain[h.voxel] += gf_fast * h.damage;
  }
}

void scale(std::span<grid::Real> field, const std::vector<double>& factor) {
  for (std::size_t v = 0; v < field.size(); ++v) field[v] = static_cast<grid::Real>(field[v] * factor[v]);
}

void add_saturating(std::span<grid::Real> field, const std::vector<double>& gain, double level) {
  for (std::size_t v = 0; v < field.size(); ++v) {
    if (gain[v] > 0.0) field[v] = static_cast<grid::Real>(saturate(static_cast<double>(field[v]) + gain[v], level));
  }
}

void write_session(grid::FieldSet& fields, const tissue::LayerMap& layers, const SessionAccumulator& acc,
                   const InjuryParameters& p) {
  injure_footprint(fields.field(model::index(Species::Damage)), fields.field(model::index(Species::EpidermalCoverage)),
                   layers, acc.survival);
  scale(fields.field(model::index(Species::Vessels)), acc.vessel_survival);
  for (const Species s : {Species::Fibroblasts, Species::InflammatoryCells})
    scale(fields.field(model::index(s)), acc.cell_survival);
  for (const Species s : {Species::CollagenI, Species::CollagenIII, Species::CollagenCrossLinked, Species::Elastin})
    scale(fields.field(model::index(s)), acc.matrix_survival);
  auto fibrin = fields.field(model::index(Species::Fibrin));
  for (std::size_t v = 0; v < fibrin.size(); ++v)
    fibrin[v] = static_cast<grid::Real>(std::max(static_cast<double>(fibrin[v]), acc.clot[v]));
  add_saturating(fields.field(model::index(Species::ClotGrowthFactor)), acc.store_gain, p.growth_factor_saturation);
  add_saturating(fields.field(model::index(Species::GrowthFactor)), acc.fast_gain, p.growth_factor_saturation);
}

}  // namespace

InjurySummary apply_punctures(grid::FieldSet& fields, const tissue::LayerMap& layers, const InjuryParameters& parameters,
                              std::span<const device::Puncture> punctures, const device::Needle& needle,
                              const device::PenetrationModel& penetration, const GridPlacement& placement) {
  validate(parameters);
  if (fields.count() != model::kSpeciesCount)
    throw std::invalid_argument("apply_punctures: the field set must hold every model species");
  const grid::Grid& grid = fields.grid();
  const double voxel_um3 = grid.voxel_volume_um3();
  const auto vessels_before = fields.field(model::index(Species::Vessels));
  SessionAccumulator acc(grid.voxels());
  InjurySummary summary;
  for (const device::Puncture& puncture : punctures) {
    if (!puncture_on_grid(grid, puncture, placement)) continue;
    const std::vector<VoxelHit> hits = puncture_footprint(grid, parameters, puncture, needle, penetration, placement);
    if (hits.empty()) continue;
    const Bleed b = bleed(hits, vessels_before, acc.vessel_survival, voxel_um3, parameters);
    accumulate(acc, hits, b, parameters);
    ++summary.punctures_on_grid;
    summary.channel_depths_um.push_back(puncture.depth_um);
    summary.blood_per_puncture_um3.push_back(b.blood_um3);
    summary.blood_volume_um3 += b.blood_um3;
    summary.surface_bleed_um3 += std::max(0.0, b.blood_um3 - b.lumen_um3);
  }
  for (const double s : acc.survival) summary.damaged_volume_um3 += (1.0 - s) * voxel_um3;
  write_session(fields, layers, acc, parameters);
  return summary;
}

std::vector<double> session_survival(const grid::Grid& grid, const InjuryParameters& parameters,
                                     std::span<const device::Puncture> punctures, const device::Needle& needle,
                                     const device::PenetrationModel& penetration, const GridPlacement& placement) {
  std::vector<double> survival(grid.voxels(), 1.0);
  for (const device::Puncture& puncture : punctures) {
    if (!puncture_on_grid(grid, puncture, placement)) continue;
    for (const VoxelHit& h : puncture_footprint(grid, parameters, puncture, needle, penetration, placement))
      survival[h.voxel] *= 1.0 - h.damage;
  }
  return survival;
}

void injure_footprint(std::span<grid::Real> damage, std::span<grid::Real> epidermal_coverage,
                      const tissue::LayerMap& layers, const std::vector<double>& survival) {
  if (damage.size() != survival.size() || epidermal_coverage.size() != survival.size())
    throw std::invalid_argument("injure_footprint: fields and survival differ in size");
  for (std::size_t v = 0; v < damage.size(); ++v)
    damage[v] = static_cast<grid::Real>(1.0 - (1.0 - static_cast<double>(damage[v])) * survival[v]);
  for (std::size_t v = 0; v < epidermal_coverage.size(); ++v) {
    if (layers.layer_of_voxel(v) == tissue::LayerKind::Epidermis)
      epidermal_coverage[v] = static_cast<grid::Real>(epidermal_coverage[v] * survival[v]);
  }
}

}  // namespace skintwin::injury
