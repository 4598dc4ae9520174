#include "skintwin/grid/boundary.hpp"

#include <stdexcept>
#include <string>

namespace skintwin::grid {

Face opposite(Face face) noexcept {
  const auto f = static_cast<std::size_t>(face);
  return static_cast<Face>(f % 2 == 0 ? f + 1 : f - 1);
}

BoundarySet::BoundarySet(std::size_t species_count) : bcs_(species_count) {}

void BoundarySet::set(std::size_t species, Face face, BoundaryCondition bc) {
  bcs_.at(species)[static_cast<std::size_t>(face)] = bc;
}

void BoundarySet::set_all_species(Face face, BoundaryCondition bc) {
  for (auto& faces : bcs_) faces[static_cast<std::size_t>(face)] = bc;
}

void BoundarySet::set_periodic(Face either_face_of_axis) {
  const BoundaryCondition periodic{BoundaryKind::Periodic, 0.0};
  set_all_species(either_face_of_axis, periodic);
  set_all_species(opposite(either_face_of_axis), periodic);
}

void BoundarySet::validate() const {
  for (std::size_t s = 0; s < bcs_.size(); ++s) {
    for (std::size_t f = 0; f < kFaceCount; f += 2) {
      const bool lo = bcs_[s][f].kind == BoundaryKind::Periodic;
      const bool hi = bcs_[s][f + 1].kind == BoundaryKind::Periodic;
      if (lo != hi)
        throw std::invalid_argument("boundary: species " + std::to_string(s) +
                                    " is periodic on one face of an axis but not the opposite one");
    }
  }
}

}  // namespace skintwin::grid
