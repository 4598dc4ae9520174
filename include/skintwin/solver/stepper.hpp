#pragma once
// Operator splitting: one time step applies each operator (diffusion, taxis, reactions, ...)
// in turn. Lie: A1(dt) A2(dt) ... An(dt), first order in dt. Strang: A1(dt/2) ... A(n-1)(dt/2)
// An(dt) A(n-1)(dt/2) ... A1(dt/2), second order when every operator is at least second order
// over its sub-step (the last operator, run once per step with the full dt, is the place for the
// most expensive one). dt may change from one step to the next. See docs/solver.md.
#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "skintwin/grid/field_set.hpp"
#include "skintwin/solver/diffusion.hpp"
#include "skintwin/solver/reaction.hpp"
#include "skintwin/solver/taxis.hpp"

namespace skintwin::solver {

// One part of the right-hand side, advanced on its own: fields(t) -> fields(t + dt).
class SplitOperator {
public:
  virtual ~SplitOperator() = default;
  virtual void advance(grid::FieldSet& fields, double t_min, double dt_min) = 0;
  virtual std::string name() const = 0;
};

class DiffusionOperator final : public SplitOperator {
public:
  explicit DiffusionOperator(DiffusionSolver solver) : solver_(std::move(solver)) {}
  void advance(grid::FieldSet& fields, double t_min, double dt_min) override;
  std::string name() const override { return "diffusion"; }

private:
  DiffusionSolver solver_;
};

class TaxisOperator final : public SplitOperator {
public:
  explicit TaxisOperator(TaxisSolver solver) : solver_(std::move(solver)) {}
  void advance(grid::FieldSet& fields, double t_min, double dt_min) override;
  std::string name() const override { return "taxis"; }
  int last_substeps() const noexcept { return last_substeps_; }

private:
  TaxisSolver solver_;
  int last_substeps_ = 0;
};

template <class Rhs>
class ReactionOperator final : public SplitOperator {
public:
  explicit ReactionOperator(Rhs rhs, ReactionOptions options = {}) : rhs_(std::move(rhs)), options_(options) {}
  void advance(grid::FieldSet& fields, double t_min, double dt_min) override {
    last_ = integrate_reactions(fields, rhs_, t_min, dt_min, options_);
  }
  std::string name() const override { return "reactions"; }
  const ReactionStats& last_stats() const noexcept { return last_; }

private:
  Rhs rhs_;
  ReactionOptions options_;
  ReactionStats last_;
};

enum class Splitting { Lie, Strang };

// Time step that grows after an event (a treatment session): dt = dt_initial + growth * t_since,
// capped at dt_max, so minutes are used in the first hours and hours later; the number of steps
// grows only logarithmically with the time simulated. Once the wound has settled (from
// settled_after_min since the event) the cap rises again at the same growth, up to
// dt_settled_max_min: dt = min(dt_settled_max, dt_max + growth * (t_since - settled_after)). The
// defaults leave that second phase off. The schedule is not error-controlled at run time: its
// accuracy is what a convergence study of the model shows (docs/performance.md).
struct DtSchedule {
  double dt_initial_min = 1.0;
  double dt_max_min = 60.0;
  double growth = 0.1;  // added minutes of dt per minute since the event (dimensionless)
  double settled_after_min = std::numeric_limits<double>::infinity();
  double dt_settled_max_min = 60.0;  // <= dt_max_min: no second phase
  // Throws std::invalid_argument unless 0 < dt_initial <= dt_max, growth >= 0, all finite, and
  // settled_after >= 0 (or infinite) and dt_settled_max finite and > 0.
  void validate() const;
  double dt_min_at(double t_since_event_min) const;
};

class Stepper {
public:
  // Operators in splitting order; throws std::invalid_argument on an empty list or a null.
  Stepper(Splitting splitting, std::vector<std::unique_ptr<SplitOperator>> operators, double t_start_min = 0.0);

  // One split step of dt_min (> 0, finite); t advances by dt_min.
  void step(grid::FieldSet& fields, double dt_min);
  // Steps of dt_min until t_end_min; the last step is shortened to land on it. Returns steps taken.
  long long advance_to(grid::FieldSet& fields, double t_end_min, double dt_min);
  // Steps chosen by a schedule counted from t_event_min, landing exactly on t_end_min.
  long long advance_to(grid::FieldSet& fields, double t_end_min, const DtSchedule& schedule, double t_event_min);

  double t_min() const noexcept { return t_min_; }
  long long steps() const noexcept { return steps_; }
  Splitting splitting() const noexcept { return splitting_; }
  SplitOperator& op(std::size_t index) { return *operators_.at(index); }
  std::size_t operator_count() const noexcept { return operators_.size(); }

private:
  Splitting splitting_;
  std::vector<std::unique_ptr<SplitOperator>> operators_;
  double t_min_;
  long long steps_ = 0;
};

}  // namespace skintwin::solver
