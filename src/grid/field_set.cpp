#include "skintwin/grid/field_set.hpp"

#include <algorithm>
#include <stdexcept>

namespace skintwin::grid {

FieldSet::FieldSet(const Grid& grid, std::vector<std::string> names, Real initial)
    : grid_(grid), names_(std::move(names)) {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (std::find(names_.begin(), names_.begin() + static_cast<std::ptrdiff_t>(i), names_[i]) !=
        names_.begin() + static_cast<std::ptrdiff_t>(i))
      throw std::invalid_argument("FieldSet: species '" + names_[i] + "' named twice");
  }
  data_.reserve(names_.size());
  for (std::size_t i = 0; i < names_.size(); ++i) data_.emplace_back(grid_.voxels(), initial);
}

std::size_t FieldSet::index_of(const std::string& name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end()) throw std::out_of_range("FieldSet: no species named '" + name + "'");
  return static_cast<std::size_t>(it - names_.begin());
}

}  // namespace skintwin::grid
