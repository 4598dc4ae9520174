#pragma once
// The healing cascade after microneedling as a reaction-diffusion-taxis system on layered skin
// (docs/model.md, "Healing"). Knows nothing of files: parameters come in as a struct.
#include <limits>
#include <memory>
#include <span>

#include "skintwin/grid/field_set.hpp"
#include "skintwin/grid/grid.hpp"
#include "skintwin/model/healing_rhs.hpp"
#include "skintwin/model/parameters.hpp"
#include "skintwin/model/species.hpp"
#include "skintwin/solver/stepper.hpp"
#include "skintwin/tissue/layer_map.hpp"

namespace skintwin::model {

class HealingModel {
public:
  HealingModel(const grid::Grid& grid, tissue::LayerMap layers, HealingParameters parameters,
               TopicalApplication topical = {});
  ~HealingModel();
  HealingModel(HealingModel&&) noexcept;
  HealingModel& operator=(HealingModel&&) noexcept;

  const grid::Grid& grid() const noexcept;
  const tissue::LayerMap& layers() const noexcept;
  const HealingParameters& parameters() const noexcept;

  // Healthy skin: every species at its layer baseline, oxygen at its steady profile. The model's
  // equations hold this state still (baseline closure, docs/model.md).
  grid::FieldSet healthy_state() const;
  // Healthy value of one species at one voxel (used by the injury and the observables).
  double baseline(Species species, std::size_t voxel) const;

  // The split operators of one time step, starting at t_start_min (Strang: cell motility, taxis,
  // diffusion at half steps around oxygen + reactions at the full step). t_session_min is the
  // time of the latest treatment session (it starts the epidermal front's activation clock);
  // pass the same value when resuming from a checkpoint so the run continues bit-identically.
  // Steps at least implicit_reactions_from_min long integrate the reactions with the linearly
  // implicit W-method (solver::ReactionOptions::stiff_from_dt_min).
  solver::Stepper make_stepper(double t_start_min, double t_session_min = 0.0,
                               double implicit_reactions_from_min = std::numeric_limits<double>::infinity()) const;

  // The pointwise reactions, for tests and other drivers (rows() must outlive it).
  HealingRhs reaction_rhs(double t_session_min = 0.0) const;
  // Per depth row (grid z index): baselines, derived synthesis rates, closure terms.
  std::span<const LayerRow> rows() const noexcept;
  // Oxygen at its quasi-steady profile for the other fields (what the stepper does each step).
  void relax_oxygen(grid::FieldSet& fields) const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The time-step schedule for one session (docs/model.md, "Numerical scheme"): 0.5 min at the
// session, growing by 0.1 min per minute since, capped at 60 min (the calibration's schedule, 713
// steps in 28 days); from day 8, when the wound has settled, growing again up to a day (6 h until
// issue 10; the 6-hourly samples of the default still cap it at 6 h, so only runs sampled less
// often step longer: docs/performance.md has the convergence studies behind the numbers).
inline solver::DtSchedule recommended_dt_schedule() {
  return solver::DtSchedule{.dt_initial_min = 0.5, .dt_max_min = 60.0, .growth = 0.1,
                            .settled_after_min = 8.0 * 1440.0, .dt_settled_max_min = 1440.0};
}

}  // namespace skintwin::model
