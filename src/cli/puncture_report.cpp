#include "puncture_report.hpp"

#include <fmt/format.h>

#include "skintwin/core/notice.hpp"

namespace skintwin::cli {
namespace {

using tissue::LayerKind;

std::string layer_label(LayerKind kind) { return tissue::layer_name(kind); }

}  // namespace

std::string puncture_summary_text(const course::PunctureSession& run) {
  const auto& st = run.stats;
  std::string out = fmt::format("# {}\n", kNotice);
  out += fmt::format("device      {} ({}, {} needles), set depth {:g} mm\n", run.setup.device.name,
                     device::device_type_name(run.setup.device.type), run.setup.device.needle_count(), run.setup.request.set_depth_mm);
  out += fmt::format("site        {} ({}), indication {}\n", run.setup.site.name, tissue::sex_name(run.setup.sex), run.setup.indication);
  out += fmt::format("area        {:g} x {:g} mm ({:.2f} cm2), {} passes, seed {}\n", run.setup.request.area_width_mm,
                     run.setup.request.area_length_mm, st.area_cm2, run.setup.request.passes, run.setup.request.seed);
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
                       100.0 * st.fraction_reaching[k], 100.0 * st.fraction_deepest[k], run.setup.site.top_um(kind, run.setup.sex));
  }
  for (const auto& w : run.warnings) out += "warning: " + w + "\n";
  return out;
}

}  // namespace skintwin::cli
