#include "progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <utility>

#include <unistd.h>

namespace skintwin::cli {
namespace {

constexpr double kTtyRedrawInterval_s = 0.1;  // at most 10 redraws a second
constexpr double kPlainInterval_s = 30.0;     // a plain line at least this often while running
constexpr int kPlainSteps = 10;               // and one per 10 % of the simulated span
constexpr int kBarWidth = 20;

std::string format_rate(double steps_per_s) {
  return steps_per_s < 10.0 ? fmt::format("{:.1f}", steps_per_s) : fmt::format("{:.0f}", steps_per_s);
}

}  // namespace

WallClock steady_wall_clock() {
  return [] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  };
}

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) == 1; }
bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

ProgressReporter::ProgressReporter(std::ostream& out, bool is_tty, bool quiet, double t_end_days, WallClock clock,
                                   std::string count_unit, std::string time_unit)
    : out_(out), is_tty_(is_tty), quiet_(quiet), t_end_days_(t_end_days), clock_(std::move(clock)),
      count_unit_(std::move(count_unit)), time_unit_(std::move(time_unit)) {
  if (!(t_end_days_ > 0.0) || !std::isfinite(t_end_days_))
    throw std::invalid_argument("ProgressReporter: t_end_days must be positive and finite");
  if (!clock_) throw std::invalid_argument("ProgressReporter: no clock");
}

std::string ProgressReporter::format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0.0) return "--:--";
  const auto total = static_cast<long long>(std::llround(seconds));
  const long long h = total / 3600;
  const long long m = (total / 60) % 60;
  const long long s = total % 60;
  return h > 0 ? fmt::format("{}:{:02d}:{:02d}", h, m, s) : fmt::format("{}:{:02d}", m, s);
}

std::string ProgressReporter::bar(double fraction, int width) {
  width = std::max(width, 0);
  const double clamped = std::clamp(std::isfinite(fraction) ? fraction : 0.0, 0.0, 1.0);
  // The small margin keeps 0.3 * 10 (= 2.9999...) at three cells.
  const int filled = std::min(width, static_cast<int>(std::floor(clamped * width + 1e-9)));
  // Built by appending: g++ 12 at -O3 raises a false -Wrestrict on "[" + std::string(...).
  std::string drawn;
  drawn.reserve(static_cast<std::size_t>(width) + 2);
  drawn.push_back('[');
  drawn.append(static_cast<std::size_t>(filled), '#');
  drawn.append(static_cast<std::size_t>(width - filled), ' ');
  drawn.push_back(']');
  return drawn;
}

ProgressReporter::Rates ProgressReporter::rates(double now_s) const {
  Rates r;
  const double elapsed_s = now_s - start_s_;
  if (!(elapsed_s > 0.0)) return r;
  r.steps_per_s = static_cast<double>(steps_ - start_steps_) / elapsed_s;
  const double days_done = t_days_ - start_t_days_;
  if (days_done > 0.0) r.eta_s = std::max(0.0, t_end_days_ - t_days_) * elapsed_s / days_done;
  return r;
}

std::string ProgressReporter::tty_line(const Rates& r) const {
  const std::string tail = finished_ ? "done in " + format_duration(last_draw_s_ - start_s_) : "ETA " + format_duration(r.eta_s);
  return fmt::format("{} {} {:.1f}/{:.1f}  {} {}/s  {}", bar(t_days_ / t_end_days_, kBarWidth), time_unit_, t_days_,
                     t_end_days_, format_rate(r.steps_per_s), count_unit_, tail);
}

std::string ProgressReporter::plain_line(const Rates& r) const {
  const double percent = std::clamp(100.0 * t_days_ / t_end_days_, 0.0, 100.0);
  if (finished_)
    return fmt::format("done: {} {:.1f}/{:.1f}, {} {} in {} ({} {}/s)", time_unit_, t_days_, t_end_days_, steps_,
                       count_unit_, format_duration(last_draw_s_ - start_s_), format_rate(r.steps_per_s), count_unit_);
  return fmt::format("progress: {} {:.1f}/{:.1f} ({:.0f}%), {} {}/s, ETA {}", time_unit_, t_days_, t_end_days_, percent,
                     format_rate(r.steps_per_s), count_unit_, format_duration(r.eta_s));
}

void ProgressReporter::draw_tty(double now_s) {
  last_draw_s_ = now_s;
  const std::string line = tty_line(rates(now_s));
  // Pad over the tail of a longer previous line (the ETA can shrink).
  const std::size_t pad = last_line_width_ > line.size() ? last_line_width_ - line.size() : 0;
  out_ << '\r' << line << std::string(pad, ' ');
  if (finished_) out_ << '\n';
  out_.flush();
  last_line_width_ = line.size();
}

void ProgressReporter::print_plain(double now_s) {
  last_draw_s_ = now_s;
  out_ << plain_line(rates(now_s)) << '\n';
  out_.flush();
}

void ProgressReporter::update(double t_days, std::size_t steps) {
  if (quiet_ || finished_) return;
  const double now_s = clock_();
  t_days_ = t_days;
  steps_ = steps;
  const bool first = !started_;
  if (first) {
    started_ = true;
    start_s_ = now_s;
    start_t_days_ = t_days;
    start_steps_ = steps;
  }
  if (is_tty_) {
    if (first || now_s - last_draw_s_ >= kTtyRedrawInterval_s) draw_tty(now_s);
    return;
  }
  const int step = std::clamp(static_cast<int>(std::floor(kPlainSteps * t_days / t_end_days_ + 1e-9)), 0, kPlainSteps);
  if (first || step > last_decile_ || now_s - last_draw_s_ >= kPlainInterval_s) {
    last_decile_ = std::max(last_decile_, step);
    print_plain(now_s);
  }
}

void ProgressReporter::finish() {
  if (quiet_ || finished_) {
    finished_ = true;
    return;
  }
  finished_ = true;
  if (!started_) return;  // nothing was run: nothing to report
  const double now_s = clock_();
  if (is_tty_)
    draw_tty(now_s);
  else
    print_plain(now_s);
}

}  // namespace skintwin::cli
