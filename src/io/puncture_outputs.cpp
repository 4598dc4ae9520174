// The outputs of `skintwin punctures` (text; the CLI writes them).
#include "skintwin/io/puncture_outputs.hpp"

#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "skintwin/core/notice.hpp"

namespace skintwin::io {
namespace {

using tissue::LayerKind;

std::string layer_label(LayerKind kind) { return tissue::layer_name(kind); }

}  // namespace

nlohmann::json puncture_summary_json(const course::PunctureSession& run) {
  const auto& st = run.stats;
  nlohmann::json j;
  j["notice"] = std::string(kNotice);
  j["device"] = run.setup.device.name;
  j["device_type"] = device::device_type_name(run.setup.device.type);
  j["site"] = run.setup.site.name;
  j["sex"] = tissue::sex_name(run.setup.sex);
  j["indication"] = run.setup.indication;
  j["request"] = {{"set_depth_mm", run.setup.request.set_depth_mm},
                  {"passes", run.setup.request.passes},
                  {"hand_speed_mm_per_s", run.setup.request.hand_speed_mm_per_s},
                  {"stroke_frequency_hz", run.setup.request.stroke_frequency_hz},
                  {"area_width_mm", run.setup.request.area_width_mm},
                  {"area_length_mm", run.setup.request.area_length_mm},
                  {"hand_jitter_mm", run.setup.request.hand_jitter_mm},
                  {"skin_stretch", run.setup.request.skin_stretch},
                  {"seed", run.setup.request.seed}};
  j["plan"] = {{"lane_width_mm", run.plan.lane_width_mm},
               {"imprint_spacing_mm", run.plan.imprint_spacing_mm},
               {"per_pass_density_per_cm2", run.plan.per_pass_density_per_cm2}};
  j["penetration"] = {{"reach_um", run.penetration.reach_um},
                      {"deflection_um", run.penetration.deflection_um},
                      {"depth_um", run.penetration.depth_um},
                      {"depth_sd_um", run.penetration.depth_sd_um}};
  nlohmann::json profile = nlohmann::json::array();
  const auto& model = run.setup.penetration;
  for (int i = 0; i <= 10; ++i) {
    const double z = run.penetration.depth_um * i / 10.0;
    profile.push_back({{"z_um", z}, {"radius_um", device::channel_radius_um(model, run.setup.device.needle, run.penetration.depth_um, z)}});
  }
  j["channel_profile_at_mean_depth"] = profile;
  j["area_cm2"] = st.area_cm2;
  j["count"] = st.count;
  j["density_per_pass_per_cm2"] = st.density_per_pass_per_cm2;
  j["density_mean_per_pass_per_cm2"] = st.density_mean_per_pass_per_cm2;
  j["density_total_per_cm2"] = st.density_total_per_cm2;
  j["coverage_fraction"] = st.coverage_fraction;
  j["depth_um"] = {{"mean", st.depth_mean_um}, {"sd", st.depth_sd_um}, {"min", st.depth_min_um},
                   {"p05", st.depth_p05_um},  {"p50", st.depth_p50_um}, {"p95", st.depth_p95_um},
                   {"max", st.depth_max_um}};
  j["depth_histogram"] = {{"edges_um", st.histogram.edges_um}, {"counts", st.histogram.counts}};
  nlohmann::json layers = nlohmann::json::object();
  for (std::size_t k = 0; k < tissue::kLayerCount; ++k) {
    const auto kind = static_cast<LayerKind>(k);
    layers[layer_label(kind)] = {{"top_um", run.setup.site.top_um(kind, run.setup.sex)},
                                 {"fraction_reaching", st.fraction_reaching[k]},
                                 {"fraction_deepest", st.fraction_deepest[k]}};
  }
  j["layers"] = layers;
  j["warnings"] = run.warnings;
  return j;
}

// The header is the first line, so CSV readers with their defaults take it as the column names;
// the notice is in summary.json and config.toml of the same folder (see timeseries_csv).
std::string punctures_csv(const course::PunctureSession& run) {
  std::string out = "pass,needle,x_mm,y_mm,set_depth_um,depth_um,surface_radius_um,deepest_layer";
  for (std::size_t k = 0; k < tissue::kLayerCount; ++k) out += ",crosses_" + layer_label(static_cast<LayerKind>(k));
  out += "\n";
  std::array<double, tissue::kLayerCount> tops{};
  for (std::size_t k = 0; k < tissue::kLayerCount; ++k) tops[k] = run.setup.site.top_um(static_cast<LayerKind>(k), run.setup.sex);
  for (const auto& p : run.punctures) {
    out += fmt::format("{},{},{:.4f},{:.4f},{:.1f},{:.2f},{:.2f},{}", p.pass + 1, p.needle, p.x_mm, p.y_mm, p.set_depth_um,
                       p.depth_um, p.surface_radius_um, layer_label(p.deepest_layer));
    for (double top : tops) out += p.depth_um > top ? ",1" : ",0";
    out += "\n";
  }
  return out;
}

}  // namespace skintwin::io
