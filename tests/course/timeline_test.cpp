#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "skintwin/core/error.hpp"
#include "skintwin/course/timeline.hpp"

using skintwin::InputError;
using skintwin::course::make_timeline;
using skintwin::course::Stop;
using skintwin::course::TimelineSettings;

namespace {

long count(const std::vector<Stop>& stops, bool Stop::*flag) {
  return std::count_if(stops.begin(), stops.end(), [flag](const Stop& s) { return s.*flag; });
}

std::vector<double> times_of(const std::vector<Stop>& stops, bool Stop::*flag) {
  std::vector<double> t;
  for (const Stop& s : stops)
    if (s.*flag) t.push_back(s.t_days);
  return t;
}

}  // namespace

// 28 days at 0.25 d: samples at 0, 0.25, ..., 28 (113); daily snapshots coincide with samples.
TEST(Timeline, DefaultCadencesGiveOneStopPerSample) {
  const auto stops = make_timeline({.duration_days = 28.0, .output_every_days = 0.25, .fields_every_days = 1.0});
  ASSERT_EQ(stops.size(), 113u);
  EXPECT_EQ(count(stops, &Stop::sample), 113);
  EXPECT_EQ(count(stops, &Stop::fields), 29);
  EXPECT_EQ(count(stops, &Stop::checkpoint), 0);
  EXPECT_EQ(stops.front().t_days, 0.0);
  EXPECT_EQ(stops.back().t_days, 28.0);
  EXPECT_TRUE(stops.front().fields);
  EXPECT_TRUE(stops.back().fields);
}

TEST(Timeline, StopsAreStrictlyIncreasing) {
  const auto stops = make_timeline({.duration_days = 3.7, .output_every_days = 0.1, .fields_every_days = 0.35,
                                    .checkpoint_every_days = 0.5});
  for (std::size_t i = 1; i < stops.size(); ++i) EXPECT_GT(stops[i].t_days, stops[i - 1].t_days + 1e-9) << i;
}

// A span that is not a multiple of the cadence still ends on the span, sampled.
TEST(Timeline, EndsExactlyOnTheDuration) {
  const auto stops = make_timeline({.duration_days = 1.1, .output_every_days = 0.25, .fields_every_days = 0.0});
  EXPECT_EQ(times_of(stops, &Stop::sample), (std::vector<double>{0.0, 0.25, 0.5, 0.75, 1.0, 1.1}));
  EXPECT_EQ(count(stops, &Stop::fields), 0);
}

// Checkpoints go on the first sample at or after each multiple of the checkpoint cadence, and at
// the end: every 0.3 d with samples every 0.25 d -> 0.5 (>= 0.3), 0.75 (>= 0.6), 1.0 (>= 0.9), end.
TEST(Timeline, CheckpointsSnapToSamples) {
  const auto stops = make_timeline({.duration_days = 1.1, .output_every_days = 0.25, .fields_every_days = 0.0,
                                    .checkpoint_every_days = 0.3});
  EXPECT_EQ(times_of(stops, &Stop::checkpoint), (std::vector<double>{0.5, 0.75, 1.0, 1.1}));
}

// Asking for checkpoints adds no stop, so it cannot change the steps taken.
TEST(Timeline, CheckpointsAddNoStops) {
  const TimelineSettings plain{.duration_days = 5.0, .output_every_days = 0.3, .fields_every_days = 0.7};
  TimelineSettings with = plain;
  with.checkpoint_every_days = 0.45;
  const auto a = make_timeline(plain);
  const auto b = make_timeline(with);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].t_days, b[i].t_days);
}

TEST(Timeline, SnapshotsBetweenSamplesAreTheirOwnStops) {
  const auto stops = make_timeline({.duration_days = 1.0, .output_every_days = 0.5, .fields_every_days = 0.25});
  EXPECT_EQ(stops.size(), 5u);
  EXPECT_EQ(times_of(stops, &Stop::sample), (std::vector<double>{0.0, 0.5, 1.0}));
  EXPECT_EQ(times_of(stops, &Stop::fields), (std::vector<double>{0.0, 0.25, 0.5, 0.75, 1.0}));
}

TEST(Timeline, RejectsBadSettingsNamingTheKey) {
  auto key_of = [](const TimelineSettings& s) {
    try {
      make_timeline(s);
    } catch (const InputError& e) {
      return e.key();
    }
    return std::string("no error");
  };
  EXPECT_EQ(key_of({.duration_days = 0.0}), "simulate.duration_days");
  EXPECT_EQ(key_of({.duration_days = NAN}), "simulate.duration_days");
  EXPECT_EQ(key_of({.output_every_days = -1.0}), "simulate.output_every_days");
  EXPECT_EQ(key_of({.fields_every_days = INFINITY}), "simulate.fields_every_days");
  EXPECT_EQ(key_of({.checkpoint_every_days = -0.5}), "--checkpoint-every");
  EXPECT_EQ(key_of({.early_output_every_days = NAN}), "simulate.early_output_every_h");
  EXPECT_EQ(key_of({.duration_days = 3650.0, .output_every_days = 0.01}), "simulate.output_every_days");
}

// Hourly samples for the first 2 days, then every 6 h: 48 hourly stops in [0, 2) d, then 0.25 d
// stops from 2 to 28 d (105), 153 in all; the hourly times that are also 6-hourly are one stop.
TEST(Timeline, EarlySamplesAreDenser) {
  const auto stops = make_timeline({.duration_days = 28.0, .output_every_days = 0.25,
                                    .early_output_every_days = 1.0 / 24.0, .early_output_until_days = 2.0,
                                    .fields_every_days = 1.0});
  EXPECT_EQ(stops.size(), 48u + 105u);
  EXPECT_EQ(count(stops, &Stop::sample), 153);
  EXPECT_NEAR(stops[1].t_days, 1.0 / 24.0, 1e-15);
  EXPECT_NEAR(stops[49].t_days, 2.25, 1e-12);
}

// A course: each later session has a sample stop of its own (with fields when snapshots are on),
// marked with its index, and the early samples follow every session, not only the first.
TEST(Timeline, CourseSessionsHaveTheirOwnStopsAndEarlySamples) {
  const auto stops = make_timeline({.duration_days = 10.0,
                                    .output_every_days = 1.0,
                                    .early_output_every_days = 0.25,
                                    .early_output_until_days = 0.5,
                                    .fields_every_days = 5.0,
                                    .later_session_days = {3.6}});
  std::vector<std::pair<double, int>> sessions;
  for (const Stop& s : stops)
    if (s.session >= 0) sessions.emplace_back(s.t_days, s.session);
  EXPECT_EQ(sessions, (std::vector<std::pair<double, int>>{{0.0, 0}, {3.6, 1}}));
  const auto session_stop = std::find_if(stops.begin(), stops.end(), [](const Stop& s) { return s.session == 1; });
  EXPECT_TRUE(session_stop->sample);
  EXPECT_TRUE(session_stop->fields);
  const auto samples = times_of(stops, &Stop::sample);
  for (const double t : {0.25, 0.5, 3.85, 4.1}) {
    EXPECT_TRUE(std::any_of(samples.begin(), samples.end(), [t](double s) { return std::abs(s - t) < 1e-12; }))
        << "no early sample at day " << t;
  }
  EXPECT_FALSE(std::any_of(samples.begin(), samples.end(), [](double s) { return std::abs(s - 4.35) < 1e-12; }));
  for (std::size_t i = 1; i < stops.size(); ++i) EXPECT_GT(stops[i].t_days, stops[i - 1].t_days) << i;
}

TEST(Timeline, RefusesSessionsOutOfOrderOrAfterTheEnd) {
  const auto key_of = [](std::vector<double> days) {
    try {
      make_timeline({.duration_days = 10.0, .output_every_days = 1.0, .later_session_days = std::move(days)});
    } catch (const InputError& e) {
      return e.key();
    }
    return std::string("no error");
  };
  EXPECT_EQ(key_of({3.0, 6.0}), "no error");
  EXPECT_EQ(key_of({6.0, 3.0}), "course.interval_days");
  EXPECT_EQ(key_of({0.0}), "course.interval_days");
  EXPECT_EQ(key_of({10.0}), "course.interval_days");
}
