#include "skintwin/tissue/site.hpp"

#include <cmath>

#include "skintwin/core/error.hpp"
#include "skintwin/core/text.hpp"

namespace skintwin::tissue {

const char* layer_name(LayerKind kind) {
  switch (kind) {
    case LayerKind::Epidermis: return "epidermis";
    case LayerKind::PapillaryDermis: return "papillary_dermis";
    case LayerKind::ReticularDermis: return "reticular_dermis";
    case LayerKind::Hypodermis: return "hypodermis";
  }
  return "?";
}

const char* sex_name(Sex sex) {
  switch (sex) {
    case Sex::Female: return "female";
    case Sex::Male: return "male";
    case Sex::Unspecified: return "unspecified";
  }
  return "?";
}

std::optional<Sex> sex_from_name(std::string_view name) {
  for (const Sex sex : {Sex::Female, Sex::Male, Sex::Unspecified})
    if (name == sex_name(sex)) return sex;
  return std::nullopt;
}

Thickness LayerThickness::of(Sex sex) const {
  switch (sex) {
    case Sex::Female: return female;
    case Sex::Male: return male;
    case Sex::Unspecified: break;
  }
  // Equal mixture of the two sexes: mean of means; variance = mean of variances + spread of means.
  const double mean = 0.5 * (female.mean_um + male.mean_um);
  const double half_gap = 0.5 * (female.mean_um - male.mean_um);
  const double variance = 0.5 * (female.sd_um * female.sd_um + male.sd_um * male.sd_um) + half_gap * half_gap;
  return {mean, std::sqrt(variance)};
}

double Site::top_um(LayerKind kind, Sex sex) const {
  double depth = 0.0;
  for (std::size_t i = 0; i < static_cast<std::size_t>(kind); ++i) depth += thickness_um(static_cast<LayerKind>(i), sex);
  return depth;
}

Thickness Site::dermis(Sex sex) const {
  const Thickness papillary = layer(LayerKind::PapillaryDermis).of(sex);
  const Thickness reticular = layer(LayerKind::ReticularDermis).of(sex);
  return {papillary.mean_um + reticular.mean_um, papillary.sd_um + reticular.sd_um};
}

LayerKind Site::layer_at(double depth_um, Sex sex) const {
  for (std::size_t i = 0; i + 1 < kLayerCount; ++i) {
    const auto kind = static_cast<LayerKind>(i);
    if (depth_um < bottom_um(kind, sex)) return kind;
  }
  return LayerKind::Hypodermis;
}

}  // namespace skintwin::tissue
