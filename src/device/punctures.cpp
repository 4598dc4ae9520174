#include "skintwin/device/punctures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include <fmt/format.h>

#include "skintwin/core/error.hpp"
#include "skintwin/core/rng.hpp"
#include "skintwin/core/units.hpp"

namespace skintwin::device {
namespace {

// CounterRng purposes: one stream family per kind of draw.
constexpr std::uint32_t kPassOffsetStream = 0xD0001;
constexpr std::uint32_t kImprintJitterStream = 0xD0002;
constexpr std::uint32_t kDepthScatterStream = 0xD0003;

void require(bool ok, const std::string& key, double value, const std::string& allowed) {
  if (!ok) throw InputError(key, fmt::format("{:g}", value), allowed);
}

double stroke_frequency_hz(const Device& device, const PunctureRequest& request) {
  return request.stroke_frequency_hz > 0.0 ? request.stroke_frequency_hz : device.stroke_frequency_hz;
}

// kMaxPunctures is documented as about 1 GB of punctures; keep the two in step.
static_assert(sizeof(Puncture) <= 64, "kMaxPunctures assumes a Puncture of at most 64 bytes");

// Refuses a request that would generate more than kMaxPunctures before any memory is taken.
void require_puncture_count(const Device& device, const PunctureRequest& request, const PassPlan& plan) {
  const double count = estimated_puncture_count(plan, request);
  if (count <= kMaxPunctures) return;
  const double area_cm2 = request.area_width_mm * request.area_length_mm / units::kMm2PerCm2;
  const double fitting_cm2 = kMaxPunctures / (request.passes * plan.per_pass_density_per_cm2);
  const std::string levers =
      device.type == DeviceType::Pen
          ? "shrink protocol.area_width_mm or protocol.area_length_mm, raise protocol.hand_speed_mm_per_s, "
            "lower protocol.pen_frequency_hz or protocol.passes"
          : "shrink protocol.area_width_mm or protocol.area_length_mm, or lower protocol.passes";
  throw InputError("protocol.area_width_mm", fmt::format("{:g}", request.area_width_mm),
                   fmt::format("at most {:g} punctures fit in memory; this protocol asks for about {:.2g} "
                               "({} passes x {:.4g} cm2 x {:.4g} /cm2 per pass); at this density and pass count an "
                               "area of at most {:.3g} cm2 fits; {}",
                               kMaxPunctures, count, request.passes, area_cm2, plan.per_pass_density_per_cm2,
                               fitting_cm2, levers));
}

}  // namespace

void validate_request(const PunctureRequest& r) {
  auto positive = [](double v) { return std::isfinite(v) && v > 0.0; };
  auto non_negative = [](double v) { return std::isfinite(v) && v >= 0.0; };
  require(positive(r.set_depth_mm), "device.set_depth_mm", r.set_depth_mm, "a finite depth above 0 mm");
  require(r.passes >= 1, "protocol.passes", r.passes, "a whole number of passes, at least 1");
  require(positive(r.hand_speed_mm_per_s), "protocol.hand_speed_mm_per_s", r.hand_speed_mm_per_s,
          "a finite speed above 0 mm/s");
  require(non_negative(r.stroke_frequency_hz), "protocol.pen_frequency_hz", r.stroke_frequency_hz,
          "a finite frequency, 0 (device default) or above");
  require(positive(r.area_width_mm), "protocol.area_width_mm", r.area_width_mm, "a finite width above 0 mm");
  require(positive(r.area_length_mm), "protocol.area_length_mm", r.area_length_mm, "a finite length above 0 mm");
  require(non_negative(r.hand_jitter_mm), "protocol.hand_jitter_mm", r.hand_jitter_mm, "a finite sd, 0 mm or above");
  require(non_negative(r.skin_stretch) && r.skin_stretch < 1.0, "protocol.skin_stretch", r.skin_stretch,
          "a fraction from 0 to below 1");
}

double pass_angle_deg(std::uint32_t pass) {
  // Clinicians cross-hatch: along, across, then both diagonals.
  constexpr std::array<double, 4> kAngles{0.0, 90.0, 45.0, 135.0};
  return kAngles[pass % kAngles.size()];
}

PassPlan plan_passes(const Device& device, const PunctureRequest& request) {
  PassPlan plan;
  plan.lane_width_mm = device.imprint_width_mm;
  if (device.type == DeviceType::Pen) {
    const double frequency_hz = stroke_frequency_hz(device, request);
    require(frequency_hz > 0.0, "protocol.pen_frequency_hz", frequency_hz, "a pen needs a stroke frequency above 0 Hz");
    plan.imprint_spacing_mm = request.hand_speed_mm_per_s / frequency_hz;
  } else {
    // A drum prints its unrolled surface once per turn; a stamp is set down edge to edge.
    plan.imprint_spacing_mm = device.imprint_length_mm;
  }
  plan.per_pass_density_per_cm2 =
      static_cast<double>(device.needle_count()) / (plan.imprint_spacing_mm * plan.lane_width_mm) * units::kMm2PerCm2;
  return plan;
}

double estimated_puncture_count(const PassPlan& plan, const PunctureRequest& request) {
  const double area_cm2 = request.area_width_mm * request.area_length_mm / units::kMm2PerCm2;
  return static_cast<double>(request.passes) * area_cm2 * plan.per_pass_density_per_cm2;
}

PunctureGenerator::PunctureGenerator(const Device& device, const PunctureRequest& request, const tissue::Site& site,
                                     tissue::Sex sex, const PenetrationModel& model)
    : device_(device), request_(request), site_(site), sex_(sex), model_(model) {
  validate_request(request_);
  if (device_.needle_count() == 0 || device_.imprint_width_mm <= 0.0)
    throw InputError("device.name", device_.name, "a device with needles and a lane width");
  plan_ = plan_passes(device_, request_);
  require_puncture_count(device_, request_, plan_);
  penetration_ = penetrate(model_, device_, request_.set_depth_mm, site_, sex_, request_.skin_stretch);
}

Puncture PunctureGenerator::strike(std::uint32_t pass_index, std::uint64_t needle_index, double x_mm,
                                   double y_mm) const {
  CounterRng rng(request_.seed, kDepthScatterStream, pass_index, static_cast<std::uint32_t>(needle_index));
  Puncture p;
  p.pass = pass_index;
  p.needle = needle_index;
  p.x_mm = x_mm;
  p.y_mm = y_mm;
  p.set_depth_um = units::kUmPerMm * request_.set_depth_mm;
  p.depth_um = std::clamp(rng.normal(penetration_.depth_um, penetration_.depth_sd_um), 0.0, penetration_.reach_um);
  p.surface_radius_um = channel_radius_um(model_, device_.needle, p.depth_um, 0.0);
  p.deepest_layer = site_.layer_at(p.depth_um, sex_);
  return p;
}

std::vector<Puncture> PunctureGenerator::pass(std::uint32_t pass_index) const {
  const double angle = pass_angle_deg(pass_index) * std::numbers::pi / 180.0;
  const double c = std::cos(angle);
  const double s = std::sin(angle);
  const double centre_x = 0.5 * request_.area_width_mm;
  const double centre_y = 0.5 * request_.area_length_mm;
  // Lanes and imprints cover the disc around the treated rectangle in the pass's own frame.
  const double reach_mm = 0.5 * std::hypot(request_.area_width_mm, request_.area_length_mm) +
                          std::max(device_.imprint_length_mm, device_.imprint_width_mm) + 4.0 * request_.hand_jitter_mm;
  const auto lanes = static_cast<std::int64_t>(std::ceil(reach_mm / plan_.lane_width_mm)) + 1;
  const auto steps = static_cast<std::int64_t>(std::ceil(reach_mm / plan_.imprint_spacing_mm)) + 1;
  const auto per_lane = static_cast<std::uint64_t>(2 * steps + 1);
  const auto needles = static_cast<std::uint64_t>(device_.needle_count());
  if (static_cast<double>(2 * lanes + 1) * static_cast<double>(per_lane) * static_cast<double>(needles) >
      static_cast<double>(std::numeric_limits<std::uint32_t>::max()))
    throw InputError("protocol.area_width_mm", fmt::format("{:g}", request_.area_width_mm),
                     "an area small enough for fewer than 4e9 needle strikes per pass (raise hand speed or shrink area)");

  CounterRng offset_rng(request_.seed, kPassOffsetStream, pass_index);
  const double lane_offset = offset_rng.uniform();
  const double step_offset = offset_rng.uniform();
  std::vector<Puncture> out;
  for (std::int64_t lane = -lanes; lane <= lanes; ++lane) {
    for (std::int64_t step = -steps; step <= steps; ++step) {
      const auto imprint = static_cast<std::uint64_t>(lane + lanes) * per_lane + static_cast<std::uint64_t>(step + steps);
      CounterRng jitter(request_.seed, kImprintJitterStream, pass_index, static_cast<std::uint32_t>(imprint));
      const double along0 = (static_cast<double>(step) + step_offset) * plan_.imprint_spacing_mm +
                            request_.hand_jitter_mm * jitter.normal();
      const double across0 = (static_cast<double>(lane) + lane_offset) * plan_.lane_width_mm +
                             request_.hand_jitter_mm * jitter.normal();
      for (std::uint64_t k = 0; k < needles; ++k) {
        const double along = along0 + device_.layout[k].along_mm;
        const double across = across0 + device_.layout[k].across_mm;
        const double x = centre_x + c * along - s * across;
        const double y = centre_y + s * along + c * across;
        if (x < 0.0 || y < 0.0 || x >= request_.area_width_mm || y >= request_.area_length_mm) continue;
        out.push_back(strike(pass_index, imprint * needles + k, x, y));
      }
    }
  }
  return out;
}

std::vector<Puncture> PunctureGenerator::all() const {
  std::vector<Puncture> out;
  // The estimate plus a margin for the lattice's edges: no doubling of a vector near the limit.
  out.reserve(static_cast<std::size_t>(1.05 * estimated_puncture_count(plan_, request_)) + 1024);
  for (int p = 0; p < request_.passes; ++p) {
    auto one = pass(static_cast<std::uint32_t>(p));
    out.insert(out.end(), one.begin(), one.end());
  }
  return out;
}

double coverage_fraction(const std::vector<Puncture>& punctures, double area_width_mm, double area_length_mm,
                         double cell_um) {
  constexpr double kMaxCells = 4e7;
  const double cells_wanted = area_width_mm * area_length_mm * units::kUm2PerMm2 / (cell_um * cell_um);
  if (cells_wanted > kMaxCells) cell_um *= std::sqrt(cells_wanted / kMaxCells);
  const auto nx = static_cast<std::int64_t>(std::ceil(area_width_mm * units::kUmPerMm / cell_um));
  const auto ny = static_cast<std::int64_t>(std::ceil(area_length_mm * units::kUmPerMm / cell_um));
  std::vector<std::uint8_t> covered(static_cast<std::size_t>(nx * ny), 0);
  for (const auto& p : punctures) {
    const double x_um = p.x_mm * units::kUmPerMm;
    const double y_um = p.y_mm * units::kUmPerMm;
    const double r = p.surface_radius_um;
    if (r <= 0.0) continue;
    const auto ix0 = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor((x_um - r) / cell_um)));
    const auto ix1 = std::min<std::int64_t>(nx - 1, static_cast<std::int64_t>(std::floor((x_um + r) / cell_um)));
    const auto iy0 = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor((y_um - r) / cell_um)));
    const auto iy1 = std::min<std::int64_t>(ny - 1, static_cast<std::int64_t>(std::floor((y_um + r) / cell_um)));
    for (auto iy = iy0; iy <= iy1; ++iy) {
      const double dy = (static_cast<double>(iy) + 0.5) * cell_um - y_um;
      for (auto ix = ix0; ix <= ix1; ++ix) {
        const double dx = (static_cast<double>(ix) + 0.5) * cell_um - x_um;
        if (dx * dx + dy * dy <= r * r) covered[static_cast<std::size_t>(iy * nx + ix)] = 1;
      }
    }
  }
  const auto hits = std::count(covered.begin(), covered.end(), std::uint8_t{1});
  return static_cast<double>(hits) / static_cast<double>(covered.size());
}

namespace {

double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0.0;
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

DepthHistogram depth_histogram(const std::vector<double>& depths, double top_um) {
  constexpr std::size_t kBins = 20;
  DepthHistogram h;
  const double width = top_um > 0.0 ? top_um / kBins : 1.0;
  for (std::size_t i = 0; i <= kBins; ++i) h.edges_um.push_back(width * static_cast<double>(i));
  h.counts.assign(kBins, 0);
  for (double d : depths) ++h.counts[std::min(kBins - 1, static_cast<std::size_t>(d / width))];
  return h;
}

}  // namespace

PunctureStats puncture_stats(const std::vector<Puncture>& punctures, int passes, double area_width_mm,
                             double area_length_mm, const tissue::Site& site, tissue::Sex sex, double cell_um) {
  PunctureStats st;
  st.area_cm2 = area_width_mm * area_length_mm / units::kMm2PerCm2;
  st.count = punctures.size();
  st.density_per_pass_per_cm2.assign(static_cast<std::size_t>(std::max(passes, 0)), 0.0);
  std::vector<double> depths;
  depths.reserve(punctures.size());
  double deepest_setting_um = 0.0;
  for (const auto& p : punctures) {
    if (p.pass < st.density_per_pass_per_cm2.size()) st.density_per_pass_per_cm2[p.pass] += 1.0 / st.area_cm2;
    depths.push_back(p.depth_um);
    deepest_setting_um = std::max(deepest_setting_um, p.set_depth_um);
    for (std::size_t k = 0; k < tissue::kLayerCount; ++k)
      if (p.depth_um > site.top_um(static_cast<tissue::LayerKind>(k), sex)) st.fraction_reaching[k] += 1.0;
    st.fraction_deepest[static_cast<std::size_t>(p.deepest_layer)] += 1.0;
  }
  st.density_total_per_cm2 = static_cast<double>(st.count) / st.area_cm2;
  st.density_mean_per_pass_per_cm2 = passes > 0 ? st.density_total_per_cm2 / passes : 0.0;
  st.coverage_fraction = coverage_fraction(punctures, area_width_mm, area_length_mm, cell_um);
  st.histogram = depth_histogram(depths, deepest_setting_um);
  if (depths.empty()) return st;
  const double n = static_cast<double>(depths.size());
  for (auto& f : st.fraction_reaching) f /= n;
  for (auto& f : st.fraction_deepest) f /= n;
  std::sort(depths.begin(), depths.end());
  double sum = 0.0;
  for (double d : depths) sum += d;
  st.depth_mean_um = sum / n;
  double squares = 0.0;
  for (double d : depths) squares += (d - st.depth_mean_um) * (d - st.depth_mean_um);
  st.depth_sd_um = depths.size() > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0;
  st.depth_min_um = depths.front();
  st.depth_max_um = depths.back();
  st.depth_p05_um = percentile(depths, 0.05);
  st.depth_p50_um = percentile(depths, 0.50);
  st.depth_p95_um = percentile(depths, 0.95);
  return st;
}

}  // namespace skintwin::device
