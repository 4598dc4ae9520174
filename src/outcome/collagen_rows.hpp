#pragma once
// Collagen (I + III) of grid rows, shared by the observables and the lesion gauge (both read the
// dermis' volume from its collagen). Grid index = k * plane + column.
#include <cstddef>
#include <vector>

#include "skintwin/grid/field_set.hpp"
#include "skintwin/model/species.hpp"

namespace skintwin::outcome::detail {

inline double collagen_at(const grid::FieldSet& fields, std::size_t voxel) {
  return static_cast<double>(fields.field(model::index(model::Species::CollagenI))[voxel]) +
         static_cast<double>(fields.field(model::index(model::Species::CollagenIII))[voxel]);
}

// Mean collagen over the given columns of grid row k.
inline double row_collagen(const grid::FieldSet& fields, std::size_t plane, int k,
                           const std::vector<std::size_t>& columns) {
  double sum = 0.0;
  for (const std::size_t c : columns) sum += collagen_at(fields, static_cast<std::size_t>(k) * plane + c);
  return sum / static_cast<double>(columns.size());
}

// Mean collagen over every column of grid row k.
inline double row_collagen(const grid::FieldSet& fields, std::size_t plane, int k) {
  double sum = 0.0;
  for (std::size_t c = 0; c < plane; ++c) sum += collagen_at(fields, static_cast<std::size_t>(k) * plane + c);
  return sum / static_cast<double>(plane);
}

}  // namespace skintwin::outcome::detail
