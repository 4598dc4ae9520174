#include "skintwin/solver/stepper.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "skintwin/solver/contract.hpp"

namespace skintwin::solver {
namespace {

void check_dt(double dt_min) {
  if (!(dt_min > 0.0) || !std::isfinite(dt_min))
    throw contract_error("stepper: dt_min", fmt::format("{}", dt_min), "a finite number > 0");
}

// Remaining time below this fraction of a step is round-off, not a step to take.
constexpr double kLandingSlack = 1e-9;

}  // namespace

void DiffusionOperator::advance(grid::FieldSet& fields, double /*t_min*/, double dt_min) { solver_.step(fields, dt_min); }

void TaxisOperator::advance(grid::FieldSet& fields, double /*t_min*/, double dt_min) {
  last_substeps_ = solver_.step(fields, dt_min);
}

void DtSchedule::validate() const {
  if (!(dt_initial_min > 0.0) || !std::isfinite(dt_initial_min))
    throw contract_error("DtSchedule: dt_initial_min", fmt::format("{}", dt_initial_min), "a finite number > 0");
  if (!(dt_max_min >= dt_initial_min) || !std::isfinite(dt_max_min))
    throw contract_error("DtSchedule: dt_max_min", fmt::format("{}", dt_max_min),
                     fmt::format("a finite number >= dt_initial_min ({})", dt_initial_min));
  if (!(growth >= 0.0) || !std::isfinite(growth))
    throw contract_error("DtSchedule: growth", fmt::format("{}", growth), "a finite number >= 0");
  if (!(settled_after_min >= 0.0))
    throw contract_error("DtSchedule: settled_after_min", fmt::format("{}", settled_after_min), "a number >= 0 (or infinity: never)");
  if (!(dt_settled_max_min > 0.0) || !std::isfinite(dt_settled_max_min))
    throw contract_error("DtSchedule: dt_settled_max_min", fmt::format("{}", dt_settled_max_min), "a finite number > 0");
}

double DtSchedule::dt_min_at(double t_since_event_min) const {
  if (t_since_event_min >= settled_after_min && dt_settled_max_min > dt_max_min)
    return std::min(dt_settled_max_min, dt_max_min + growth * (t_since_event_min - settled_after_min));
  return std::min(dt_max_min, dt_initial_min + growth * std::max(0.0, t_since_event_min));
}

Stepper::Stepper(Splitting splitting, std::vector<std::unique_ptr<SplitOperator>> operators, double t_start_min)
    : splitting_(splitting), operators_(std::move(operators)), t_min_(t_start_min) {
  if (operators_.empty()) throw std::invalid_argument("Stepper: no operators");
  if (std::any_of(operators_.begin(), operators_.end(), [](const auto& op) { return !op; }))
    throw std::invalid_argument("Stepper: null operator");
}

void Stepper::step(grid::FieldSet& fields, double dt_min) {
  check_dt(dt_min);
  const std::size_t n = operators_.size();
  if (splitting_ == Splitting::Lie) {
    for (auto& op : operators_) op->advance(fields, t_min_, dt_min);
  } else {
    const double half = 0.5 * dt_min;
    for (std::size_t i = 0; i + 1 < n; ++i) operators_[i]->advance(fields, t_min_, half);
    operators_[n - 1]->advance(fields, t_min_, dt_min);
    for (std::size_t i = n - 1; i-- > 0;) operators_[i]->advance(fields, t_min_ + half, half);
  }
  t_min_ += dt_min;
  ++steps_;
}

long long Stepper::advance_to(grid::FieldSet& fields, double t_end_min, double dt_min) {
  check_dt(dt_min);
  long long taken = 0;
  while (t_end_min - t_min_ > kLandingSlack * dt_min) {
    const double remaining = t_end_min - t_min_;
    step(fields, remaining < dt_min * (1.0 + kLandingSlack) ? remaining : dt_min);
    ++taken;
  }
  t_min_ = std::max(t_min_, t_end_min);
  return taken;
}

long long Stepper::advance_to(grid::FieldSet& fields, double t_end_min, const DtSchedule& schedule,
                              double t_event_min) {
  schedule.validate();
  long long taken = 0;
  while (t_end_min - t_min_ > kLandingSlack * schedule.dt_initial_min) {
    const double dt = schedule.dt_min_at(t_min_ - t_event_min);
    const double remaining = t_end_min - t_min_;
    step(fields, remaining < dt * (1.0 + kLandingSlack) ? remaining : dt);
    ++taken;
  }
  t_min_ = std::max(t_min_, t_end_min);
  return taken;
}

}  // namespace skintwin::solver
