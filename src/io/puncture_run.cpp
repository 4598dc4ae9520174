#include "skintwin/io/puncture_run.hpp"

#include <cmath>
#include <numbers>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "skintwin/core/error.hpp"
#include "skintwin/core/notice.hpp"
#include "skintwin/io/device_catalog.hpp"

namespace skintwin::io {
namespace {

using tissue::LayerKind;

using tissue::sex_name;

device::PunctureRequest request_from(const Config& config) {
  device::PunctureRequest r;
  r.set_depth_mm = config.real("device.set_depth_mm");
  r.passes = static_cast<int>(config.integer("protocol.passes"));
  r.hand_speed_mm_per_s = config.real("protocol.hand_speed_mm_per_s");
  r.stroke_frequency_hz = config.real("protocol.pen_frequency_hz");
  r.area_width_mm = config.real("protocol.area_width_mm");
  r.area_length_mm = config.real("protocol.area_length_mm");
  r.hand_jitter_mm = config.real("protocol.hand_jitter_mm");
  r.skin_stretch = config.real("protocol.skin_stretch");
  r.seed = static_cast<std::uint64_t>(config.integer("run.seed"));
  return r;
}

// A setting whose full vertical reach passes the bottom of the dermis would put needle tips in fat
// if nothing deflected; that worst case is what the check guards.
void check_dermis(PunctureRun& run) {
  const double reach_um = device::vertical_reach_um(run.device, run.request.set_depth_mm);
  const double dermis_um = run.site.dermis_bottom_um(run.sex);
  if (reach_um < dermis_um) return;
  const std::string what = fmt::format("needles reaching {:.0f} um pass the bottom of the dermis into fat at {} ({:.0f} um, {})",
                                       reach_um, run.site.name, dermis_um, sex_name(run.sex));
  if (!indication_allows_fat(run.indication))
    throw InputError("device.set_depth_mm", fmt::format("{:g}", run.request.set_depth_mm),
                     fmt::format("{}; use a depth whose reach is below {:.0f} um, or an indication that allows it "
                                 "(stretch_marks, research) to proceed with a warning",
                                 what, dermis_um));
  run.warnings.push_back(what + "; allowed for indication '" + run.indication + "'");
}

void add_protocol_warnings(PunctureRun& run) {
  if (run.device.type != device::DeviceType::Pen && run.request.stroke_frequency_hz > 0.0)
    run.warnings.push_back(fmt::format("protocol.pen_frequency_hz = {:g} ignored: {} is a {}", run.request.stroke_frequency_hz,
                                       run.device.name, device::device_type_name(run.device.type)));
  if (run.penetration.reach_um > 0.0 && run.penetration.depth_um < 0.5 * run.penetration.reach_um)
    run.warnings.push_back(fmt::format("needles go in only {:.0f} of {:.0f} um on average: the skin deflects before it is pierced",
                                       run.penetration.depth_um, run.penetration.reach_um));
}

std::string layer_label(LayerKind kind) { return tissue::layer_name(kind); }

}  // namespace

bool indication_allows_fat(const std::string& indication) {
  return indication == "stretch_marks" || indication == "research";
}

PunctureRun run_punctures(const Config& config, const tissue::Site& site, tissue::Sex sex) {
  PunctureRun run;
  run.device = builtin_device_catalog().get(config.text("device.name"), "device.name");
  run.site = site;
  run.sex = sex;
  run.indication = config.text("protocol.indication");
  run.request = request_from(config);
  device::validate_request(run.request);
  if (!run.device.accepts_depth(run.request.set_depth_mm))
    throw InputError("device.set_depth_mm", fmt::format("{:g}", run.request.set_depth_mm),
                     fmt::format("{} ({}) takes {}", run.device.name, device::device_type_name(run.device.type),
                                 run.device.depth_range_text()));
  check_dermis(run);
  const device::PunctureGenerator generator(run.device, run.request, run.site, run.sex);
  run.plan = generator.plan();
  run.penetration = generator.penetration();
  add_protocol_warnings(run);
  run.punctures = generator.all();
  run.stats = device::puncture_stats(run.punctures, run.request.passes, run.request.area_width_mm,
                                     run.request.area_length_mm, run.site, run.sex);
  return run;
}

std::string puncture_summary_text(const PunctureRun& run) {
  const auto& st = run.stats;
  std::string out = fmt::format("# {}\n", kNotice);
  out += fmt::format("device      {} ({}, {} needles), set depth {:g} mm\n", run.device.name,
                     device::device_type_name(run.device.type), run.device.needle_count(), run.request.set_depth_mm);
  out += fmt::format("site        {} ({}), indication {}\n", run.site.name, sex_name(run.sex), run.indication);
  out += fmt::format("area        {:g} x {:g} mm ({:.2f} cm2), {} passes, seed {}\n", run.request.area_width_mm,
                     run.request.area_length_mm, st.area_cm2, run.request.passes, run.request.seed);
  out += fmt::format("penetration reach {:.0f} um, deflection {:.0f} um, mean depth {:.0f} um (sd {:.0f})\n",
                     run.penetration.reach_um, run.penetration.deflection_um, run.penetration.depth_um,
                     run.penetration.depth_sd_um);
  out += fmt::format("punctures   {} in total\n", st.count);
  out += fmt::format("density     {:.1f} /cm2 per pass (planned {:.1f}), {:.1f} /cm2 in total\n",
                     st.density_mean_per_pass_per_cm2, run.plan.per_pass_density_per_cm2, st.density_total_per_cm2);
  for (std::size_t p = 0; p < st.density_per_pass_per_cm2.size(); ++p)
    out += fmt::format("  pass {:>3}  {:.1f} /cm2 at {:g} deg\n", p + 1, st.density_per_pass_per_cm2[p],
                       device::pass_angle_deg(static_cast<std::uint32_t>(p)));
  out += fmt::format("coverage    {:.3f} of the area lies inside a channel mouth\n", st.coverage_fraction);
  out += fmt::format("depth um    mean {:.0f}, sd {:.0f}, min {:.0f}, p5 {:.0f}, median {:.0f}, p95 {:.0f}, max {:.0f}\n",
                     st.depth_mean_um, st.depth_sd_um, st.depth_min_um, st.depth_p05_um, st.depth_p50_um,
                     st.depth_p95_um, st.depth_max_um);
  out += "histogram   depth bin (um)      punctures\n";
  for (std::size_t i = 0; i < st.histogram.counts.size(); ++i)
    if (st.histogram.counts[i] > 0)
      out += fmt::format("            {:>6.0f} - {:<6.0f}     {}\n", st.histogram.edges_um[i], st.histogram.edges_um[i + 1],
                         st.histogram.counts[i]);
  out += "layers      reaching (crossing into)   deepest layer\n";
  for (std::size_t k = 0; k < tissue::kLayerCount; ++k) {
    const auto kind = static_cast<LayerKind>(k);
    out += fmt::format("  {:<18} {:>6.1f} %   {:>6.1f} %   (top at {:.0f} um)\n", layer_label(kind),
                       100.0 * st.fraction_reaching[k], 100.0 * st.fraction_deepest[k], run.site.top_um(kind, run.sex));
  }
  for (const auto& w : run.warnings) out += "warning: " + w + "\n";
  return out;
}

nlohmann::json puncture_summary_json(const PunctureRun& run) {
  const auto& st = run.stats;
  nlohmann::json j;
  j["notice"] = std::string(kNotice);
  j["device"] = run.device.name;
  j["device_type"] = device::device_type_name(run.device.type);
  j["site"] = run.site.name;
  j["sex"] = sex_name(run.sex);
  j["indication"] = run.indication;
  j["request"] = {{"set_depth_mm", run.request.set_depth_mm},
                  {"passes", run.request.passes},
                  {"hand_speed_mm_per_s", run.request.hand_speed_mm_per_s},
                  {"stroke_frequency_hz", run.request.stroke_frequency_hz},
                  {"area_width_mm", run.request.area_width_mm},
                  {"area_length_mm", run.request.area_length_mm},
                  {"hand_jitter_mm", run.request.hand_jitter_mm},
                  {"skin_stretch", run.request.skin_stretch},
                  {"seed", run.request.seed}};
  j["plan"] = {{"lane_width_mm", run.plan.lane_width_mm},
               {"imprint_spacing_mm", run.plan.imprint_spacing_mm},
               {"per_pass_density_per_cm2", run.plan.per_pass_density_per_cm2}};
  j["penetration"] = {{"reach_um", run.penetration.reach_um},
                      {"deflection_um", run.penetration.deflection_um},
                      {"depth_um", run.penetration.depth_um},
                      {"depth_sd_um", run.penetration.depth_sd_um}};
  nlohmann::json profile = nlohmann::json::array();
  const auto& model = device::default_penetration_model();
  for (int i = 0; i <= 10; ++i) {
    const double z = run.penetration.depth_um * i / 10.0;
    profile.push_back({{"z_um", z}, {"radius_um", device::channel_radius_um(model, run.device.needle, run.penetration.depth_um, z)}});
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
    layers[layer_label(kind)] = {{"top_um", run.site.top_um(kind, run.sex)},
                                 {"fraction_reaching", st.fraction_reaching[k]},
                                 {"fraction_deepest", st.fraction_deepest[k]}};
  }
  j["layers"] = layers;
  j["warnings"] = run.warnings;
  return j;
}

std::string punctures_csv(const PunctureRun& run) {
  std::string out = fmt::format("# {}\n", kNotice);
  out += "pass,needle,x_mm,y_mm,set_depth_um,depth_um,surface_radius_um,deepest_layer";
  for (std::size_t k = 0; k < tissue::kLayerCount; ++k) out += ",crosses_" + layer_label(static_cast<LayerKind>(k));
  out += "\n";
  std::array<double, tissue::kLayerCount> tops{};
  for (std::size_t k = 0; k < tissue::kLayerCount; ++k) tops[k] = run.site.top_um(static_cast<LayerKind>(k), run.sex);
  for (const auto& p : run.punctures) {
    out += fmt::format("{},{},{:.4f},{:.4f},{:.1f},{:.2f},{:.2f},{}", p.pass + 1, p.needle, p.x_mm, p.y_mm, p.set_depth_um,
                       p.depth_um, p.surface_radius_um, layer_label(p.deepest_layer));
    for (double top : tops) out += p.depth_um > top ? ",1" : ",0";
    out += "\n";
  }
  return out;
}

}  // namespace skintwin::io
