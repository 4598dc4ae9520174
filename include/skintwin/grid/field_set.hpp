#pragma once
// N named scalar fields on one grid, structure-of-arrays: each species is one contiguous,
// 64-byte-aligned array in grid order.
#include <cstddef>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <vector>

#include "skintwin/grid/grid.hpp"
#include "skintwin/grid/real.hpp"

namespace skintwin::grid {

template <class T, std::size_t Alignment = 64>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() noexcept = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U, Alignment>&) noexcept {}
  template <class U>
  struct rebind {
    using other = AlignedAllocator<U, Alignment>;
  };
  T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{Alignment}));
  }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, std::align_val_t{Alignment}); }
  template <class U>
  bool operator==(const AlignedAllocator<U, Alignment>&) const noexcept { return true; }
};

using AlignedVector = std::vector<Real, AlignedAllocator<Real>>;

class FieldSet {
public:
  FieldSet(const Grid& grid, std::vector<std::string> names, Real initial = Real{0});

  const Grid& grid() const noexcept { return grid_; }
  std::size_t count() const noexcept { return names_.size(); }
  const std::vector<std::string>& names() const noexcept { return names_; }
  // Throws std::out_of_range naming the species if absent.
  std::size_t index_of(const std::string& name) const;

  std::span<Real> field(std::size_t species) noexcept { return data_[species]; }
  std::span<const Real> field(std::size_t species) const noexcept { return data_[species]; }
  std::span<Real> field(const std::string& name) { return field(index_of(name)); }
  std::span<const Real> field(const std::string& name) const { return field(index_of(name)); }

  // Bytes held by the field storage (for reporting bytes per voxel-species).
  std::size_t bytes() const noexcept { return count() * grid_.voxels() * sizeof(Real); }

private:
  Grid grid_;
  std::vector<std::string> names_;
  std::vector<AlignedVector> data_;
};

}  // namespace skintwin::grid
