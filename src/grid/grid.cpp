#include "skintwin/grid/grid.hpp"

#include <cmath>
#include <string>

namespace skintwin::grid {
namespace {
void check_axis(const char* axis, int n, double h_um) {
  if (n < 1) throw std::invalid_argument(std::string("grid: n") + axis + " must be >= 1, got " + std::to_string(n));
  if (!(h_um > 0.0) || !std::isfinite(h_um))
    throw std::invalid_argument(std::string("grid: d") + axis + "_um must be a positive finite number");
}
}  // namespace

Grid::Grid(std::array<int, 3> n, std::array<double, 3> h_um, int dims) : n_(n), h_um_(h_um), dims_(dims) {
  check_axis("x", n_[0], h_um_[0]);
  check_axis("y", n_[1], h_um_[1]);
  check_axis("z", n_[2], h_um_[2]);
}

Grid Grid::make_2d(int nx, int nz, double dx_um, double dz_um) { return Grid({nx, 1, nz}, {dx_um, 1.0, dz_um}, 2); }

Grid Grid::make_3d(int nx, int ny, int nz, double dx_um, double dy_um, double dz_um) {
  return Grid({nx, ny, nz}, {dx_um, dy_um, dz_um}, 3);
}

std::size_t Grid::stride(Axis a) const noexcept {
  switch (a) {
    case Axis::X: return 1;
    case Axis::Y: return static_cast<std::size_t>(n_[0]);
    case Axis::Z: return static_cast<std::size_t>(n_[0]) * static_cast<std::size_t>(n_[1]);
  }
  return 1;
}

double Grid::voxel_volume_um3() const noexcept { return h_um_[0] * h_um_[1] * h_um_[2]; }

}  // namespace skintwin::grid
