#include "skintwin/tissue/layer_map.hpp"

namespace skintwin::tissue {

LayerMap::LayerMap(const grid::Grid& grid, const Site& site, Sex sex)
    : plane_(static_cast<std::size_t>(grid.nx()) * static_cast<std::size_t>(grid.ny())) {
  layer_by_z_.reserve(static_cast<std::size_t>(grid.nz()));
  for (int k = 0; k < grid.nz(); ++k) layer_by_z_.push_back(site.layer_at(grid.center_um(grid::Axis::Z, k), sex));
  for (std::size_t i = 0; i < kLayerCount; ++i) bottoms_um_[i] = site.bottom_um(static_cast<LayerKind>(i), sex);
}

LayerKind LayerMap::layer_of_voxel(std::size_t voxel) const { return layer_by_z_.at(voxel / plane_); }

}  // namespace skintwin::tissue
