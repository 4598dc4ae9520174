#pragma once
// Progress of a run in simulated days. On a terminal: one bar redrawn in place at most 10 times a
// second,
//   [########            ] day 11.2/28.0   412 steps/s  ETA 0:12
// Not on a terminal (a log file, CI): a plain line each time another 10 % of the simulated span
// is done, or every 30 s of wall time, whichever comes first. Quiet: nothing at all.
// Rates are averages since the first update(), so a run resumed from a checkpoint at day 14 does
// not count the first 14 days as done in no time.
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

namespace skintwin::cli {

// Seconds on a monotonic clock; injectable so tests are deterministic.
using WallClock = std::function<double()>;
WallClock steady_wall_clock();

bool stdout_is_terminal();
bool stderr_is_terminal();

class ProgressReporter {
public:
  // t_end_days must be positive and finite (std::invalid_argument otherwise).
  // `count_unit` names what update()'s running count counts ("steps"; "runs" for a screening);
  // `time_unit` what the simulated span is counted in ("day"; "section-day" for sections run side
  // by side, whose days add up).
  ProgressReporter(std::ostream& out, bool is_tty, bool quiet, double t_end_days, WallClock clock = steady_wall_clock(),
                   std::string count_unit = "steps", std::string time_unit = "day");

  // t_days: simulated time reached; steps: steps taken so far (a running total).
  void update(double t_days, std::size_t steps);
  // Draws the final state and ends the line. Further calls do nothing.
  void finish();

  // Formats used above, exposed for tests and for the CLI's summary line.
  static std::string format_duration(double seconds);  // "0:07", "12:34", "1:02:03"; "--:--" if unknown
  static std::string bar(double fraction, int width);   // "[#####     ]"

private:
  struct Rates {
    double steps_per_s = 0.0;
    double eta_s = -1.0;  // negative: unknown
  };
  Rates rates(double now_s) const;
  std::string tty_line(const Rates& r) const;
  std::string plain_line(const Rates& r) const;
  void draw_tty(double now_s);
  void print_plain(double now_s);

  std::ostream& out_;
  bool is_tty_;
  bool quiet_;
  double t_end_days_;
  WallClock clock_;
  std::string count_unit_;
  std::string time_unit_;

  bool started_ = false;
  bool finished_ = false;
  double start_s_ = 0.0;
  double start_t_days_ = 0.0;
  std::size_t start_steps_ = 0;
  double t_days_ = 0.0;
  std::size_t steps_ = 0;
  double last_draw_s_ = 0.0;
  int last_decile_ = -1;
  std::size_t last_line_width_ = 0;
};

}  // namespace skintwin::cli
