#pragma once
// Puncture patterns: where each needle lands over the passes, how deep it goes and which layers
// it crosses. Every random draw is keyed by (seed, purpose, pass, index) with CounterRng, so a
// pass or a needle can be generated alone, in any order, on any thread, with the same result.
#include <array>
#include <cstdint>
#include <vector>

#include "skintwin/device/device.hpp"
#include "skintwin/device/penetration.hpp"
#include "skintwin/tissue/site.hpp"

namespace skintwin::device {

struct PunctureRequest {
  double set_depth_mm = 1.0;
  int passes = 1;
  double hand_speed_mm_per_s = 10.0;   // pens: speed of the pen along its path
  double stroke_frequency_hz = 0.0;    // pens: 0 means the device's own frequency
  double area_width_mm = 20.0;         // treated rectangle, x extent
  double area_length_mm = 20.0;        // treated rectangle, y extent
  double hand_jitter_mm = 0.1;         // sd of where each imprint lands around its ideal place
  double skin_stretch = 0.0;           // fractional pre-stretch of the skin by the operator's hand
  std::uint64_t seed = 1;
};

// Throws InputError (keys as in the config: protocol.passes, ...) on NaN, negative or zero
// values where they make no sense.
void validate_request(const PunctureRequest& request);

struct Puncture {
  std::uint32_t pass = 0;
  std::uint64_t needle = 0;  // index of this needle strike within its pass
  double x_mm = 0.0;
  double y_mm = 0.0;
  double set_depth_um = 0.0;
  double depth_um = 0.0;
  double surface_radius_um = 0.0;
  tissue::LayerKind deepest_layer = tissue::LayerKind::Epidermis;
};

// Geometry of the passes, shared by all needles: lane width, spacing between imprints along the
// lane and the rotation of each pass (passes alternate 0, 90, 45, 135 degrees).
struct PassPlan {
  double lane_width_mm = 0.0;
  double imprint_spacing_mm = 0.0;
  double per_pass_density_per_cm2 = 0.0;  // needles / (spacing x lane width)
};
PassPlan plan_passes(const Device& device, const PunctureRequest& request);
double pass_angle_deg(std::uint32_t pass);

// How many punctures a request asks for: passes x area x the plan's per-pass density (what all()
// returns, up to the lattice's edge fluctuation), computed before any is generated.
double estimated_puncture_count(const PassPlan& plan, const PunctureRequest& request);
// The most punctures one request may generate. A Puncture is 64 bytes, so 1e7 of them hold 640 MB
// (and about 1 GB while the passes are gathered and summarised): comfortable on a 24 GB machine
// that also holds the simulation. A larger request is an InputError naming the keys that drive it.
inline constexpr double kMaxPunctures = 1.0e7;

class PunctureGenerator {
public:
  // Throws InputError if the request asks for more than kMaxPunctures (protocol.area_width_mm,
  // with the estimate, what would fit and the other keys that drive the count).
  PunctureGenerator(const Device& device, const PunctureRequest& request, const tissue::Site& site, tissue::Sex sex,
                    const PenetrationModel& model = default_penetration_model());
  std::vector<Puncture> pass(std::uint32_t pass_index) const;  // one pass, independent of the others
  std::vector<Puncture> all() const;                            // every pass, in pass order
  const PassPlan& plan() const noexcept { return plan_; }
  const PenetrationResult& penetration() const noexcept { return penetration_; }

private:
  Puncture strike(std::uint32_t pass_index, std::uint64_t needle_index, double x_mm, double y_mm) const;
  // Held by value: a generator outlives the temporaries it is often built from.
  Device device_;
  PunctureRequest request_;
  tissue::Site site_;
  tissue::Sex sex_;
  PenetrationModel model_;
  PassPlan plan_;
  PenetrationResult penetration_;
};

struct DepthHistogram {
  std::vector<double> edges_um;       // bin edges, size = counts.size() + 1
  std::vector<std::size_t> counts;
};

struct PunctureStats {
  double area_cm2 = 0.0;
  std::size_t count = 0;
  std::vector<double> density_per_pass_per_cm2;
  double density_mean_per_pass_per_cm2 = 0.0;
  double density_total_per_cm2 = 0.0;
  double coverage_fraction = 0.0;  // fraction of the area inside at least one channel mouth
  double depth_mean_um = 0.0;
  double depth_sd_um = 0.0;
  double depth_min_um = 0.0;
  double depth_max_um = 0.0;
  double depth_p05_um = 0.0;
  double depth_p50_um = 0.0;
  double depth_p95_um = 0.0;
  DepthHistogram histogram;
  std::array<double, tissue::kLayerCount> fraction_reaching{};  // depth beyond the layer's top
  std::array<double, tissue::kLayerCount> fraction_deepest{};   // deepest layer crossed
};

// Coverage is rasterised at `cell_um` (or coarser if the area would need too many cells).
PunctureStats puncture_stats(const std::vector<Puncture>& punctures, int passes, double area_width_mm,
                             double area_length_mm, const tissue::Site& site, tissue::Sex sex, double cell_um = 5.0);

// Fraction of a rectangle covered by discs: raster estimate (cell centres inside any disc).
double coverage_fraction(const std::vector<Puncture>& punctures, double area_width_mm, double area_length_mm,
                         double cell_um);

}  // namespace skintwin::device
