#pragma once
// Advances a course through the stops of its timeline: steps with the dt schedule counted from
// the latest session, landing exactly on each stop, and hands each stop to the caller (who
// measures, writes fields and checkpoints: this stage touches no files).
#include <functional>
#include <vector>

#include "skintwin/core/units.hpp"
#include "skintwin/course/course_state.hpp"
#include "skintwin/course/timeline.hpp"
#include "skintwin/solver/stepper.hpp"

namespace skintwin::course {

struct StopHandlers {
  // Called at every stop, in order, with the state at that stop (state.next_stop already points
  // past it, so a checkpoint written here resumes at the following stop).
  std::function<void(const Stop&, const CourseState&)> at_stop;
  // Called after every stretch of steps (for progress reports); may be empty.
  std::function<void(double t_days, std::int64_t steps)> progress;
  // Called on reaching a stop of a later session the state has not had yet (stop.session ==
  // state.sessions.size()), before at_stop: gives the session to the state and returns the stepper
  // to continue with (its dt schedule counted from the session). Needed when the stops hold later
  // sessions (std::logic_error otherwise).
  std::function<solver::Stepper(int session, CourseState&)> apply_session;
};

// Runs from stop `state.next_stop` to the end of `stops`. The stepper must be at state.t_min
// (std::invalid_argument otherwise: a resumed stepper that is not where the state is would break
// bit-identical restarts). A stop at the current time (t = 0 right after the session) is handed
// over without stepping.
void run_to_end(CourseState& state, solver::Stepper& stepper, const std::vector<Stop>& stops,
                const solver::DtSchedule& schedule, const StopHandlers& handlers);

}  // namespace skintwin::course
