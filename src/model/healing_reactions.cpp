#include "healing_reactions.hpp"

#include "skintwin/solver/reaction_lanes.hpp"

namespace skintwin::model::detail {
namespace {

#if defined(SKINTWIN_HAVE_LANES)
// One row of voxels, a lane vector at a time, in a version for each instruction set, the best one
// picked when the program loads (GCC function multi-versioning): portable binaries still get wide
// vectors. Eight lanes where there is AVX-512 (one register each); four elsewhere, where eight
// would be split into pieces and spilled (solver/lanes.hpp). flatten inlines the integrator and the
// right-hand side into each version. No file fuses a multiply-add (-ffp-contract=off), so every
// version and width, and the scalar integrator, give bitwise the same numbers.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target("avx512f"), flatten)) solver::ReactionRowOutcome healing_row(
    const HealingRhs& rhs, const solver::ReactionRow& row, double t_min, double dt_min,
    const solver::ReactionOptions& options) {
  return solver::integrate_row_lanes<solver::LaneDouble>(rhs, row, t_min, dt_min, options);
}
__attribute__((target("avx2"), flatten)) solver::ReactionRowOutcome healing_row(
    const HealingRhs& rhs, const solver::ReactionRow& row, double t_min, double dt_min,
    const solver::ReactionOptions& options) {
  return solver::integrate_row_lanes<solver::LaneDouble4>(rhs, row, t_min, dt_min, options);
}
__attribute__((target("default"), flatten))
#endif
solver::ReactionRowOutcome healing_row(const HealingRhs& rhs, const solver::ReactionRow& row, double t_min,
                                       double dt_min, const solver::ReactionOptions& options) {
  return solver::integrate_row_lanes<solver::LaneDouble4>(rhs, row, t_min, dt_min, options);
}
#endif

}  // namespace

solver::ReactionStats integrate_healing_reactions(grid::FieldSet& fields, const HealingRhs& rhs, double t_min,
                                                  double dt_min, const solver::ReactionOptions& options) {
#if defined(SKINTWIN_HAVE_LANES)
  return solver::integrate_reactions(fields, rhs, t_min, dt_min, options, [&](const solver::ReactionRow& row) {
    return healing_row(rhs, row, t_min, dt_min, options);
  });
#else
  return solver::integrate_reactions(fields, rhs, t_min, dt_min, options);
#endif
}

}  // namespace skintwin::model::detail
