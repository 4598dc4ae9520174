#include "skintwin/model/healing_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cell_motility.hpp"
#include "healing_reactions.hpp"
#include "oxygen.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/core/units.hpp"
#include "skintwin/grid/boundary.hpp"
#include "skintwin/solver/diffusion.hpp"
#include "skintwin/solver/reaction.hpp"
#include "skintwin/solver/taxis.hpp"

namespace skintwin::model {
namespace {

using tissue::LayerKind;

// Baselines are stored in the fields as Real; the closure must balance exactly the values the
// right-hand side will read back.
double as_stored(double value) {
  // volatile: g++ 12 -O2 was seen to keep some of these in double precision, skipping the rounding.
  const volatile grid::Real stored = static_cast<grid::Real>(value);
  return static_cast<double>(stored);
}

double of_layer(const PerLayer& values, LayerKind layer) { return values[static_cast<std::size_t>(layer)]; }

LayerRow row_baselines(const HealingParameters& p, LayerKind layer) {
  const HealingBaselines& b = p.baselines;
  LayerRow row;
  row.is_epidermis = layer == LayerKind::Epidermis ? 1 : 0;
  row.M_b = as_stored(of_layer(b.inflammatory_cells, layer));
  row.F_b = as_stored(of_layer(b.fibroblasts, layer));
  row.C3_b = as_stored(of_layer(b.collagen_iii, layer));
  row.C1_b = as_stored(of_layer(b.collagen_i, layer));
  row.El_b = as_stored(of_layer(b.elastin, layer));
  row.V_b = as_stored(of_layer(b.vessels, layer));
  row.G_b = as_stored(b.growth_factor);
  row.Pr_b = as_stored(b.proteases);
  row.v_b = as_stored(b.vegf);
  const double C_tot = row.C3_b + row.C1_b;
  row.C_b = C_tot;
  row.C_max = p.rates.C_max_factor * C_tot;
  row.El_max = p.rates.El_max_factor * row.El_b;
  row.V_max = p.rates.V_max_factor * row.V_b;
  row.rho3 = row.C1_b > 0.0 ? row.C3_b / row.C1_b : 0.0;
  row.f3_b = C_tot > 0.0 ? row.C3_b / C_tot : 0.0;
  row.q_resident_mmHg_per_min = of_layer(p.rates.q_0_mmHg_per_min, layer);
  return row;
}

// The healthy state of one row as a species vector (oxygen as given).
std::array<double, kSpeciesCount> healthy_vector(const LayerRow& row) {
  std::array<double, kSpeciesCount> u{};
  u[index(Species::GrowthFactor)] = row.G_b;
  u[index(Species::InflammatoryCells)] = row.M_b;
  u[index(Species::Fibroblasts)] = row.F_b;
  u[index(Species::CollagenIII)] = row.C3_b;
  u[index(Species::CollagenI)] = row.C1_b;
  u[index(Species::Elastin)] = row.El_b;
  u[index(Species::Proteases)] = row.Pr_b;
  u[index(Species::Oxygen)] = row.O_b;
  u[index(Species::Vegf)] = row.v_b;
  u[index(Species::Vessels)] = row.V_b;
  u[index(Species::EpidermalCoverage)] = row.is_epidermis ? 1.0 : 0.0;
  u[index(Species::MatrixSetPoint)] = 1.0;
  u[index(Species::CollagenCrossLinked)] = row.C1_b;
  u[index(Species::Melanin)] = row.is_epidermis ? 1.0 : 0.0;
  u[index(Species::Melanogenesis)] = row.is_epidermis ? 1.0 : 0.0;
  return u;
}

// Homeostatic synthesis per fibroblast that balances the slow turnover of the healthy matrix.
void derive_synthesis(LayerRow& row, const HealingRates& r) {
  const double O_factor = saturating(row.O_b, r.K_OC_mmHg);
  row.O_synthesis_b = O_factor;
  const double C_tot = row.C3_b + row.C1_b;
  const double room = row.C_max > 0.0 ? 1.0 - C_tot / row.C_max : 0.0;
  const double collagen_capacity = row.F_b * O_factor * room;
  row.s_C0_per_min = collagen_capacity > 0.0 ? r.k_C_per_min * C_tot / collagen_capacity : 0.0;
  const double El_room = row.El_max > 0.0 ? 1.0 - row.El_b / row.El_max : 0.0;
  const double elastin_capacity = row.F_b * O_factor * El_room;
  row.s_E_per_min = elastin_capacity > 0.0 ? r.k_E_per_min * row.El_b / elastin_capacity : 0.0;
}

// 2.14: whatever net rate the raw equations leave at the healthy state is cancelled.
void close_baseline(LayerRow& row, const HealingRates& rates) {
  HealingRhs rhs;
  rhs.rates = rates;
  const auto u = healthy_vector(row);
  double du[kSpeciesCount]{};
  rhs.raw_rates(row, u.data(), du, 1e30);
  for (std::size_t s = 0; s < kSpeciesCount; ++s) {
    row.source_per_min[s] = 0.0;
    row.loss_per_min[s] = 0.0;
    if (s == index(Species::Oxygen)) continue;
    if (du[s] < 0.0) {
      row.source_per_min[s] = -du[s];
    } else if (du[s] > 0.0 && u[s] > 0.0) {
      row.loss_per_min[s] = du[s] / u[s];
    } else if (du[s] > 0.0) {
      // Reachable from a config (parameters are data): the user's to fix, not a bug.
      if (s == index(Species::SproutTips) && row.v_b > rates.v_thr)
        throw InputError("model.rates.v_thr", fmt::format("{:g}", rates.v_thr),
                         fmt::format("above the healthy VEGF of every layer (here {:g}): below it, sprouts grow in "
                                     "healthy skin",
                                     row.v_b));
      throw InputError("model.*", "a parameter set with which " + std::string(kSpeciesNames[s]) +
                                      " grows in healthy skin from a zero baseline",
                       "parameters with which healthy skin is at rest (the baseline closure can only cancel a "
                       "net rate of a species that is present; docs/model.md, \"State and baselines\")");
    }
  }
}

std::vector<double> oxygen_D_by_z(const tissue::LayerMap& layers, const HealingParameters& p) {
  std::vector<double> D(static_cast<std::size_t>(layers.nz()));
  for (int k = 0; k < layers.nz(); ++k)
    D[static_cast<std::size_t>(k)] = of_layer(p.transport.D_oxygen_um2_per_min, layers.layer_of_z(k));
  return D;
}

grid::FieldSet fields_from_rows(const grid::Grid& grid, const std::vector<LayerRow>& rows) {
  grid::FieldSet fields(grid, std::vector<std::string>(kSpeciesNames.begin(), kSpeciesNames.end()));
  const std::size_t plane = static_cast<std::size_t>(grid.nx()) * static_cast<std::size_t>(grid.ny());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto u = healthy_vector(rows[k]);
    for (std::size_t s = 0; s < kSpeciesCount; ++s) {
      auto f = fields.field(s);
      std::fill(f.begin() + static_cast<std::ptrdiff_t>(k * plane), f.begin() + static_cast<std::ptrdiff_t>((k + 1) * plane),
                static_cast<grid::Real>(u[s]));
    }
  }
  return fields;
}

// Healthy oxygen: the steady profile of one column (healthy skin is laterally uniform).
void solve_healthy_oxygen(const grid::Grid& grid, std::vector<LayerRow>& rows, const std::vector<double>& D_by_z,
                          const HealingRates& rates) {
  const grid::Grid column = grid::Grid::make_2d(1, grid.nz(), grid.spacing_um(grid::Axis::X), grid.spacing_um(grid::Axis::Z));
  for (LayerRow& row : rows) row.O_b = rates.O_cap_mmHg;
  grid::FieldSet fields = fields_from_rows(column, rows);
  detail::OxygenSolver solver(column, rows, D_by_z, rates);
  const auto stats = solver.solve(fields, 1e-13, 1e-13, 50, 1);
  if (!(stats.relative_residual < 1e-9))
    throw std::runtime_error("healing model: the healthy oxygen profile did not converge");
  const auto O = fields.field(index(Species::Oxygen));
  for (std::size_t k = 0; k < rows.size(); ++k) rows[k].O_b = static_cast<double>(O[k]);
}

std::vector<LayerRow> build_rows(const grid::Grid& grid, const tissue::LayerMap& layers, const HealingParameters& p) {
  std::vector<LayerRow> rows;
  rows.reserve(static_cast<std::size_t>(grid.nz()));
  for (int k = 0; k < grid.nz(); ++k) rows.push_back(row_baselines(p, layers.layer_of_z(k)));
  if (!rows.empty()) rows.front().surface_per_um = 1.0 / grid.spacing_um(grid::Axis::Z);
  solve_healthy_oxygen(grid, rows, oxygen_D_by_z(layers, p), p.rates);
  for (LayerRow& row : rows) {
    derive_synthesis(row, p.rates);
    close_baseline(row, p.rates);
  }
  return rows;
}

// Per-voxel factor: `inside` in epidermis rows, `outside` in the dermis and below.
grid::AlignedVector epidermis_scale(const grid::Grid& grid, const std::vector<LayerRow>& rows, double inside, double outside) {
  grid::AlignedVector scale(grid.voxels());
  const std::size_t plane = static_cast<std::size_t>(grid.nx()) * static_cast<std::size_t>(grid.ny());
  for (std::size_t idx = 0; idx < scale.size(); ++idx)
    scale[idx] = static_cast<grid::Real>(rows[idx / plane].is_epidermis ? inside : outside);
  return scale;
}

// Oxygen relaxes to its quasi-steady profile, then the reactions advance: the one operator of the
// split step that runs with the full dt (it is the most expensive).
class OxygenAndReactions final : public solver::SplitOperator {
public:
  OxygenAndReactions(std::shared_ptr<const std::vector<LayerRow>> rows, detail::OxygenSolver oxygen, HealingRhs rhs,
                     solver::ReactionOptions options)
      : rows_(std::move(rows)), oxygen_(std::move(oxygen)), rhs_(rhs), options_(options) {}
  void advance(grid::FieldSet& fields, double t_min, double dt_min) override {
    oxygen_.solve(fields);
    detail::integrate_healing_reactions(fields, rhs_, t_min, dt_min, options_);
  }
  std::string name() const override { return "oxygen+reactions"; }

private:
  std::shared_ptr<const std::vector<LayerRow>> rows_;  // what rhs_.rows points into
  detail::OxygenSolver oxygen_;
  HealingRhs rhs_;
  solver::ReactionOptions options_;
};

}  // namespace

struct HealingModel::Impl {
  grid::Grid grid;
  tissue::LayerMap layers;
  HealingParameters parameters;
  TopicalApplication topical;
  std::shared_ptr<const std::vector<LayerRow>> rows;

  grid::BoundarySet boundaries() const {
    grid::BoundarySet set(kSpeciesCount);
    if (!grid.is_2d()) {
      set.set_periodic(grid::Face::XMin);
      set.set_periodic(grid::Face::YMin);
    }
    return set;
  }
  detail::OxygenSolver oxygen_solver(std::shared_ptr<solver::ScratchPool> scratch = nullptr) const {
    return detail::OxygenSolver(grid, *rows, oxygen_D_by_z(layers, parameters), parameters.rates, std::move(scratch));
  }
  std::vector<solver::DiffusionSpec> diffusion_specs() const;
  std::vector<solver::TaxisTerm> taxis_terms() const;
};

std::vector<solver::DiffusionSpec> HealingModel::Impl::diffusion_specs() const {
  const HealingTransport& t = parameters.transport;
  std::vector<solver::DiffusionSpec> specs(kSpeciesCount);
  specs[index(Species::GrowthFactor)] = {t.D_growth_factor_um2_per_min, 0.0,
                                         epidermis_scale(grid, *rows, t.D_growth_factor_epidermis_scale, 1.0)};
  specs[index(Species::Vegf)] = {t.D_vegf_um2_per_min, 0.0,
                                 epidermis_scale(grid, *rows, t.D_growth_factor_epidermis_scale, 1.0)};
  specs[index(Species::Proteases)] = {t.D_proteases_um2_per_min, 0.0, {}};
  // Tips live in the dermis; keratinocyte coverage spreads only inside the epidermis.
  specs[index(Species::SproutTips)] = {t.D_tips_um2_per_min, 0.0, epidermis_scale(grid, *rows, 0.0, 1.0)};
  specs[index(Species::EpidermalCoverage)] = {t.D_epidermal_um2_per_min, 0.0, epidermis_scale(grid, *rows, 1.0, 0.0)};
  // Without an agent on the skin its two fields stay 0: no sweeps for them.
  if (topical.applied())
    for (const Species agent : {Species::TopicalAgent, Species::TopicalAgentIntact})
      specs[index(agent)] = {t.D_agent_um2_per_min, 0.0, epidermis_scale(grid, *rows, t.D_agent_epidermis_scale, 1.0)};
  return specs;
}

std::vector<solver::TaxisTerm> HealingModel::Impl::taxis_terms() const {
  const HealingTransport& t = parameters.transport;
  const auto dermis = std::make_shared<const grid::AlignedVector>(epidermis_scale(grid, *rows, 0.0, 1.0));
  std::vector<solver::TaxisTerm> terms;
  auto add = [&](Species mover, Species attractant, double chi, double K) {
    if (chi > 0.0) terms.push_back({index(mover), index(attractant), chi, K, dermis});
  };
  add(Species::InflammatoryCells, Species::GrowthFactor, t.chi_inflammatory_um2_per_min, t.K_chi_inflammatory);
  add(Species::Fibroblasts, Species::GrowthFactor, t.chi_fibroblasts_um2_per_min, t.K_chi_fibroblasts);
  add(Species::Fibroblasts, Species::Fibrin, t.eta_fibroblasts_um2_per_min, 0.0);
  add(Species::SproutTips, Species::Vegf, t.chi_tips_um2_per_min, t.K_chi_tips);
  return terms;
}

HealingModel::HealingModel(const grid::Grid& grid, tissue::LayerMap layers, HealingParameters parameters,
                           TopicalApplication topical) {
  validate(parameters);
  if (layers.nz() != grid.nz())
    throw std::invalid_argument("HealingModel: the layer map has " + std::to_string(layers.nz()) +
                                " rows, the grid " + std::to_string(grid.nz()));
  auto rows = std::make_shared<const std::vector<LayerRow>>(build_rows(grid, layers, parameters));
  impl_ = std::make_unique<Impl>(Impl{grid, std::move(layers), parameters, topical, std::move(rows)});
}

HealingModel::~HealingModel() = default;
HealingModel::HealingModel(HealingModel&&) noexcept = default;
HealingModel& HealingModel::operator=(HealingModel&&) noexcept = default;

const grid::Grid& HealingModel::grid() const noexcept { return impl_->grid; }
const tissue::LayerMap& HealingModel::layers() const noexcept { return impl_->layers; }
const HealingParameters& HealingModel::parameters() const noexcept { return impl_->parameters; }
std::span<const LayerRow> HealingModel::rows() const noexcept { return *impl_->rows; }

grid::FieldSet HealingModel::healthy_state() const { return fields_from_rows(impl_->grid, *impl_->rows); }

double HealingModel::baseline(Species species, std::size_t voxel) const {
  const std::size_t plane = static_cast<std::size_t>(impl_->grid.nx()) * static_cast<std::size_t>(impl_->grid.ny());
  const std::size_t k = voxel / plane;
  if (k >= impl_->rows->size()) throw std::out_of_range("HealingModel::baseline: voxel " + std::to_string(voxel));
  return healthy_vector((*impl_->rows)[k])[index(species)];
}

HealingRhs HealingModel::reaction_rhs(double t_session_min) const {
  HealingRhs rhs;
  rhs.rows = impl_->rows->data();
  rhs.rates = impl_->parameters.rates;
  rhs.t_session_min = t_session_min;
  rhs.agent_applied_min = impl_->topical.on_skin_min;
  rhs.agent_daily_share = impl_->topical.daily_min / units::kMinutesPerDay;
  return rhs;
}

void HealingModel::relax_oxygen(grid::FieldSet& fields) const { impl_->oxygen_solver().solve(fields, 1e-6, 1e-6, 10); }

solver::Stepper HealingModel::make_stepper(double t_start_min, double t_session_min,
                                           double implicit_reactions_from_min) const {
  const Impl& m = *impl_;
  std::vector<std::unique_ptr<solver::SplitOperator>> ops;
  const HealingTransport& t = m.parameters.transport;
  ops.push_back(detail::make_cell_motility(
      m.grid, {detail::motile(Species::InflammatoryCells, t.D_inflammatory_um2_per_min, *m.rows, &LayerRow::M_b),
               detail::motile(Species::Fibroblasts, t.D_fibroblasts_um2_per_min, *m.rows, &LayerRow::F_b)}));
  // Taxis and the oxygen solve run one after the other: their grid-sized work arrays share one pool.
  const auto scratch = std::make_shared<solver::ScratchPool>();
  auto terms = m.taxis_terms();
  if (!terms.empty())
    ops.push_back(std::make_unique<solver::TaxisOperator>(
        solver::TaxisSolver(m.grid, std::move(terms), m.boundaries(), {}, scratch)));
  ops.push_back(std::make_unique<solver::DiffusionOperator>(solver::DiffusionSolver(m.grid, m.diffusion_specs(), m.boundaries())));
  solver::ReactionOptions reactions;
  reactions.stiff_from_dt_min = implicit_reactions_from_min;
  // Without an agent on the skin the agents stay 0 and melanin at its melanocytes' output: their
  // rates are exactly 0, so they are not integrated (docs/performance.md, "Lesions").
  if (!m.topical.applied()) reactions.species = index(Species::TopicalAgent);
  ops.push_back(
      std::make_unique<OxygenAndReactions>(m.rows, m.oxygen_solver(scratch), reaction_rhs(t_session_min), reactions));
  return solver::Stepper(solver::Splitting::Strang, std::move(ops), t_start_min);
}

}  // namespace skintwin::model
