#include "skintwin/course/runner.hpp"

#include "skintwin/core/units.hpp"

#include <cstddef>
#include <stdexcept>

#include <fmt/format.h>

namespace skintwin::course {

void run_to_end(CourseState& state, solver::Stepper& stepper, const std::vector<Stop>& stops,
                const solver::DtSchedule& schedule, const StopHandlers& handlers) {
  if (stepper.t_min() != state.t_min)
    throw std::invalid_argument(
        fmt::format("course: stepper at t = {} min but state at t = {} min", stepper.t_min(), state.t_min));
  schedule.validate();
  while (state.next_stop >= 0 && static_cast<std::size_t>(state.next_stop) < stops.size()) {
    const Stop& stop = stops[static_cast<std::size_t>(state.next_stop)];
    const double t_stop_min = units::minutes(stop.t_days);
    if (t_stop_min > state.t_min) {
      state.steps += stepper.advance_to(state.fields, t_stop_min, schedule, state.last_session_t_min());
      state.t_min = stepper.t_min();
      if (handlers.progress) handlers.progress(units::days(state.t_min), state.steps);
    }
    ++state.next_stop;
    if (stop.session > 0 && static_cast<std::size_t>(stop.session) == state.sessions.size()) {
      if (!handlers.apply_session)
        throw std::logic_error(fmt::format("course: session {} on day {} but no way to apply it", stop.session + 1, stop.t_days));
      stepper = handlers.apply_session(stop.session, state);
      if (stepper.t_min() != state.t_min)
        throw std::logic_error("course: the stepper after a session does not start where the state is");
    }
    if (handlers.at_stop) handlers.at_stop(stop, state);
  }
}

}  // namespace skintwin::course
