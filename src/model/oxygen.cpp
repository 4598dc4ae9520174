#include "oxygen.hpp"

#include <algorithm>

namespace skintwin::model::detail {

OxygenSolver::OxygenSolver(const grid::Grid& grid, std::vector<LayerRow> rows, std::vector<double> D_by_z_um2_per_min,
                           HealingRates rates, std::shared_ptr<solver::ScratchPool> scratch)
    : rows_(std::move(rows)),
      rates_(rates),
      solver_(grid, std::move(D_by_z_um2_per_min),
              grid.is_2d() ? solver::LateralSides::NoFlux : solver::LateralSides::Periodic, std::move(scratch)) {}

void OxygenSolver::set_coefficients(const grid::FieldSet& fields) {
  const auto V = fields.field(index(Species::Vessels));
  const auto F = fields.field(index(Species::Fibroblasts));
  const auto M = fields.field(index(Species::InflammatoryCells));
  const auto Ep = fields.field(index(Species::EpidermalCoverage));
  const HealingRates& r = rates_;
  const grid::Grid& grid = solver_.grid();
  solver::SteadyCoefficients& c = solver_.coefficients();
  c.surface_value = r.O_air_mmHg;
  const std::size_t plane = static_cast<std::size_t>(grid.nx()) * static_cast<std::size_t>(grid.ny());
  const auto epidermal = [this, Ep, plane](std::size_t idx) {
    return rows_[idx / plane].is_epidermis ? static_cast<double>(Ep[idx]) : 0.0;
  };
  // Stratum-corneum resistance; an open mouth (coverage < 1) passes much more.
  for (std::size_t idx = 0; idx < plane; ++idx)
    c.surface_transfer[idx] = r.h_SC_um_per_min * (1.0 + (r.h_open_factor - 1.0) * (1.0 - std::min(1.0, epidermal(idx))));
  c.local = [this, V, F, M, plane, epidermal](std::size_t first, std::size_t count, solver::LocalTerms* out) {
    const HealingRates& k = rates_;
    const LayerRow& row = rows_[first / plane];  // a run never leaves its z-plane
    for (std::size_t n = 0; n < count; ++n) {
      const std::size_t idx = first + n;
      // Consumers: resident cells, fibroblasts and inflammatory cells above baseline, keratinocytes
      // of a closing epidermis; capillaries supply at O_cap.
      const double supply = k.h_V_per_min * static_cast<double>(V[idx]);
      out[n] = {.sink = supply,
                .source = supply * k.O_cap_mmHg,
                .uptake_scale = row.q_resident_mmHg_per_min + k.q_F_mmHg_per_min * positive_part(F[idx] - row.F_b) +
                                k.q_M_mmHg_per_min * positive_part(M[idx] - row.M_b) + k.q_K_mmHg_per_min * epidermal(idx)};
    }
  };
}

OxygenSolveStats OxygenSolver::solve(grid::FieldSet& fields, double tolerance, double skip_tolerance, int max_newton,
                                     int max_cg) {
  set_coefficients(fields);
  auto O = fields.field(index(Species::Oxygen));
  // The Newton iterate in double, for this solve only.
  solver::ScratchArray lease(solver_.scratch(), O.size());
  std::vector<double>& iterate = *lease;
  std::copy(O.begin(), O.end(), iterate.begin());
  // Michaelis-Menten uptake q O / (K + O), tangent about O (a tension: negative values count as 0).
  const double K = rates_.K_Oq_mmHg;
  const solver::Uptake uptake = [K](double q, double O_now) {
    const double O_old = std::max(0.0, O_now);
    const double K_plus_O = K + O_old;
    return solver::UptakeTangent{.slope = q * K / (K_plus_O * K_plus_O),
                                 .intercept = q * O_old * O_old / (K_plus_O * K_plus_O)};
  };
  const OxygenSolveStats stats = solver_.solve(iterate, uptake,
                                               {.tolerance = tolerance,
                                                .skip_tolerance = skip_tolerance,
                                                .max_newton = max_newton,
                                                .max_cg = max_cg,
                                                .non_negative = true});
  solver_.coefficients().local = nullptr;  // it refers to this call's fields
  // A field within the skip tolerance is left bit-identical (healthy skin stays exactly still).
  if (stats.newton_passes > 0)
    for (std::size_t i = 0; i < iterate.size(); ++i) O[i] = static_cast<grid::Real>(iterate[i]);
  return stats;
}

}  // namespace skintwin::model::detail
