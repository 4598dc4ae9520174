#include "skintwin/outcome/instruments.hpp"

#include <algorithm>

namespace skintwin::outcome {
namespace {

using model::Species;

double ratio_or_one(double value, double healthy) { return healthy > 0.0 ? value / healthy : 1.0; }

double effective_collagen(const std::array<double, model::kSpeciesCount>& means, double w3) {
  return means[model::index(Species::CollagenI)] + w3 * means[model::index(Species::CollagenIII)];
}

}  // namespace

InstrumentReadings instrument_readings(const LayerMeans& now, const LayerMeans& healthy,
                                       const std::array<std::size_t, tissue::kLayerCount>& layer_voxels,
                                       const InstrumentParameters& p) {
  double thickness = 0.0, compliance = 0.0, elastic = 0.0, echo = 0.0;
  for (const auto layer : {tissue::LayerKind::PapillaryDermis, tissue::LayerKind::ReticularDermis}) {
    const auto l = static_cast<std::size_t>(layer);
    const auto h = static_cast<double>(layer_voxels[l]);
    if (!(h > 0.0)) continue;
    const double c = ratio_or_one(effective_collagen(now[l], p.collagen_iii_weight),
                                  effective_collagen(healthy[l], p.collagen_iii_weight));
    const double e = ratio_or_one(now[l][model::index(Species::Elastin)], healthy[l][model::index(Species::Elastin)]);
    const double modulus = p.elastin_stiffness_share * e + (1.0 - p.elastin_stiffness_share) * c;
    const double give = h / std::max(modulus, 1e-6);  // a layer without matrix left gives way
    thickness += h;
    compliance += give;
    elastic += give * e;
    echo += h * c;
  }
  if (!(thickness > 0.0)) return {.r0_mm = p.r0_healthy_mm, .r2 = p.r2_healthy, .r7 = p.r7_healthy};
  const double recoil = elastic / compliance;
  return {.r0_mm = p.r0_healthy_mm * compliance / thickness,
          .r2 = std::min(1.0, p.r2_healthy * recoil),
          .r7 = std::min(1.0, p.r7_healthy * recoil),
          .echo_density_change = echo / thickness - 1.0};
}

}  // namespace skintwin::outcome
