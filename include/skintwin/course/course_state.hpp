#pragma once
// The state of a treatment course between two steps: everything needed to continue it (from a
// checkpoint) or to apply another session to it. One session today; multi-session courses append
// to `sessions` and restart the step schedule at the latest one.
#include <cstdint>
#include <string>
#include <vector>

#include "skintwin/grid/field_set.hpp"

namespace skintwin::course {

struct SessionRecord {
  double t_min = 0.0;         // when the session was applied (minutes since the start of the run)
  std::uint64_t seed = 0;     // the seed its punctures were drawn with
  std::int64_t punctures = 0; // punctures that landed on the grid
};

struct CourseState {
  grid::FieldSet fields;                // every model species, in model order
  grid::FieldSet wound;                 // the latest session's injury footprint (injury_footprint)
  double t_min = 0.0;                   // simulated time, minutes since the start of the run
  std::int64_t steps = 0;               // time steps taken so far
  std::int64_t next_stop = 0;           // index of the next stop of the timeline to reach
  std::vector<SessionRecord> sessions;  // sessions applied so far, in time order

  // Time the step schedule counts from: the latest session (0 if none).
  double last_session_t_min() const noexcept { return sessions.empty() ? 0.0 : sessions.back().t_min; }
};

// What the observables keep of the state just after an injury: its damage and epidermal coverage
// (the wound zone and the openings), named as the species are. Two fields, not sixteen: on a large
// 3D patch the whole injured state would be hundreds of MB held for the whole run.
grid::FieldSet injury_footprint(const grid::FieldSet& injured);
// The names of its fields, in its order: damage, epidermal_coverage.
std::vector<std::string> injury_footprint_names();

}  // namespace skintwin::course
