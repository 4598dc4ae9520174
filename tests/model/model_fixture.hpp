#pragma once
// Small layered skins for the model tests: a cheek-like site (epidermis 60 µm, papillary 240 µm,
// reticular 1200 µm, fat below) on coarse grids so the tests stay fast under ASan.
#include <array>

#include "skintwin/grid/grid.hpp"
#include "skintwin/model/healing_model.hpp"
#include "skintwin/tissue/layer_map.hpp"
#include "skintwin/tissue/site.hpp"

namespace skintwin::model::testing {

inline tissue::Site test_site() {
  tissue::Site site;
  site.name = "test_cheek";
  const std::array<double, tissue::kLayerCount> mean_um{60.0, 240.0, 1200.0, 3000.0};
  for (std::size_t i = 0; i < tissue::kLayerCount; ++i) {
    site.layers[i].female = {mean_um[i], 0.0};
    site.layers[i].male = {mean_um[i], 0.0};
  }
  return site;
}

inline HealingModel make_model(const grid::Grid& grid, HealingParameters parameters = default_healing_parameters()) {
  return HealingModel(grid, tissue::LayerMap(grid, test_site(), tissue::Sex::Female), parameters);
}

}  // namespace skintwin::model::testing
