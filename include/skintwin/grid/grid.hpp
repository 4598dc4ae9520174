#pragma once
// A uniform, cell-centred grid. 2D grids are (x, z) with ny = 1; 3D grids are (x, y, z).
// z is depth below the skin surface. Storage order: x fastest, then y, then z:
//   index(i, j, k) = (k * ny + j) * nx + i.
// Cell (i, j, k) has its centre at ((i + 0.5) dx, (j + 0.5) dy, (k + 0.5) dz) in micrometres.
#include <array>
#include <cstddef>
#include <stdexcept>

namespace skintwin::grid {

enum class Axis { X = 0, Y = 1, Z = 2 };

class Grid {
public:
  // 2D (x, z) grid.
  static Grid make_2d(int nx, int nz, double dx_um, double dz_um);
  // 3D (x, y, z) grid.
  static Grid make_3d(int nx, int ny, int nz, double dx_um, double dy_um, double dz_um);

  int nx() const noexcept { return n_[0]; }
  int ny() const noexcept { return n_[1]; }
  int nz() const noexcept { return n_[2]; }
  int n(Axis a) const noexcept { return n_[static_cast<std::size_t>(a)]; }
  double spacing_um(Axis a) const noexcept { return h_um_[static_cast<std::size_t>(a)]; }
  int dimensions() const noexcept { return dims_; }
  bool is_2d() const noexcept { return dims_ == 2; }
  std::size_t voxels() const noexcept {
    return static_cast<std::size_t>(n_[0]) * static_cast<std::size_t>(n_[1]) * static_cast<std::size_t>(n_[2]);
  }
  std::size_t index(int i, int j, int k) const noexcept {
    return (static_cast<std::size_t>(k) * static_cast<std::size_t>(n_[1]) + static_cast<std::size_t>(j)) *
               static_cast<std::size_t>(n_[0]) +
           static_cast<std::size_t>(i);
  }
  // Distance between consecutive cells along an axis, in array elements.
  std::size_t stride(Axis a) const noexcept;
  double center_um(Axis a, int cell) const noexcept { return (cell + 0.5) * spacing_um(a); }
  double extent_um(Axis a) const noexcept { return n(a) * spacing_um(a); }
  double voxel_volume_um3() const noexcept;  // 2D: area x 1 um

private:
  Grid(std::array<int, 3> n, std::array<double, 3> h_um, int dims);
  std::array<int, 3> n_;
  std::array<double, 3> h_um_;
  int dims_;
};

}  // namespace skintwin::grid
