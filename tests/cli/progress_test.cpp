// Progress output with a fake clock: expected lines are worked out by hand from the rates
// (steps / elapsed seconds; ETA = remaining days x elapsed seconds / days done).
#include <gtest/gtest.h>

#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "cli/progress.hpp"

namespace skintwin::cli {
namespace {

struct FakeClock {
  double now_s = 100.0;
  WallClock clock() {
    return [this] { return now_s; };
  }
};

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// What is visible on a terminal after the redraws: the text after the last carriage return.
std::vector<std::string> redraws(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while ((at = text.find('\r', at)) != std::string::npos) {
    const std::size_t next = text.find_first_of("\r\n", at + 1);
    out.push_back(text.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1));
    at += 1;
  }
  return out;
}

std::string rstrip(std::string s) {
  s.erase(s.find_last_not_of(' ') + 1);
  return s;
}

TEST(Progress, DurationFormat) {
  EXPECT_EQ(ProgressReporter::format_duration(0.0), "0:00");
  EXPECT_EQ(ProgressReporter::format_duration(59.4), "0:59");
  EXPECT_EQ(ProgressReporter::format_duration(59.6), "1:00");
  EXPECT_EQ(ProgressReporter::format_duration(754.0), "12:34");
  EXPECT_EQ(ProgressReporter::format_duration(3723.0), "1:02:03");
  EXPECT_EQ(ProgressReporter::format_duration(-1.0), "--:--");
  EXPECT_EQ(ProgressReporter::format_duration(std::numeric_limits<double>::infinity()), "--:--");
}

TEST(Progress, Bar) {
  EXPECT_EQ(ProgressReporter::bar(0.0, 10), "[          ]");
  EXPECT_EQ(ProgressReporter::bar(0.3, 10), "[###       ]");
  EXPECT_EQ(ProgressReporter::bar(0.99, 10), "[######### ]");
  EXPECT_EQ(ProgressReporter::bar(1.0, 10), "[##########]");
  EXPECT_EQ(ProgressReporter::bar(1.7, 4), "[####]");
  EXPECT_EQ(ProgressReporter::bar(-0.5, 4), "[    ]");
}

TEST(Progress, TerminalBarIsRedrawnInPlaceAtMostTenTimesASecond) {
  std::ostringstream out;
  FakeClock fake;
  ProgressReporter progress(out, true, false, 28.0, fake.clock());
  progress.update(0.0, 0);
  fake.now_s += 0.05;
  progress.update(0.1, 20);  // 50 ms after the last draw: skipped
  fake.now_s += 0.95;        // 1 s after the start
  progress.update(2.8, 412);
  fake.now_s += 0.09;
  progress.update(2.9, 450);  // skipped
  fake.now_s = 100.0 + 10.0;
  progress.finish();

  const std::vector<std::string> drawn = redraws(out.str());
  ASSERT_EQ(drawn.size(), 3u) << out.str();
  EXPECT_EQ(rstrip(drawn[0]), "[                    ] day 0.0/28.0  0.0 steps/s  ETA --:--");
  // 412 steps in 1 s; 2.8 days in 1 s leaves 25.2 days: 9 s.
  EXPECT_EQ(rstrip(drawn[1]), "[##                  ] day 2.8/28.0  412 steps/s  ETA 0:09");
  // finish() reports the last update (day 2.9, 450 steps) over 10 s.
  EXPECT_EQ(rstrip(drawn[2]), "[##                  ] day 2.9/28.0  45 steps/s  done in 0:10");
  EXPECT_EQ(out.str().back(), '\n');
  EXPECT_EQ(lines(out.str()).size(), 1u) << "one terminal line, redrawn";
}

TEST(Progress, TerminalRedrawBlanksTheTailOfALongerLine) {
  std::ostringstream out;
  FakeClock fake;
  ProgressReporter progress(out, true, false, 100.0, fake.clock());
  progress.update(0.0, 0);
  fake.now_s += 1.0;
  progress.update(0.001, 1'000'000);  // ETA 99999 s: "27:46:39", a long line
  fake.now_s += 1.0;
  progress.update(50.0, 2'000'000);  // ETA 2 s: shorter
  const std::vector<std::string> drawn = redraws(out.str());
  ASSERT_EQ(drawn.size(), 3u);
  EXPECT_NE(drawn[1].find("ETA 27:46:39"), std::string::npos) << drawn[1];
  EXPECT_NE(drawn[2].find("ETA 0:02"), std::string::npos) << drawn[2];
  EXPECT_GE(drawn[2].size(), drawn[1].size());
}

TEST(Progress, PlainLinesEveryTenPercentOrThirtySeconds) {
  std::ostringstream out;
  FakeClock fake;
  ProgressReporter progress(out, false, false, 10.0, fake.clock());
  progress.update(0.0, 0);       // first line
  fake.now_s += 1.0;
  progress.update(0.5, 100);     // still the 0-10 % band: no line
  fake.now_s += 1.0;
  progress.update(1.0, 200);     // 10 %: a line; 200 steps / 2 s, 9 days left at 2 s/day
  fake.now_s += 40.0;
  progress.update(1.5, 300);     // no new band, but 40 s since the last line
  fake.now_s += 1.0;
  progress.update(1.6, 310);     // nothing
  fake.now_s += 1.0;
  progress.update(3.4, 400);     // skips past 20 % into 30 %: one line
  fake.now_s += 4.0;
  progress.update(10.0, 1000);   // 100 %
  progress.finish();

  const std::vector<std::string> got = lines(out.str());
  const std::vector<std::string> expected{
      "progress: day 0.0/10.0 (0%), 0.0 steps/s, ETA --:--",
      "progress: day 1.0/10.0 (10%), 100 steps/s, ETA 0:18",
      "progress: day 1.5/10.0 (15%), 7.1 steps/s, ETA 3:58",  // 300 steps / 42 s; 8.5 d x 42 s / 1.5 d = 238 s
      "progress: day 3.4/10.0 (34%), 9.1 steps/s, ETA 1:25",  // 400 / 44; 6.6 x 44 / 3.4 = 85.4 s
      "progress: day 10.0/10.0 (100%), 21 steps/s, ETA 0:00",  // 1000 / 48
      "done: day 10.0/10.0, 1000 steps in 0:48 (21 steps/s)",
  };
  EXPECT_EQ(got, expected) << out.str();
  EXPECT_EQ(out.str().find('\r'), std::string::npos);
}

TEST(Progress, RatesCountFromTheFirstUpdateSoResumedRunsAreNotFlattered) {
  std::ostringstream out;
  FakeClock fake;
  ProgressReporter progress(out, false, false, 28.0, fake.clock());
  progress.update(14.0, 100'000);  // resumed from a checkpoint at day 14
  fake.now_s += 6.0;
  progress.update(17.0, 100'300);  // crosses 60 %
  const std::vector<std::string> got = lines(out.str());
  ASSERT_EQ(got.size(), 2u);
  // 300 steps in 6 s; 3 days in 6 s leaves 11 days: 22 s.
  EXPECT_EQ(got[1], "progress: day 17.0/28.0 (61%), 50 steps/s, ETA 0:22");
}

TEST(Progress, QuietPrintsNothing) {
  std::ostringstream out;
  FakeClock fake;
  for (const bool tty : {true, false}) {
    ProgressReporter progress(out, tty, true, 28.0, fake.clock());
    progress.update(0.0, 0);
    fake.now_s += 100.0;
    progress.update(28.0, 1000);
    progress.finish();
  }
  EXPECT_TRUE(out.str().empty()) << out.str();
}

TEST(Progress, FinishIsIdempotentAndSilentWithoutUpdates) {
  std::ostringstream out;
  FakeClock fake;
  ProgressReporter idle(out, false, false, 1.0, fake.clock());
  idle.finish();
  EXPECT_TRUE(out.str().empty());
  ProgressReporter progress(out, false, false, 1.0, fake.clock());
  progress.update(1.0, 10);
  progress.finish();
  progress.finish();
  progress.update(1.0, 20);
  EXPECT_EQ(lines(out.str()).size(), 2u) << out.str();
}

TEST(Progress, RejectsABadEndTime) {
  std::ostringstream out;
  EXPECT_THROW(ProgressReporter(out, false, false, 0.0), std::invalid_argument);
  EXPECT_THROW(ProgressReporter(out, false, false, std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
}

}  // namespace
}  // namespace skintwin::cli
