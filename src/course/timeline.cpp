#include "skintwin/course/timeline.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "skintwin/core/error.hpp"
#include "skintwin/core/units.hpp"

namespace skintwin::course {
namespace {

// Two times closer than this are one stop (round-off of k x cadence).
constexpr double kSameTimeDays = 1e-9;

void require_positive(const char* key, double value) {
  if (!(value > 0.0) || !std::isfinite(value))
    throw InputError(key, fmt::format("{}", value), "a finite number of days > 0");
}

void require_cadence(const char* key, double value) {
  if (!(value >= 0.0) || !std::isfinite(value))
    throw InputError(key, fmt::format("{}", value), "a finite number of days >= 0 (0 = none)");
}

// Multiples of `every` from 0 up to `end` (inclusive within round-off).
std::size_t multiples(double end, double every) { return static_cast<std::size_t>(std::floor(end / every + kSameTimeDays)) + 1; }

}  // namespace

void validate(const TimelineSettings& s) {
  require_positive("simulate.duration_days", s.duration_days);
  require_positive("simulate.output_every_days", s.output_every_days);
  require_cadence("simulate.fields_every_days", s.fields_every_days);
  require_cadence("simulate.early_output_every_h", s.early_output_every_days);
  require_cadence("simulate.early_output_until_days", s.early_output_until_days);
  require_cadence("--checkpoint-every", s.checkpoint_every_days);
  double previous_day = 0.0;
  for (const double day : s.later_session_days) {
    if (!(day > previous_day + kSameTimeDays) || !(day < s.duration_days - kSameTimeDays) || !std::isfinite(day))
      throw InputError("course.interval_days", fmt::format("a session on day {:g}", day),
                       fmt::format("sessions on increasing days after day 0 and before the end of the run (day {:g})",
                                   s.duration_days));
    previous_day = day;
  }
  const double samples = s.duration_days / s.output_every_days;
  const double sessions = 1.0 + static_cast<double>(s.later_session_days.size());
  const double early = s.early_output_every_days > 0.0
                            ? sessions * std::min(s.duration_days, s.early_output_until_days) / s.early_output_every_days
                            : 0.0;
  const double snapshots = s.fields_every_days > 0.0 ? s.duration_days / s.fields_every_days : 0.0;
  if (samples + early + snapshots > static_cast<double>(kMaxStops)) {
    // Blame the cadence that asks for the most stops; the hourly one is shown in hours, as configured.
    const char* key = "simulate.output_every_days";
    double shown = s.output_every_days;
    double most = samples;
    if (early > most) {
      key = "simulate.early_output_every_h";
      shown = s.early_output_every_days * units::kHoursPerDay;
      most = early;
    }
    if (snapshots > most) {
      key = "simulate.fields_every_days";
      shown = s.fields_every_days;
      most = snapshots;
    }
    throw InputError(key, fmt::format("{:g}", shown),
                     fmt::format("a cadence giving at most {} stops over {} days in all (this one alone gives {:.3g}; "
                                 "outputs {:.3g}, early outputs {:.3g}, field snapshots {:.3g})",
                                 kMaxStops, s.duration_days, most, samples, early, snapshots));
  }
}

std::vector<Stop> make_timeline(const TimelineSettings& s) {
  validate(s);
  std::vector<Stop> raw;
  for (std::size_t k = 0, n = multiples(s.duration_days, s.output_every_days); k < n; ++k)
    raw.push_back({.t_days = static_cast<double>(k) * s.output_every_days, .sample = true});
  std::vector<double> session_days = {0.0};
  session_days.insert(session_days.end(), s.later_session_days.begin(), s.later_session_days.end());
  for (std::size_t session = 0; session < session_days.size(); ++session) {
    const double start = session_days[session];
    raw.push_back({.t_days = start, .sample = true, .fields = s.fields_every_days > 0.0,
                   .session = static_cast<int>(session)});
    if (s.early_output_every_days > 0.0)
      for (std::size_t k = 1, n = multiples(std::min(s.duration_days - start, s.early_output_until_days),
                                            s.early_output_every_days);
           k < n; ++k)
        raw.push_back({.t_days = start + static_cast<double>(k) * s.early_output_every_days, .sample = true});
  }
  if (s.fields_every_days > 0.0)
    for (std::size_t k = 0, n = multiples(s.duration_days, s.fields_every_days); k < n; ++k)
      raw.push_back({.t_days = static_cast<double>(k) * s.fields_every_days, .fields = true});
  raw.push_back({.t_days = s.duration_days, .sample = true, .fields = s.fields_every_days > 0.0});
  std::stable_sort(raw.begin(), raw.end(), [](const Stop& a, const Stop& b) { return a.t_days < b.t_days; });

  std::vector<Stop> stops;
  for (const Stop& r : raw) {
    if (r.t_days > s.duration_days + kSameTimeDays) continue;
    if (!stops.empty() && r.t_days - stops.back().t_days < kSameTimeDays) {
      stops.back().sample = stops.back().sample || r.sample;
      stops.back().fields = stops.back().fields || r.fields;
      stops.back().session = std::max(stops.back().session, r.session);
      continue;
    }
    stops.push_back(r);
  }
  // The end is the configured duration exactly, not a multiple that rounds near it.
  stops.back().t_days = s.duration_days;

  if (s.checkpoint_every_days > 0.0) {
    double next = s.checkpoint_every_days;
    for (Stop& stop : stops) {
      if (!stop.sample || stop.t_days < next - kSameTimeDays) continue;
      stop.checkpoint = true;
      next = (std::floor(stop.t_days / s.checkpoint_every_days + kSameTimeDays) + 1.0) * s.checkpoint_every_days;
    }
    stops.back().checkpoint = true;
  }
  return stops;
}

}  // namespace skintwin::course
