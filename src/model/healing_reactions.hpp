#pragma once
// The healing reactions over a whole field set: solver::integrate_reactions with the batched
// (lane) row integrator where the compiler has lanes, the scalar one elsewhere. Same result per
// voxel either way (solver/reaction_lanes.hpp).
#include "skintwin/grid/field_set.hpp"
#include "skintwin/model/healing_rhs.hpp"
#include "skintwin/solver/reaction.hpp"

namespace skintwin::model::detail {

solver::ReactionStats integrate_healing_reactions(grid::FieldSet& fields, const HealingRhs& rhs, double t_min,
                                                  double dt_min, const solver::ReactionOptions& options);

}  // namespace skintwin::model::detail
