#pragma once
// Hand-made layered skin and its healthy fields for the injury and observable tests, so that
// they need neither the site catalog nor the healing model. Baselines per layer from the model
// specification, table 1.2 (E, P, R, H).
#include <array>
#include <string>
#include <vector>

#include "skintwin/grid/field_set.hpp"
#include "skintwin/model/species.hpp"
#include "skintwin/tissue/layer_map.hpp"
#include "skintwin/tissue/site.hpp"

namespace skintwin::test {

inline tissue::Site layered_site(double epidermis_um, double papillary_um, double reticular_um, double fat_um) {
  tissue::Site site;
  site.name = "hand-made";
  site.display_name = "hand-made";
  site.region = "test";
  const std::array<double, tissue::kLayerCount> thickness{epidermis_um, papillary_um, reticular_um, fat_um};
  for (std::size_t i = 0; i < tissue::kLayerCount; ++i) {
    site.layers[i].female = {thickness[i], 0.0};
    site.layers[i].male = {thickness[i], 0.0};
  }
  return site;
}

// Cheek-like: epidermis 60, papillary 240, reticular 1200 µm, then fat.
inline tissue::Site cheek_like() { return layered_site(60.0, 240.0, 1200.0, 3000.0); }

inline std::vector<std::string> species_names() {
  return {model::kSpeciesNames.begin(), model::kSpeciesNames.end()};
}

// Healthy value of each species per layer (E, P, R, H).
inline double healthy_value(model::Species s, tissue::LayerKind layer) {
  using model::Species;
  const auto l = static_cast<std::size_t>(layer);
  switch (s) {
    case Species::GrowthFactor: return 0.02;
    case Species::InflammatoryCells: return std::array{0.2, 1.5, 1.0, 0.5}[l];
    case Species::Fibroblasts: return std::array{0.0, 1.5, 1.0, 0.3}[l];
    case Species::CollagenIII: return std::array{0.0, 0.12, 0.15, 0.015}[l];
    case Species::CollagenI: return std::array{0.0, 0.58, 0.85, 0.085}[l];
    case Species::CollagenCrossLinked: return std::array{0.0, 0.58, 0.85, 0.085}[l];  // healthy: all of collagen I
    case Species::Elastin: return std::array{0.0, 0.5, 1.0, 0.1}[l];
    case Species::Proteases: return 1.0;
    case Species::Oxygen: return std::array{45.0, 35.0, 30.0, 35.0}[l];
    case Species::Vegf: return 0.05;
    case Species::Vessels: return std::array{0.0, 1.0, 0.3, 0.4}[l];
    case Species::EpidermalCoverage: return layer == tissue::LayerKind::Epidermis ? 1.0 : 0.0;
    default: return 0.0;
  }
}

inline grid::FieldSet healthy_fields(const grid::Grid& grid, const tissue::LayerMap& layers) {
  grid::FieldSet fields(grid, species_names());
  for (std::size_t s = 0; s < model::kSpeciesCount; ++s) {
    auto f = fields.field(s);
    for (std::size_t v = 0; v < f.size(); ++v)
      f[v] = static_cast<grid::Real>(healthy_value(static_cast<model::Species>(s), layers.layer_of_voxel(v)));
  }
  return fields;
}

}  // namespace skintwin::test
