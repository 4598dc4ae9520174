#pragma once
// Which skin layer each grid voxel lies in, from a Site's layer thicknesses (z = depth below the
// surface, cell centres). Built once per run; the model reads layer-dependent baselines and
// coefficients through it, injury and outcome the layer of each voxel they cut or measure.
#include <array>
#include <cstdint>
#include <vector>

#include "skintwin/grid/grid.hpp"
#include "skintwin/tissue/site.hpp"

namespace skintwin::tissue {

class LayerMap {
public:
  LayerMap(const grid::Grid& grid, const Site& site, Sex sex);

  LayerKind layer_of_z(int k) const { return layer_by_z_.at(static_cast<std::size_t>(k)); }
  LayerKind layer_of_voxel(std::size_t voxel) const;
  // Depth (µm) of the bottom of each layer for this site and sex.
  double bottom_um(LayerKind kind) const { return bottoms_um_[static_cast<std::size_t>(kind)]; }
  int nz() const noexcept { return static_cast<int>(layer_by_z_.size()); }
  std::size_t plane_size() const noexcept { return plane_; }

private:
  std::vector<LayerKind> layer_by_z_;
  std::array<double, kLayerCount> bottoms_um_{};
  std::size_t plane_ = 1;
};

}  // namespace skintwin::tissue
