#pragma once
// When a run stops stepping to look at its state: observable samples (the rows of the time
// series), field snapshots and checkpoints. The stops are a pure function of the run's settings,
// so an uninterrupted run and a run resumed from a checkpoint take the same steps: the stepper
// lands exactly on every stop (its last step before a stop is shortened), and checkpoints are only
// ever taken at sample stops, so asking for checkpoints never changes the numbers.
#include <cstddef>
#include <vector>

namespace skintwin::course {

struct Stop {
  double t_days = 0.0;      // time since the start of the run (the first session)
  bool sample = false;      // measure the observables (a row of timeseries.csv)
  bool fields = false;      // write a field snapshot
  bool checkpoint = false;  // write the full state
  // The course's session given at this stop (0: the first, at t = 0; -1: none). A session stop is
  // a sample: its row shows the state just after the session.
  int session = -1;
};

struct TimelineSettings {
  double duration_days = 28.0;
  double output_every_days = 0.25;
  // Denser samples in the first hours, where closure happens (0: none).
  double early_output_every_days = 0.0;
  double early_output_until_days = 0.0;
  double fields_every_days = 1.0;       // 0: no field snapshots
  double checkpoint_every_days = 0.0;   // 0: no checkpoints
  // Days of the course's sessions after the first (which is at t = 0), increasing, each > 0 and
  // before duration_days. The early samples follow every session.
  std::vector<double> later_session_days;
};

// Throws InputError (keys simulate.duration_days, simulate.output_every_days,
// simulate.early_output_every_h, simulate.fields_every_days, --checkpoint-every) on non-finite or non-positive values where a
// positive one is needed, or on more than kMaxStops stops; (course.interval_days) on session days
// that are not increasing inside (0, duration).
void validate(const TimelineSettings& settings);
// (Each sample is a row of about 90 numbers: 200k rows is already a 30 MB CSV.)
inline constexpr std::size_t kMaxStops = 200'000;

// Stops in time order, starting with t = 0 (just after the session: sample and fields) and ending
// with t = duration (sample, fields if any, checkpoint if any). Samples fall on multiples of
// output_every_days (and of early_output_every_days up to early_output_until_days after each
// session), snapshots on multiples of fields_every_days; each later session has a stop of its own
// (sample, and fields if any); times closer than 1e-9 day are one stop. A checkpoint goes on the first sample stop at or after each multiple of
// checkpoint_every_days, and on the last stop.
std::vector<Stop> make_timeline(const TimelineSettings& settings);

}  // namespace skintwin::course
